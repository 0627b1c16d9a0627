import Foundation
import Logging

/// Closes what dead processes left behind, across both runtimes: task executions whose
/// process died (``TaskRepository/recoverDeadExecutions(name:livenessTimeout:)``) and the job
/// executions they ran that are still STARTED, which become FAILED with an end time so they
/// can be restarted; and job executions whose own owner died outside any task. Live
/// executions, and running ones without liveness information (recorded by Spring apps), are
/// never touched; they are reported as left alone.
///
/// `dataflow task recover` and the server call this same function.
///
/// ```swift
/// let outcome = try await DeadExecutionRecovery(pool: pool).recover(taskName: "nightly")
/// for task in outcome.tasks { print(task.recovered.execution.executionId, task.jobs) }
/// ```
public struct DeadExecutionRecovery: Sendable {
    /// What happened to one job execution a dead task ran.
    public enum JobOutcome: Sendable, Hashable {
        /// It was running and is now FAILED.
        case recovered(JobExecution)
        /// Its own process is alive (it outlived the task that started it); left alone.
        case stillRunning(jobExecutionId: Int64)
    }

    /// One closed task execution and its jobs.
    public struct TaskOutcome: Sendable, Hashable {
        /// The task execution as closed, with the process that had owned it.
        public var recovered: RecoveredTask
        /// Its job executions that were still running, and what became of them.
        public var jobs: [JobOutcome]
    }

    /// What a recovery did.
    public struct Outcome: Sendable, Hashable {
        /// The task executions closed.
        public var tasks: [TaskOutcome]
        /// Job executions outside any closed task whose owner was dead, now FAILED.
        public var jobs: [JobExecution]
        /// Running task executions without liveness information, left alone.
        public var leftAlone: [TaskExecution]
    }

    /// The metadata database.
    public let pool: ConnectionPool
    /// Heartbeat silence after which an owner on another host counts as dead.
    public var livenessTimeout: Duration
    private let logger: Logger

    /// Creates a recovery.
    public init(pool: ConnectionPool, livenessTimeout: Duration = .seconds(30), logger: Logger = Logger(label: "swift-batch.recovery")) {
        self.pool = pool
        self.livenessTimeout = livenessTimeout
        self.logger = logger
    }

    /// Recovers dead task executions (of one task name, or all) with their jobs, then dead job
    /// executions outside tasks.
    public func recover(taskName: String? = nil) async throws -> Outcome {
        let tasks = TaskRepository(pool: pool, logger: logger)
        let jobs = JobRepository(pool: pool, logger: logger)
        let explorer = JobExplorer(pool: pool)
        var outcome = Outcome(tasks: [], jobs: [], leftAlone: [])
        for recovered in try await tasks.recoverDeadExecutions(name: taskName, livenessTimeout: livenessTimeout) {
            var jobOutcomes: [JobOutcome] = []
            let running = try await explorer.jobExecutions(ofTaskExecution: recovered.execution.executionId).filter(\.isRunning)
            for job in running {
                do {
                    jobOutcomes.append(.recovered(try await jobs.recover(jobExecutionId: job.id, livenessTimeout: livenessTimeout)))
                } catch let error as BatchError where error.code == .notRunning {
                    continue
                } catch let error as BatchError where error.code == .stillRunning {
                    jobOutcomes.append(.stillRunning(jobExecutionId: job.id))
                }
            }
            outcome.tasks.append(TaskOutcome(recovered: recovered, jobs: jobOutcomes))
        }
        if taskName == nil {
            for (job, owner) in try await explorer.runningExecutions(jobName: nil) {
                guard let owner, owner.isDead(timeout: livenessTimeout) else { continue }
                do {
                    outcome.jobs.append(try await jobs.recover(jobExecutionId: job.id, livenessTimeout: livenessTimeout))
                } catch let error as BatchError where error.code == .notRunning || error.code == .stillRunning {
                    continue
                }
            }
        }
        outcome.leftAlone = try await TaskExplorer(pool: pool).runningExecutions(name: taskName)
            .filter { $0.owner == nil }.map(\.execution)
        return outcome
    }
}
