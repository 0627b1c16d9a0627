import BatchRuntime
import Foundation
import Testing

/// The one judgement of what an execution is and what may be done with it.
@Suite("job execution state")
struct JobExecutionStateTests {
    static func execution(_ id: Int64, _ status: BatchStatus) -> JobExecution {
        JobExecution(
            id: id, instance: JobInstance(id: 7, jobName: "csv-import", jobKey: "k"), parameters: JobParameters(),
            status: status, createTime: Date())
    }

    @Test("ended executions: only FAILED and STOPPED restart, FAILED, STOPPED and UNKNOWN abandon, none stops",
          arguments: BatchStatus.allCases.filter { !$0.isRunning })
    func ended(status: BatchStatus) {
        let state = JobExecutionState.of(Self.execution(1, status), liveness: .alive, siblings: [])
        #expect(!state.isDead)
        #expect(!state.stoppable)
        #expect(state.restartable == (status == .failed || status == .stopped))
        #expect((state.notRestartableReason == nil) == state.restartable)
        #expect(state.abandonable == (status == .failed || status == .stopped || status == .unknown))
    }

    @Test("a running execution whose process is alive or unknown stops and nothing else",
          arguments: [JobExecutionState.Liveness.alive, .unknown])
    func running(liveness: JobExecutionState.Liveness) {
        let state = JobExecutionState.of(Self.execution(1, .started), liveness: liveness, siblings: [])
        #expect(state.stoppable && !state.restartable && !state.abandonable && !state.isDead)
        #expect(state.notRestartableReason == "Job Execution for csv-import is already running: 1 (stop it first)")
    }

    @Test("a dead execution restarts and abandons, never stops, and says why it is dead")
    func dead() {
        let state = JobExecutionState.of(Self.execution(1, .started), liveness: .dead("process 9 is gone"), siblings: [])
        #expect(state.isDead && state.restartable && state.abandonable && !state.stoppable)
        #expect(state.deathReason == "process 9 is gone")
    }

    @Test("liveness is not read for an execution that ended")
    func endedIgnoresLiveness() {
        let state = JobExecutionState.of(Self.execution(1, .failed), liveness: .dead("gone"), siblings: [])
        #expect(!state.isDead && state.deathReason == nil && state.restartable)
    }

    @Test("siblings: a completed, abandoned or live running execution of the instance blocks a restart; a dead one does not")
    func siblings() {
        let failed = Self.execution(1, .failed)
        for status in [BatchStatus.completed, .abandoned] {
            let state = JobExecutionState.of(failed, liveness: .alive, siblings: [.init(id: 2, status: status, isDead: false)])
            #expect(!state.restartable)
            #expect(state.notRestartableReason?.contains("already has a \(status.rawValue) execution (2)") == true)
        }
        let live = JobExecutionState.of(failed, liveness: .alive, siblings: [.init(id: 3, status: .started, isDead: false)])
        #expect(!live.restartable && live.notRestartableReason?.contains("already running: 3") == true)
        let dead = JobExecutionState.of(failed, liveness: .alive, siblings: [.init(id: 3, status: .started, isDead: true)])
        #expect(dead.restartable)
        let itself = JobExecutionState.of(failed, liveness: .alive, siblings: [.init(id: 1, status: .completed, isDead: false)])
        #expect(itself.restartable)
    }
}
