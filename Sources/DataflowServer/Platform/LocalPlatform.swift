import Foundation
import Synchronization
import NIOPosix
import TaskRuntime

/// The local platform: each launch is a process on this machine, started through
/// `dataflow-task-supervisor` in a session of its own, with a working directory per launch
/// (`<root>/<task>-<uuid>`) holding `stdout.log`, `stderr.log` and, once the app ends, its exit
/// status. Processes outlive the server; a restarted server finds their state in the directory.
///
/// The app's environment is scrubbed as Data Flow's local deployer does (PATH, HOME, TMPDIR,
/// LANG, LC_*, TZ and the account's `env-vars-to-inherit`), then the contract's variables and the
/// launch's `environment-variables` are added.
public final class LocalPlatform: TaskPlatform {
    /// The account name.
    public let name: String
    /// `Local`.
    public let type = "Local"
    /// Where launch directories are created.
    public let root: URL
    /// The supervisor executable.
    public let supervisor: String
    /// Environment variables (names or `PREFIX*` patterns) the apps inherit from the server.
    public let inherited: [String]
    private let children = ChildProcesses()

    /// The variables every app inherits, as Data Flow's local deployer passes them.
    public static let defaultInherited = ["PATH", "HOME", "TMPDIR", "TMP", "LANG", "LANGUAGE", "LC_*", "TZ"]

    /// Creates the platform.
    /// - Parameters:
    ///   - root: The launch directories' parent (created when missing).
    ///   - supervisor: The supervisor's path (default: beside this executable).
    public init(name: String = "default", root: URL, supervisor: String? = nil, inherit: [String] = []) {
        self.name = name
        self.root = root
        self.supervisor = supervisor ?? Self.besideExecutable("dataflow-task-supervisor")
        self.inherited = Self.defaultInherited + inherit
    }

    /// A file in the directory of the running executable.
    public static func besideExecutable(_ file: String) -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(file).path
    }

    public func plan(taskName: String) -> PlatformLaunch {
        let launchId = "\(taskName)-\(UUID().uuidString.lowercased())"
        return PlatformLaunch(
            launchId: launchId, host: ProcessInfo.processInfo.hostName, pid: nil, processStart: nil,
            workDirectory: root.appendingPathComponent(launchId).path)
    }

    public func launch(_ request: LaunchRequest, as plan: PlatformLaunch, environment: [String: String]) async throws -> PlatformLaunch {
        let executable = try Self.executablePath(request.resource)
        try AppURI.checkExecutable(executable, uri: request.resource)
        let directory = URL(fileURLWithPath: plan.workDirectory ?? root.appendingPathComponent(plan.launchId).path)
        let workingDirectory = request.deployerProperties["working-directory"].map { URL(fileURLWithPath: $0) } ?? directory
        var variables = ProcessInfo.processInfo.environment.filter { key, _ in inherited.contains { Self.matches(key, $0) } }
        variables.merge(environment) { $1 }
        variables.merge(request.environment) { $1 }
        let arguments = [supervisor, directory.path, workingDirectory.path, executable] + request.arguments
        let pid = try await NIOThreadPool.singleton.runIfActive { [children, variables] in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pid = try ProcessSpawner.spawnInNewSession(
                arguments, environment: variables, stdout: directory.appendingPathComponent("stdout.log").path,
                stderr: directory.appendingPathComponent("stderr.log").path)
            children.add(pid)
            return pid
        }
        var started = plan
        started.pid = Int64(pid)
        started.processStart = ExecutionOwner.processStartTicks(Int64(pid))
        return started
    }

    public func status(of launch: TaskLaunchRecord) -> PlatformStatus {
        guard let directory = launch.workDirectory else { return .ended(exitCode: nil, error: "the launch has no working directory") }
        if let pid = launch.pid { children.reap(pid_t(pid)) }
        return Self.judge(directory: directory, supervisorKnown: launch.pid != nil) {
            launch.pid.map { Self.alive($0, start: launch.processStart) } ?? false
        }
    }

    /// How the launch in `directory` stands, `supervisorRuns` telling whether its supervisor
    /// still runs.
    static func judge(directory: String, supervisorKnown: Bool, supervisorRuns: () -> Bool) -> PlatformStatus {
        if let ended = recordedEnd(directory) { return ended }
        if supervisorRuns() { return .running }
        // The supervisor writes the status and then exits: one that ended between the look above
        // and the liveness check left its status, so look again before judging it killed.
        if let ended = recordedEnd(directory) { return ended }
        // The supervisor is gone without a status (killed): the app may still run on its own.
        if let appPid = appPid(directory), alive(appPid, start: nil) { return .running }
        if !supervisorKnown && !FileManager.default.fileExists(atPath: directory + "/app.pid") {
            return .ended(exitCode: nil, error: "the server stopped while starting this launch; it never ran")
        }
        return .ended(exitCode: nil, error: "the launch's supervisor was killed, so its exit status is unknown")
    }

    public func stop(_ launch: TaskLaunchRecord, force: Bool) {
        if force {
            if let directory = launch.workDirectory, let appPid = Self.appPid(directory) { kill(pid_t(appPid), SIGKILL) }
        } else if let pid = launch.pid, Self.alive(pid, start: launch.processStart) {
            // The supervisor leads the session's process group and ignores SIGTERM; the app gets it.
            kill(-pid_t(pid), SIGTERM)
        } else if let directory = launch.workDirectory, let appPid = Self.appPid(directory) {
            kill(pid_t(appPid), SIGTERM)
        }
    }

    public func log(of launch: TaskLaunchRecord) throws -> String {
        guard let directory = launch.workDirectory else { return "" }
        let stdout = (try? String(contentsOfFile: directory + "/stdout.log", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: directory + "/stderr.log", encoding: .utf8)) ?? ""
        return stderr.isEmpty ? stdout : stdout + (stdout.isEmpty || stdout.hasSuffix("\n") ? "" : "\n") + stderr
    }

    /// The complete lines added to `stdout.log` and `stderr.log` past `position` (two offsets),
    /// stdout's first; each file is read from its offset only.
    public func logTail(of launch: TaskLaunchRecord, after position: LogPosition) throws -> (text: String, position: LogPosition) {
        guard let directory = launch.workDirectory else { return ("", position) }
        var text = ""
        var offsets: [Int] = []
        for (index, name) in ["stdout.log", "stderr.log"].enumerated() {
            let start = index < position.offsets.count ? position.offsets[index] : 0
            guard let handle = FileHandle(forReadingAtPath: directory + "/" + name) else {
                offsets.append(start)
                continue
            }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(start))
            // At most 1 MiB per read, so a chatty task cannot make one event huge.
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            let end = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 } ?? 0
            text += String(decoding: data.prefix(end), as: UTF8.self)
            offsets.append(start + end)
        }
        return (text, LogPosition(offsets: offsets))
    }

    /// The last complete lines of `stdout.log` and `stderr.log`, stdout's first: each file gets
    /// half of `limit` (a file that needs less leaves the rest to the other), and only its end is read.
    public func logTail(of launch: TaskLaunchRecord, last limit: Int) throws -> (text: String, position: LogPosition, truncated: Bool) {
        guard let directory = launch.workDirectory else { return ("", LogPosition(offsets: [0, 0]), false) }
        let handles = ["stdout.log", "stderr.log"].map { FileHandle(forReadingAtPath: directory + "/" + $0) }
        defer { for handle in handles { try? handle?.close() } }
        let sizes = try handles.map { try Int($0?.seekToEnd() ?? 0) }
        let half = max(0, limit) / 2
        let shares = [max(half, limit - min(sizes[1], half)), max(half, limit - min(sizes[0], half))]
        var text = ""
        var offsets: [Int] = []
        var truncated = false
        for (index, handle) in handles.enumerated() {
            let start = max(0, sizes[index] - shares[index])
            guard let handle, sizes[index] > 0 else {
                offsets.append(0)
                continue
            }
            // One byte before the window, so a line starting exactly at the window is kept whole.
            let windowStart = max(0, start - 1)
            try handle.seek(toOffset: UInt64(windowStart))
            let window = Array(try handle.read(upToCount: sizes[index] - windowStart) ?? Data())
            let end = window.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            text += String(decoding: LogPosition.completeLines(window[..<end], fromStart: start == 0), as: UTF8.self)
            offsets.append(end > 0 ? windowStart + end : start)
            truncated = truncated || start > 0
        }
        return (text, LogPosition(offsets: offsets), truncated)
    }

    public func cleanup(_ launch: TaskLaunchRecord) throws {
        guard let directory = launch.workDirectory, directory.hasPrefix(root.path) else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The path a `file:` URI (or plain path) names.
    /// - Throws: ``ServerError`` `platformRefused` for a `docker:` image.
    static func executablePath(_ resource: String) throws -> String {
        if resource.lowercased().hasPrefix("docker:") {
            throw ServerError(
                .platformRefused,
                "the local platform cannot run the container image \(resource); register a file: URI of an executable for this app, or launch it on a Kubernetes platform")
        }
        if let url = URL(string: resource), url.isFileURL { return url.path }
        return resource
    }

    static func matches(_ key: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? key.hasPrefix(String(pattern.dropLast())) : key == pattern
    }

    /// The end the supervisor recorded in `directory` (its `exit-status`, and `launch-error` when
    /// the app could not start), or nil while there is none.
    static func recordedEnd(_ directory: String) -> PlatformStatus? {
        guard let text = try? String(contentsOfFile: directory + "/exit-status", encoding: .utf8) else { return nil }
        let error = (try? String(contentsOfFile: directory + "/launch-error", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return .ended(exitCode: Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), error: error)
    }

    static func appPid(_ directory: String) -> Int64? {
        (try? String(contentsOfFile: directory + "/app.pid", encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether `pid` runs (not a zombie), and is the process that started at `start` when given.
    static func alive(_ pid: Int64, start: String?) -> Bool {
        guard let stat = ExecutionOwner.stat(pid), stat.state != "Z" else { return false }
        return start == nil || stat.start == start
    }
}

/// The supervisors this server process started: its children, reaped when they end so they
/// do not linger as zombies. Supervisors adopted after a restart are not children (init reaps them).
final class ChildProcesses: Sendable {
    private let pids = Mutex<Set<pid_t>>([])

    func add(_ pid: pid_t) { pids.withLock { _ = $0.insert(pid) } }

    /// Reaps `pid` if it is a child that ended.
    func reap(_ pid: pid_t) {
        guard pids.withLock({ $0.contains(pid) }) else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { pids.withLock { _ = $0.remove(pid) } }
    }
}
