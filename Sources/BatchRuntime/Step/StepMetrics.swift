import CoreMetrics

/// Spring Batch's item and chunk timers for one step execution, created once per step so the
/// per-item cost is a clock read and a record. With no metrics backend bootstrapped, nothing is
/// timed at all.
struct StepMetrics {
    private let enabled: Bool
    private let readSuccess, readFailure, processSuccess, processFailure, writeSuccess, writeFailure: CoreMetrics.Timer?

    init(jobName: String, stepName: String) {
        enabled = !(MetricsSystem.factory is NOOPMetricsHandler)
        func timer(_ name: String, _ status: String) -> CoreMetrics.Timer? {
            guard !(MetricsSystem.factory is NOOPMetricsHandler) else { return nil }
            return CoreMetrics.Timer(
                label: name,
                dimensions: [("\(name).job.name", jobName), ("\(name).step.name", stepName), ("\(name).status", status)])
        }
        readSuccess = timer("spring.batch.item.read", "SUCCESS")
        readFailure = timer("spring.batch.item.read", "FAILURE")
        processSuccess = timer("spring.batch.item.process", "SUCCESS")
        processFailure = timer("spring.batch.item.process", "FAILURE")
        writeSuccess = timer("spring.batch.chunk.write", "SUCCESS")
        writeFailure = timer("spring.batch.chunk.write", "FAILURE")
    }

    @inline(__always)
    func start() -> ContinuousClock.Instant? { enabled ? ContinuousClock.now : nil }

    @inline(__always)
    func recordRead(since start: ContinuousClock.Instant?, success: Bool) {
        record(success ? readSuccess : readFailure, start)
    }

    @inline(__always)
    func recordProcess(since start: ContinuousClock.Instant?, success: Bool) {
        record(success ? processSuccess : processFailure, start)
    }

    func recordWrite(since start: ContinuousClock.Instant?, success: Bool) {
        record(success ? writeSuccess : writeFailure, start)
    }

    @inline(__always)
    private func record(_ timer: CoreMetrics.Timer?, _ start: ContinuousClock.Instant?) {
        guard let timer, let start else { return }
        timer.recordNanoseconds(start.duration(to: .now).nanoseconds)
    }
}
