import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A process the tests start, with posix_spawn: its standard streams on descriptors the test
/// gives, every other descriptor closed in the child, signals at their defaults and unblocked,
/// and its end awaited by a thread of its own.
///
/// Written by hand rather than with Foundation's `Process` or swift-subprocess: `Process.run()`
/// crashes now and then on this toolchain (swift-corelibs-foundation#5472: it reads past the
/// buffer of each `/proc/self/fd` entry while closing descriptors, fixed after 6.3.1), and
/// swift-subprocess runs a child only within an awaiting closure, while the tests need a process
/// that starts synchronously, has its pid at once and outlives the scope that started it.
public final class ChildProcess: Sendable {
    /// The process id.
    public let pid: Int32
    private let end = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    /// Starts `executable` with `arguments` (argv[1...]).
    /// - Parameters:
    ///   - environment: The child's whole environment.
    ///   - directory: Its working directory (default: the test process's).
    ///   - stdin, stdout, stderr: Descriptors of the test process that become the child's 0, 1 and 2.
    ///   - newProcessGroup: Start it in a process group of its own (as Foundation's `Process`
    ///     does), so a signal to `-pid` reaches what it starts, and a terminal's signals to the
    ///     test's group do not reach it.
    /// - Throws: ``TestSetupError`` when it cannot start, with the reason.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
        stdin: Int32, stdout: Int32, stderr: Int32, newProcessGroup: Bool = true
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the target, so the child keeps exactly these three.
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        _ = Self.closeFrom(&actions, 3)
        if let directory { _ = Self.changeDirectory(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number: Int32 in 1..<32 where number != SIGKILL && number != SIGSTOP { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Dispatch's threads block signals; a child must not inherit that mask.
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError("cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
        Thread.detachNewThread { [self, pid] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let signal = raw & 0x7f
            let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            let waiters = end.withLock { state in
                state.status = status
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
    }

    /// Waits for the end: the exit code, or 128 + the signal that ended it.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status: Int32? = end.withLock { state in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Whether it has ended (and been reaped).
    public var hasEnded: Bool { end.withLock { $0.status != nil } }

    /// Runs `executable` to its end with standard input from `/dev/null` (or `input`) and standard
    /// output and error into files. Returns the status (as ``wait()``), standard output and error.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil, input: String? = nil
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("stdin").path
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: inPath))
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        let descriptors = [open(inPath, O_RDONLY | O_CLOEXEC), Self.create(outPath), Self.create(errPath)]
        defer { descriptors.filter { $0 >= 0 }.forEach { close($0) } }
        guard descriptors.allSatisfy({ $0 >= 0 }) else { throw TestSetupError("cannot open the files of a child in \(scratch.path)") }
        let child = try ChildProcess(
            executable, arguments, environment: environment, directory: directory,
            stdin: descriptors[0], stdout: descriptors[1], stderr: descriptors[2])
        let status = await child.wait()
        return (status, try String(contentsOfFile: outPath, encoding: .utf8), try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// Opens `path` for writing, created empty, closed on exec (the child gets a dup2'd copy).
    public static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }

    /// A pipe whose two ends are closed on exec. (`pipe2` is hidden behind _GNU_SOURCE; a child
    /// started between the two calls gets no copy either, as ``init`` closes all but 0, 1 and 2.)
    public static func pipe(_ ends: inout [Int32]) -> Bool {
        guard Glibc.pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// PATH and HOME of the test process: the base of every child's environment.
    public static var baseEnvironment: [String: String] {
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        base["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        return base
    }

    // glibc (2.34 and 2.29) has these, but Swift's Glibc module does not show the `_np`
    // declarations (they need _GNU_SOURCE): looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let library = UncheckedHandle(dlopen(nil, RTLD_NOW))

    private static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) -> Int32 {
        guard let symbol = dlsym(library.handle, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed (posix_spawn_file_actions_addclosefrom_np)")
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)(actions, lowest)
    }

    private static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        guard let symbol = dlsym(library.handle, "posix_spawn_file_actions_addchdir_np") else {
            fatalError("glibc 2.29 or later is needed (posix_spawn_file_actions_addchdir_np)")
        }
        return unsafeBitCast(symbol, to: ChangeDirectory.self)(actions, path)
    }

    private struct UncheckedHandle: @unchecked Sendable {
        // The handle of the program itself, never closed: safe to share.
        let handle: UnsafeMutableRawPointer?
        init(_ handle: UnsafeMutableRawPointer?) { self.handle = handle }
    }
}
