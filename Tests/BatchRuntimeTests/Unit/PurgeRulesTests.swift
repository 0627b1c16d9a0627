import Testing

@testable import BatchRuntime

/// The rules of a purge on their own: when an instance awaits a restart, what each execution's
/// verdict is, and how an age is written.
@Suite("Purge rules")
struct PurgeRulesTests {
    static func history(_ statuses: BatchStatus...) -> InstanceHistory {
        InstanceHistory(executions: statuses.enumerated().map { .init(id: Int64($0.offset + 1), status: $0.element, oldEnough: true) })
    }

    @Test("an instance awaits a restart when none of its executions is COMPLETED or ABANDONED and the latest FAILED or STOPPED")
    func awaitsRestart() {
        #expect(Self.history(.failed).awaitsRestart)
        #expect(Self.history(.stopped).awaitsRestart)
        #expect(Self.history(.failed, .stopped).awaitsRestart)
        #expect(!Self.history(.failed, .completed).awaitsRestart)
        #expect(!Self.history(.completed, .failed).awaitsRestart, "an instance without identifying parameters that completed before")
        #expect(!Self.history(.failed, .abandoned).awaitsRestart)
        #expect(!Self.history(.unknown).awaitsRestart)
        #expect(!Self.history(.failed, .unknown).awaitsRestart)
        #expect(!Self.history().awaitsRestart)
    }

    @Test("verdicts: running, too young and among the newest are not selected; a running instance or a restart keeps the rest")
    func verdicts() {
        var rules = JobPurgeRules(includeRestartable: false, lowestKeptIds: ["job": 10])
        func verdict(_ id: Int64, _ status: BatchStatus, old: Bool = true, job: String = "job", _ instance: Int64, _ history: InstanceHistory)
            -> PurgeVerdict
        {
            rules.verdict(.init(id: id, status: status, oldEnough: old), jobName: job, instanceId: instance, instance: history)
        }
        let done = Self.history(.completed)
        #expect(verdict(1, .completed, 1, done) == .purge)
        #expect(verdict(1, .completed, old: false, 1, done) == .notSelected)
        #expect(verdict(10, .completed, 1, done) == .notSelected, "among the newest to keep")
        #expect(verdict(1, .completed, job: "new", 1, done) == .notSelected, "a job not seen when the newest were read")
        for running in [BatchStatus.starting, .started, .stopping] {
            #expect(verdict(1, running, 2, Self.history(running)) == .notSelected)
        }
        let rerun = Self.history(.failed, .started)
        #expect(verdict(1, .failed, 3, rerun) == .keptWithRunning)
        let failed = Self.history(.failed)
        #expect(verdict(1, .failed, 4, failed) == .keptForRestart)
        var including = JobPurgeRules(includeRestartable: true)
        let included = including.verdict(.init(id: 1, status: .failed, oldEnough: true), jobName: "job", instanceId: 4, instance: failed)
        #expect(included == .purge)
        let withRun = including.jobMayGo(status: .failed, instanceId: 3, instance: rerun)
        #expect(withRun == .keptWithRunning)
    }

    @Test("an instance with several executions is judged once: what a purge deleted does not change its verdict")
    func judgedOnce() {
        var rules = JobPurgeRules(includeRestartable: false)
        let first = rules.awaitsRestart(7, Self.history(.completed, .failed))
        // Its COMPLETED execution went in an earlier batch; the FAILED one still goes with it.
        let later = rules.awaitsRestart(7, InstanceHistory(executions: [.init(id: 2, status: .failed, oldEnough: true)]))
        #expect(!first && !later)
    }

    @Test("ages are written with a unit, in Spring's notation or ISO-8601")
    func ages() throws {
        #expect(try PurgeAge.parse("30d") == .seconds(30 * 86_400))
        #expect(try PurgeAge.parse("12h") == .seconds(12 * 3600))
        #expect(try PurgeAge.parse("PT1H") == .seconds(3600))
        #expect(try PurgeAge.parse("P2D") == .seconds(2 * 86_400))
        #expect(try PurgeAge.parse("0s") == .zero)
        #expect(try PurgeAge.parse("500ms") == .milliseconds(500))
        for bad in ["30", "thirty days", "-1d", "", "1000000d", "999999999999999d"] {
            let error = #expect(throws: BatchError.self) { try PurgeAge.parse(bad) }
            #expect(error?.code == .invalidPolicy)
        }
        let error = #expect(throws: BatchError.self) { try PurgeAge.parse("30") }
        #expect(error?.message.contains("write 30d for days") == true)
    }
}
