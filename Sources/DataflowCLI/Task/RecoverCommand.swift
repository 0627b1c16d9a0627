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
        let timeout = Duration.seconds(livenessTimeout)
        try await database.withPool(createIfMissing: false) { pool in
            let repository = TaskRepository(pool: pool)
            let recovered = try await repository.recoverDeadExecutions(name: name, livenessTimeout: timeout)
            let jobRepository = JobRepository(pool: pool)
            let explorer = TaskExplorer(pool: pool)
            for task in recovered {
                let execution = task.execution
                print(
                    "closed task execution \(execution.executionId) (\(execution.taskName ?? "-")): process \(task.owner.pid) on \(task.owner.host) died without recording its end"
                )
                for jobId in try await explorer.jobExecutionIds(ofTaskExecution: execution.executionId) {
                    do {
                        let job = try await jobRepository.recover(jobExecutionId: jobId, livenessTimeout: timeout)
                        print("  job execution \(jobId) (\(job.jobName)) marked FAILED; restart it with '<app> restart \(jobId)'")
                    } catch let error as BatchError where error.code == .notRunning {
                        continue
                    } catch let error as BatchError where error.code == .stillRunning {
                        print("  job execution \(jobId) is still running elsewhere; left alone")
                    }
                }
            }
            let unknown = try await explorer.runningExecutions(name: name).filter { $0.owner == nil }
            for (execution, _) in unknown {
                print(
                    "left alone: task execution \(execution.executionId) (\(execution.taskName ?? "-")) is RUNNING without liveness information (not started by swift-batch)"
                )
            }
            if recovered.isEmpty { print("no dead task executions") }
        }
    }
}
