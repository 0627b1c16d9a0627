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

    /// The launch's output written after `position` (complete lines only), and where it now ends:
    /// what the dashboard streams while a task runs.
    func logTail(of launch: TaskLaunchRecord, after position: LogPosition) throws -> (text: String, position: LogPosition)

    /// The end of the launch's log: its last complete lines, at most `limit` bytes of them, where
    /// they end (the position ``logTail(of:after:)`` continues from) and whether earlier output
    /// was left out: what the dashboard shows before it streams what follows.
    func logTail(of launch: TaskLaunchRecord, last limit: Int) throws -> (text: String, position: LogPosition, truncated: Bool)
}

extension TaskPlatform {
    /// Reads the whole log and returns what lies past the position's first offset (for a
    /// platform that cannot seek in its logs).
    public func logTail(of launch: TaskLaunchRecord, after position: LogPosition) throws -> (text: String, position: LogPosition) {
        let bytes = Array(try log(of: launch).utf8)
        let start = min(position.offsets.first ?? 0, bytes.count)
        let end = (bytes[start...].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? start
        return (String(decoding: bytes[start..<end], as: UTF8.self), LogPosition(offsets: [end]))
    }

    /// Reads the whole log and keeps its last complete lines (for a platform that cannot seek in its logs).
    public func logTail(of launch: TaskLaunchRecord, last limit: Int) throws -> (text: String, position: LogPosition, truncated: Bool) {
        let bytes = Array(try log(of: launch).utf8)
        let end = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let lines = LogPosition.completeLines(bytes[max(0, end - max(0, limit) - 1)..<end], fromStart: end <= limit)
        return (String(decoding: lines, as: UTF8.self), LogPosition(offsets: [end]), end > limit)
    }
}

/// Where a reader of a launch's log got to: a byte offset in each of its streams (stdout and
/// stderr on the local platform), written `120.0` in URLs and event ids.
public struct LogPosition: Sendable, Hashable, CustomStringConvertible {
    /// The byte offset in each stream.
    public var offsets: [Int]

    /// Creates a position.
    public init(offsets: [Int]) {
        self.offsets = offsets
    }

    /// Parses `120.0`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 4, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        offsets = parts.map { $0! }
    }

    /// `120.0`.
    public var description: String { offsets.map(String.init).joined(separator: ".") }

    /// The whole lines of `window`: all of it when it starts at the stream's start, else what
    /// follows its first newline (a window read from one byte before where it should start
    /// keeps a line that begins exactly there).
    static func completeLines(_ window: ArraySlice<UInt8>, fromStart: Bool) -> ArraySlice<UInt8> {
        if fromStart { return window }
        guard let newline = window.firstIndex(of: UInt8(ascii: "\n")) else { return window[window.endIndex...] }
        return window[(newline + 1)...]
    }
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
