/// Starts the worker of one partition somewhere else (another process, a pod) and reports
/// when it has ended: the seam between a remote ``PartitionStep`` and a platform.
///
/// The manager creates the partition's step execution (`STARTING`) before it calls the
/// launcher; the worker takes that execution from the shared job repository by its id (the
/// application's `worker` command, which every ``BatchApplication`` has) and runs it. The
/// launcher only has to start the worker with ``PartitionWorkerRequest/arguments`` and
/// ``PartitionWorkerRequest/environment`` and wait for it: ``ProcessPartitionLauncher`` does it
/// with local processes; a server's platform (Kubernetes, say) can do it with its own.
///
/// Cancellation of the calling task means the manager gives up on the worker: end it.
public protocol PartitionLauncher: Sendable {
    /// Starts the worker, waits for it to end and says how it ended.
    /// - Throws: When the worker could not be started; the partition then fails with the error.
    func runWorker(_ request: PartitionWorkerRequest) async throws -> PartitionWorkerExit
}

/// What a worker of one partition needs to find its step execution.
public struct PartitionWorkerRequest: Sendable, Hashable {
    /// The job.
    public var jobName: String
    /// The job execution the partition belongs to.
    public var jobExecutionId: Int64
    /// The partition's step execution, created `STARTING` by the manager.
    public var stepExecutionId: Int64
    /// The partition's step name (`loadRange:partition0`).
    public var stepName: String
    /// The worker command's arguments, after the program: `worker` and Spring Cloud Task's
    /// `--spring.cloud.task.job-execution-id`, `--spring.cloud.task.step-execution-id` and
    /// `--spring.cloud.task.step-name` (the names Spring's `DeployerPartitionHandler` passes).
    public var arguments: [String]
    /// Environment the worker needs on top of the platform's: the database
    /// (`SPRING_DATASOURCE_URL`, `SPRING_DATASOURCE_PASSWORD`). Holds a secret: never log it.
    public var environment: [String: String]

    /// Creates a request.
    public init(
        jobName: String, jobExecutionId: Int64, stepExecutionId: Int64, stepName: String, arguments: [String],
        environment: [String: String]
    ) {
        self.jobName = jobName
        self.jobExecutionId = jobExecutionId
        self.stepExecutionId = stepExecutionId
        self.stepName = stepName
        self.arguments = arguments
        self.environment = environment
    }
}

/// How a worker ended, as the platform saw it.
public enum PartitionWorkerExit: Sendable, Hashable, CustomStringConvertible {
    /// The worker exited with a code.
    case exited(Int32)
    /// A signal killed the worker.
    case killed(signal: Int32)
    /// The platform's own words (a pod evicted, a node lost).
    case lost(String)

    /// Whether the worker ended by itself with exit code 0.
    public var isSuccess: Bool { self == .exited(0) }

    /// "exited with code 1", "was killed by signal 9 (SIGKILL)", "was lost (the platform's words)".
    public var description: String {
        switch self {
        case .exited(let code): return "exited with code \(code)"
        case .killed(let signal): return "was killed by signal \(signal)\(Self.signalNames[signal].map { " (\($0))" } ?? "")"
        case .lost(let reason): return "was lost (\(reason))"
        }
    }

    static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM",
    ]
}
