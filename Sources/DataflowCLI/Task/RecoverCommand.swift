import ArgumentParser
import BatchRuntime
import Foundation
import TaskRuntime

/// `dataflow task recover`: closes task executions whose process died.
struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Close task executions whose process died (kill -9, a crash, a lost host), and their dead job executions.",
        discussion: """
            A task is dead when its process is gone from this host, or when it sent no heartbeat for \
            --liveness-timeout. Live tasks are never touched; executions without liveness information \
            (recorded by Spring applications) are listed and left alone. Job executions the dead tasks ran \
            that are still STARTED are marked FAILED so they can be restarted.
            """
    )

    @Option(name: .long, help: "Only executions of this task name.")
    var name: String?

    @Option(name: .customLong("liveness-timeout"), help: "Heartbeat silence after which another host's task counts as dead (seconds).")
    var livenessTimeout: Int = 30

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let outcome = try await database.withPool(createIfMissing: false) { pool in
            try await DeadExecutionRecovery(pool: pool, livenessTimeout: .seconds(livenessTimeout)).recover(taskName: name)
        }
        for task in outcome.tasks {
            let execution = task.recovered.execution
            let owner = task.recovered.owner
            print(
                "closed task execution \(execution.executionId) (\(execution.taskName ?? "-")): process \(owner.pid) on \(owner.host) died without recording its end"
            )
            for job in task.jobs {
                switch job {
                case .recovered(let job):
                    print("  job execution \(job.id) (\(job.jobName)) marked FAILED; restart it with '<app> restart \(job.id)'")
                case .stillRunning(let id):
                    print("  job execution \(id) is still running elsewhere; left alone")
                }
            }
        }
        for job in outcome.jobs {
            print("job execution \(job.id) (\(job.jobName)) was left running by a dead process; marked FAILED: restart it with '<app> restart \(job.id)'")
        }
        for execution in outcome.leftAlone {
            print(
                "left alone: task execution \(execution.executionId) (\(execution.taskName ?? "-")) is RUNNING without liveness information (not started by swift-batch)"
            )
        }
        if outcome.tasks.isEmpty && outcome.jobs.isEmpty { print("no dead task executions") }
    }
}
