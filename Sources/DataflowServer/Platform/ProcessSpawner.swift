import Foundation

/// posix_spawn with what the local platform needs and Foundation's `Process` does not give: a
/// new session (the launch survives the server and can be signalled as a group), standard
/// output and error appended to files, and no reaping thread tied to the server's lifetime.
/// (swift-subprocess ties a child's lifetime to an awaiting scope, which a launch must outlive.)
enum ProcessSpawner {
    /// `POSIX_SPAWN_SETSID` (glibc 2.26), not visible through Swift's Glibc module.
    static let setSessionFlag: Int32 = 0x80

    /// Starts `arguments[0]` with `arguments` in a new session.
    /// - Returns: The process id.
    static func spawnInNewSession(_ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | setSessionFlag))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ServerError(
                .platformRefused, "cannot start \(arguments[0]): \(String(cString: strerror(result))); is dataflow-task-supervisor installed beside dataflow-server?")
        }
        return pid
    }
}
