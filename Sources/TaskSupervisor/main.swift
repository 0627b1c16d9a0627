#if canImport(Glibc)
import Glibc
#endif

// dataflow-task-supervisor <launch-directory> <working-directory> <executable> [arguments...]
//
// What the local platform of dataflow-server starts in place of a task app: it starts the app
// (same environment, same standard output and error, same session), waits for it, and writes
// the app's exit status to <launch-directory>/exit-status, so the server learns how the app ended
// even when the server itself was stopped or killed meanwhile and is not the app's parent.
// It ignores SIGTERM, SIGINT and SIGHUP (the app gets them, with their default actions) so a
// stop of the whole process group ends the app and still gets its status recorded.
// Only Glibc: it must start in a millisecond or two, since every launch pays for it.
// Exit codes: 0 after writing the status; 2 for bad usage; 1 when the status cannot be written.

func writeFile(_ path: String, _ text: String) -> Bool {
    let temporary = path + ".tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return false }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    fsync(fd)
    close(fd)
    return written == bytes.count && rename(temporary, path) == 0
}

/// Writes to standard error (fd 2) without the C `stderr` global, which Swift 6 cannot prove safe.
func report(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// Closes every descriptor above standard error: the server's sockets, epoll instances and
/// database files must not live on in the supervisor and the app (a listening socket held by a
/// task would keep a restarted server off its port).
func closeInheritedDescriptors() {
    guard let directory = opendir("/proc/self/fd") else {
        for fd in 3..<1024 { close(Int32(fd)) }
        return
    }
    var descriptors: [Int32] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if let fd = Int32(name), fd > 2 { descriptors.append(fd) }
    }
    closedir(directory)
    for fd in descriptors { close(fd) }
}

closeInheritedDescriptors()
let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    report("usage: dataflow-task-supervisor <launch-directory> <working-directory> <executable> [arguments...]\n")
    exit(2)
}
let directory = arguments[1]
let executable = arguments[3]
if chdir(arguments[2]) != 0 {
    let message = "cannot enter the working directory \(arguments[2]): \(reason(errno))\n"
    report("dataflow-task-supervisor: \(message)")
    _ = writeFile(directory + "/launch-error", message)
    exit(writeFile(directory + "/exit-status", "126\n") ? 0 : 1)
}

for number in [SIGTERM, SIGINT, SIGHUP] { signal(number, SIG_IGN) }

var attributes = posix_spawnattr_t()
posix_spawnattr_init(&attributes)
var defaults = sigset_t()
sigemptyset(&defaults)
for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
posix_spawnattr_setsigdefault(&attributes, &defaults)
posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

var pid = pid_t()
let argv: [UnsafeMutablePointer<CChar>?] = arguments[3...].map { strdup($0) } + [nil]
let spawned = posix_spawn(&pid, executable, nil, &attributes, argv, environ)
posix_spawnattr_destroy(&attributes)

var status: Int32
if spawned != 0 {
    // As shells answer: 127 for a missing command, 126 for one that exists but cannot run.
    status = spawned == ENOENT ? 127 : 126
    let message = "cannot start \(executable): \(reason(spawned))\n"
    report("dataflow-task-supervisor: \(message)")
    _ = writeFile(directory + "/launch-error", message)
} else {
    _ = writeFile(directory + "/app.pid", "\(pid)\n")
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    let signalNumber = raw & 0x7f
    status = signalNumber == 0 ? (raw >> 8) & 0xff : 128 + signalNumber
}
exit(writeFile(directory + "/exit-status", "\(status)\n") ? 0 : 1)
