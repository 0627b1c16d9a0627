import Foundation

/// Where tasks run: the local machine now, Kubernetes later. The server's launch service and
/// monitor talk to platforms only through this protocol; a platform keeps no state the server
/// needs after a restart that is not in the launch record.
public protocol TaskPlatform: Sendable {
    /// The account name (`default`): the platform name users pass as `platformName`.
    var name: String { get }
    /// The platform's type (`Local`, `Kubernetes`).
    var type: String { get }

    /// Chooses the launch id and working directory of a launch, before anything starts, so that
    /// a server stopped in the middle of a launch finds out afterwards whether it started.
    func plan(taskName: String) -> PlatformLaunch

    /// Starts `request` as planned.
    /// - Parameter environment: The contract's variables (the datasource), added to the request's own.
    /// - Returns: The plan with the process filled in.
    /// - Throws: ``ServerError`` `platformRefused` when this platform cannot run it (a `docker:` app on the local platform, a deleted file).
    func launch(_ request: LaunchRequest, as plan: PlatformLaunch, environment: [String: String]) async throws -> PlatformLaunch

    /// How a started launch stands now (cheap: no database).
    func status(of launch: TaskLaunchRecord) -> PlatformStatus

    /// Asks the launch's process to stop (SIGTERM on the local platform), or ends it now with `force`.
    func stop(_ launch: TaskLaunchRecord, force: Bool)

    /// The launch's output so far.
    func log(of launch: TaskLaunchRecord) throws -> String

    /// Removes what the launch left on the platform (its working directory and logs).
    func cleanup(_ launch: TaskLaunchRecord) throws
}

/// A started launch.
public struct PlatformLaunch: Sendable, Hashable {
    /// The platform's launch id (`EXTERNAL_EXECUTION_ID`).
    public var launchId: String
    /// The host it runs on.
    public var host: String
    /// Its process id (the supervisor's, on the local platform).
    public var pid: Int64?
    /// Its process's start time, to tell a reused pid.
    public var processStart: String?
    /// Its working directory.
    public var workDirectory: String?
}

/// How a launch stands on its platform.
public enum PlatformStatus: Sendable, Hashable {
    /// Its process runs.
    case running
    /// Its process ended with this exit code (nil when unknown) and, for a process that never started, why.
    case ended(exitCode: Int32?, error: String?)
}
