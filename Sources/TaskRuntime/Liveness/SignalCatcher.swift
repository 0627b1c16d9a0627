import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The write end of the catcher's self-pipe, read by the C signal handler (an atomic load is
/// async-signal-safe; nothing else is touched there).
private let forwarderPipe = Atomic<Int32>(-1)

/// The signal handler: writes the signal and its `si_code` to the self-pipe.
private func forwarderHandler(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let savedErrno = errno
    var record: (Int32, Int32) = (signal, info?.pointee.si_code ?? 0)
    _ = withUnsafeBytes(of: &record) { write(forwarderPipe.load(ordering: .relaxed), $0.baseAddress, 8) }
    errno = savedErrno
}

/// Catches signals with `sigaction` and hands each, with whether the terminal sent it, to a
/// handler on a Dispatch queue (through a self-pipe: the C handler only writes to it). Used only
/// to forward signals to a child process (`dataflow task exec`); stopping a process gracefully
/// is `ShutdownSignals`' job, the one signal story.
///
/// Written by hand rather than with Dispatch signal sources for two reasons. Installation is
/// synchronous: a Dispatch source registers asynchronously after `resume()`, and a signal in
/// between meets `SIG_IGN` and is lost (seen in tests: a SIGTERM right after start did
/// nothing). And `si_code` is available: it tells a Ctrl-C on the terminal, which the kernel
/// already delivers to a child in the same foreground process group (`SI_KERNEL`), from a
/// `kill` aimed at this process alone (`SI_USER`), so a wrapper forwards only the latter;
/// forwarding both would deliver SIGINT twice, and a second SIGINT means "exit now" to many
/// programs, swift-batch apps included. One catcher is active per process at a time.
package final class SignalCatcher {
    /// `SI_KERNEL`: sent by the kernel, for a terminal's signals to its foreground process group.
    static let fromKernel: Int32 = 0x80

    private let signals: [Int32]
    private let source: any DispatchSourceRead
    private let descriptors: (read: Int32, write: Int32)

    /// Installs the handlers; `handler` gets each signal and whether the terminal sent it.
    package init(signals: [Int32], handler: @escaping @Sendable (_ signal: Int32, _ fromTerminal: Bool) -> Void) {
        self.signals = signals
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        descriptors = (fds[0], fds[1])
        forwarderPipe.store(fds[1], ordering: .relaxed)
        let readEnd = fds[0]
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var record: (Int32, Int32) = (0, 0)
            while withUnsafeMutableBytes(of: &record, { read(readEnd, $0.baseAddress, 8) }) == 8 {
                handler(record.0, record.1 == Self.fromKernel)
            }
        }
        source.resume()
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = forwarderHandler
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
    }

    /// The name of a signal number, such as `SIGTERM`.
    package static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
            SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV",
            SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    /// Restores the default handlers and closes the pipe.
    ///
    /// A signal sent while the catcher was active may still be pending: Dispatch's worker
    /// threads (Swift's cooperative pool among them) block signals, so a process-directed one
    /// waits for a thread that accepts it. Met after the default action is back, a terminal's
    /// Ctrl-C that the command already handled would kill this process (exit 130, seen once in
    /// CI). Pending ones are taken here, with the signals blocked in this thread, first.
    package func cancel() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        var none = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&set, nil, &none) > 0 {}
        for number in signals { signal(number, SIG_DFL) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        source.cancel()
        forwarderPipe.store(-1, ordering: .relaxed)
        close(descriptors.write)
        close(descriptors.read)
    }
}
