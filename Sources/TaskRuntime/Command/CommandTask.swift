import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs any executable as the work of a task (what `dataflow task exec` does): the command
/// inherits standard input, output and error, so its output streams through as is; SIGTERM,
/// SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to the wrapper are forwarded to it; its
/// exit code becomes the task's, and a signal that killed it becomes 128 + the signal number
/// with an exit message naming the signal.
///
/// Run it inside a ``TaskLifecycle`` whose ``TaskConfiguration/trapsSignals`` is false, so the
/// signals reach the command.
public struct CommandTask: Sendable {
    /// The executable (a path, or a name looked up in `PATH`) followed by its arguments.
    public var command: [String]

    /// Exit code when the command cannot be found (as shells and `env` use).
    public static let notFoundExitCode: Int32 = 127
    /// Exit code when the command exists but cannot be started.
    public static let cannotRunExitCode: Int32 = 126

    /// Creates the work of running `command`.
    public init(command: [String]) {
        precondition(!command.isEmpty, "a command is needed")
        self.command = command
    }

    /// Runs the command to its end and records its outcome in `context`.
    /// - Returns: The exit code (also set on `context`).
    @discardableResult
    public func run(in context: TaskContext) async throws -> Int32 {
        struct Target {
            var pid: pid_t?
            var pending: [Int32] = []
            var forwarded: [String] = []
        }
        let target = Mutex(Target())
        let passedOn: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]
        let forwarder = SignalCatcher(signals: passedOn) { signal, fromTerminal in
            let name = SignalCatcher.name(of: signal)
            if signal == SIGTERM || signal == SIGINT { context.recordStopSignal(signal, name: name) }
            // The terminal already sent it to the command, which shares its process group.
            if fromTerminal { return }
            let pid: pid_t? = target.withLock { target in
                target.forwarded.append(name)
                if target.pid == nil { target.pending.append(signal) }
                return target.pid
            }
            if let pid { kill(pid, signal) }
        }
        defer { forwarder.cancel() }
        if let problem = Self.cannotRun(command[0]) {
            context.setExitCode(Self.cannotRunExitCode)
            context.fail("command '\(command[0])' \(problem)")
            throw TaskError(.commandFailed, "command '\(command[0])' \(problem)")
        }
        let executable: Executable =
            command[0].contains("/") ? .path(FilePath(command[0])) : .name(command[0])
        let status: TerminationStatus
        do {
            status = try await Subprocess.run(
                executable, arguments: Arguments(Array(command.dropFirst())), input: .currentStandardInput,
                output: .currentStandardOutput, error: .currentStandardError
            ) { execution in
                let pid = execution.processIdentifier.value
                let pending = target.withLock { target in
                    target.pid = pid
                    defer { target.pending.removeAll() }
                    return target.pending
                }
                for signal in pending { kill(pid, signal) }
            }.terminationStatus
        } catch let error as SubprocessError {
            let notFound = error.code == .executableNotFound
            let code = notFound ? Self.notFoundExitCode : Self.cannotRunExitCode
            let reason = notFound ? "was not found (not a file, and not in PATH)" : "could not be started: \(error)"
            context.setExitCode(code)
            context.fail("command '\(command[0])' \(reason)")
            throw TaskError(.commandFailed, "command '\(command[0])' \(reason)", cause: notFound ? nil : error)
        }
        let forwarded = target.withLock { $0.forwarded }
        let received = forwarded.isEmpty ? "" : "received \(forwarded.joined(separator: ", ")) and passed it on; "
        switch status {
        case .exited(let code):
            context.setExitCode(code)
            if code != 0 || !forwarded.isEmpty { context.setExitMessage("\(received)the command exited with code \(code)") }
            return code
        case .signaled(let signal):
            let name = SignalCatcher.name(of: signal)
            context.setExitCode(128 + signal)
            context.setExitMessage("\(received)the command was killed by \(name)")
            return 128 + signal
        }
    }

    /// Why a command that exists cannot be run, as shells say it (exit code 126): a directory,
    /// a file without execute permission, or a script whose `#!` interpreter is missing or not
    /// executable. Nil when it may run, or does not exist at all (127 is decided by the spawn).
    static func cannotRun(_ name: String) -> String? {
        guard let path = name.contains("/") ? name : searchPath(name) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFDIR { return "is a directory, not a program (\(path))" }
        if access(path, X_OK) != 0 {
            return "cannot be run: permission denied (\(path) is not executable; chmod +x it, or run it through its interpreter)"
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != 0x0A }, as: UTF8.self)
        guard let interpreter = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) else {
            return "cannot be run: its #! line names no interpreter (\(path))"
        }
        if access(interpreter, F_OK) != 0 {
            return "cannot be run: bad interpreter \(interpreter): no such file (the #! line of \(path))"
        }
        if access(interpreter, X_OK) != 0 {
            return "cannot be run: bad interpreter \(interpreter): not executable (the #! line of \(path))"
        }
        return nil
    }

    /// The first `PATH` entry holding `name` (executable or not), or nil.
    private static func searchPath(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let files = directories.map { "\($0.isEmpty ? "." : String($0))/\(name)" }.filter { candidate in
            var info = stat()
            return stat(candidate, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        }
        return files.first { access($0, X_OK) == 0 } ?? files.first
    }
}
