import CoreMetrics
import DatabaseTestSupport
import MetricsTestKit
import Testing

@testable import BatchRuntime

/// One test backend for the whole process (swift-metrics bootstraps once).
let testMetrics: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

@Suite("Metrics")
struct MetricsTests {
    @Test("Spring's metric names and tags reach whatever swift-metrics backend is bootstrapped")
    func springNames() async throws {
        let metrics = testMetrics
        try await withRepository(.sqlite) { repository in
            let job = Job("metered") {
                ChunkStep(
                    "count", commitInterval: 3, reader: { _ in InMemoryReader(Array(1...7)) }, process: { $0 * 2 },
                    writer: { _ in NoOpWriter<Int>() })
            }
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
            #expect(execution.status == .completed)
        }
        let job = try metrics.expectTimer("spring.batch.job", [("spring.batch.job.name", "metered"), ("spring.batch.job.status", "COMPLETED")])
        #expect(job.values.count == 1)
        let step = try metrics.expectTimer(
            "spring.batch.step",
            [("spring.batch.step.name", "count"), ("spring.batch.step.job.name", "metered"), ("spring.batch.step.status", "COMPLETED")])
        #expect(step.values.count == 1)
        let reads = try metrics.expectTimer(
            "spring.batch.item.read",
            [("spring.batch.item.read.job.name", "metered"), ("spring.batch.item.read.step.name", "count"), ("spring.batch.item.read.status", "SUCCESS")])
        #expect(reads.values.count == 8, "seven items and the read that ends the input")
        let processed = try metrics.expectTimer(
            "spring.batch.item.process",
            [("spring.batch.item.process.job.name", "metered"), ("spring.batch.item.process.step.name", "count"), ("spring.batch.item.process.status", "SUCCESS")])
        #expect(processed.values.count == 7)
        let writes = try metrics.expectTimer(
            "spring.batch.chunk.write",
            [("spring.batch.chunk.write.job.name", "metered"), ("spring.batch.chunk.write.step.name", "count"), ("spring.batch.chunk.write.status", "SUCCESS")])
        #expect(writes.values.count == 3)
        let active = try metrics.expectMeter("spring.batch.job.active", [("spring.batch.job.active.name", "metered")])
        #expect(active.lastValue == 0, "the long-task gauge is back to zero once the job ended")
    }
}
