import Foundation

/// What a job execution is now and what an operator may do with it, judged from its status,
/// the liveness of the process that runs it and the other executions of its instance: one
/// judgement that the server's resources, its stop, abandon and restart, and the command lines
/// all read.
///
/// Spring Batch and Data Flow judge by the status alone, so an execution whose process was
/// killed stays "running" and stoppable forever and cannot be restarted without hand-written
/// SQL. Here such an execution is ``isDead``: not stoppable, restartable (the restart records it
/// FAILED first, saying why) and abandonable.
public struct JobExecutionState: Sendable, Hashable {
    /// The status says running (`STARTING`, `STARTED`, `STOPPING`) but the process that ran it
    /// is gone: ``deathReason`` says how that is known.
    public var isDead: Bool
    /// Why the execution is known to be dead, in words for an operator; nil when it is not dead.
    public var deathReason: String?
    /// A stop can be requested: it is running and its process is alive (or cannot be judged,
    /// as for an execution of a Spring app whose task has not ended).
    public var stoppable: Bool
    /// A restart can run it again: it is FAILED, STOPPED or dead, and no execution of its
    /// instance is COMPLETED, ABANDONED or running alive (what Spring's repository refuses).
    public var restartable: Bool
    /// It can be marked ABANDONED: it ended STOPPED, FAILED or UNKNOWN, or is dead.
    public var abandonable: Bool
    /// Why ``restartable`` is false, in words for an operator (with Data Flow's wording where
    /// it has one); nil when restartable.
    public var notRestartableReason: String?

    /// Creates a state.
    public init(
        isDead: Bool, deathReason: String? = nil, stoppable: Bool, restartable: Bool, abandonable: Bool,
        notRestartableReason: String? = nil
    ) {
        self.isDead = isDead
        self.deathReason = deathReason
        self.stoppable = stoppable
        self.restartable = restartable
        self.abandonable = abandonable
        self.notRestartableReason = notRestartableReason
    }

    /// What is known about the process behind a running execution.
    public enum Liveness: Sendable, Hashable {
        /// Its process is alive (or it is not running).
        case alive
        /// Its process is gone, and this says how that is known.
        case dead(String)
        /// Nothing tells (no owner row, and no ended task execution).
        case unknown
    }

    /// Another execution of the same instance, as far as it matters for a restart.
    public struct Sibling: Sendable, Hashable {
        /// Its id.
        public var id: Int64
        /// Its status.
        public var status: BatchStatus
        /// Whether its process is known to be dead (when its status says running).
        public var isDead: Bool

        /// Creates a sibling.
        public init(id: Int64, status: BatchStatus, isDead: Bool) {
            self.id = id
            self.status = status
            self.isDead = isDead
        }
    }

    /// Judges one execution.
    /// - Parameters:
    ///   - execution: The execution.
    ///   - liveness: What is known of its process (only read when its status says running).
    ///   - siblings: The other executions of its instance (the execution itself is ignored if present).
    public static func of(_ execution: JobExecution, liveness: Liveness, siblings: [Sibling]) -> JobExecutionState {
        let status = execution.status
        var deathReason: String?
        if status.isRunning, case .dead(let reason) = liveness { deathReason = reason }
        let dead = deathReason != nil
        let others = siblings.filter { $0.id != execution.id }
        var reason: String?
        if status == .completed {
            reason = "job execution \(execution.id) is COMPLETED; a completed job instance cannot be restarted (launch it with new parameters)"
        } else if status == .abandoned {
            reason = "job execution \(execution.id) is ABANDONED; an abandoned execution cannot be restarted"
        } else if status == .unknown {
            reason = "job execution \(execution.id) is UNKNOWN; Spring Batch does not restart an execution whose outcome is unknown (abandon it)"
        } else if status.isRunning && !dead {
            reason = "Job Execution for \(execution.jobName) is already running: \(execution.id) (stop it first)"
        } else if let done = others.first(where: { $0.status == .completed || $0.status == .abandoned }) {
            reason = "job instance \(execution.instance.id) of \(execution.jobName) already has a \(done.status.rawValue) execution (\(done.id)); it cannot be restarted"
        } else if let running = others.first(where: { $0.status.isRunning && !$0.isDead }) {
            reason = "Job Execution for \(execution.jobName) is already running: \(running.id) (another execution of instance \(execution.instance.id))"
        }
        return JobExecutionState(
            isDead: dead, deathReason: deathReason,
            stoppable: status.isRunning && !dead,
            restartable: reason == nil,
            abandonable: dead || status == .stopped || status == .failed || status == .unknown,
            notRestartableReason: reason)
    }
}
