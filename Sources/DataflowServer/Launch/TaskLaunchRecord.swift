import Foundation

/// A launch as the server keeps it (a row of `SB_TASK_LAUNCH`): queued, running or ended, with
/// its process and working directory, so a restarted server knows every launch it made.
public struct TaskLaunchRecord: Sendable, Hashable {
    /// Where a launch is in its life.
    public enum State: String, Sendable, Hashable {
        /// Waiting for a free slot on its platform.
        case queued = "QUEUED"
        /// Being started: its working directory is chosen, its process may not exist yet. A
        /// restarted server finds out from the directory whether it started.
        case launching = "LAUNCHING"
        /// Started (its process may have ended; the monitor records the end).
        case running = "RUNNING"
        /// Its end is recorded.
        case ended = "ENDED"
    }

    /// The task execution.
    public var executionId: Int64
    /// The definition's name.
    public var taskName: String
    /// The platform account.
    public var platformName: String
    /// The platform's launch id (`EXTERNAL_EXECUTION_ID`), once started.
    public var launchId: String?
    /// The state.
    public var state: State
    /// Higher runs first among queued launches.
    public var priority: Int
    /// When the launch was asked for.
    public var queuedAt: Date
    /// When its process started.
    public var launchedAt: Date?
    /// When its end was recorded.
    public var endedAt: Date?
    /// The host its process runs on.
    public var host: String?
    /// The supervisor's process id.
    public var pid: Int64?
    /// The supervisor's start time (`/proc/<pid>/stat`), to tell a reused pid.
    public var processStart: String?
    /// The launch's working directory (logs, exit status).
    public var workDirectory: String?
    /// No start recorded by then: the launch is stopped and failed.
    public var startDeadline: Date?
    /// Still running by then: the launch is stopped.
    public var runDeadline: Date?
    /// When a stop was asked for.
    public var stopRequested: Date?
    /// The process's exit code, once ended.
    public var exitCode: Int32?
    /// What to start.
    public var request: LaunchRequest

    /// Whether it holds a slot of its platform's concurrency limit: every launch but a composed
    /// task's runner, which only waits for its children (each holding a slot of its own).
    public var holdsSlot: Bool { request.serverAccess == nil }
}

/// What a platform starts: the executable, its arguments and environment, and the deployer's
/// settings. Persisted with a queued launch (without the datasource password, which the server
/// adds from its own settings when it starts the process).
public struct LaunchRequest: Sendable, Hashable, Codable {
    /// The executable's path (local platform) or image (`docker:`).
    public var resource: String
    /// The arguments, rendered by the launch contract.
    public var arguments: [String]
    /// Environment variables the launch sets (deployer's `environment-variables`), besides the contract's.
    public var environment: [String: String]
    /// The deployer properties for this launch, without the `deployer.<app>.` prefix.
    public var deployerProperties: [String: String]
    /// Set for a process that calls the server back (the composed-task runner): with security
    /// on, it is started with a token of its own (``LaunchToken``).
    public var serverAccess: ServerAccess?

    /// Creates a request.
    public init(
        resource: String, arguments: [String], environment: [String: String], deployerProperties: [String: String], serverAccess: ServerAccess? = nil
    ) {
        self.resource = resource
        self.arguments = arguments
        self.environment = environment
        self.deployerProperties = deployerProperties
        self.serverAccess = serverAccess
    }
}
