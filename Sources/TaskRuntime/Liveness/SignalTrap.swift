import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Catches SIGTERM and SIGINT for a graceful stop: the signals' default action (ending the
/// process at once) is replaced by `handler`, which gets the signal, its name, and how many
/// of these signals arrived so far (1 for the first), on a Dispatch queue, not in a signal
/// handler. Built on ``SignalCatcher``, so it is in place as soon as it is created.
package final class SignalTrap: Sendable {
    /// The signals a trap catches, with their names.
    package static let stopSignals: [(number: Int32, name: String)] = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")]

    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }

    private let catcher: Mutex<SignalCatcher?>

    /// Installs the trap; it is in place when this returns.
    package init(handler: @escaping @Sendable (_ signal: Int32, _ name: String, _ count: Int) -> Void) {
        let count = Count()
        catcher = Mutex(
            SignalCatcher(signals: Self.stopSignals.map(\.number)) { signal, _ in
                handler(signal, Self.name(of: signal), count.value.wrappingAdd(1, ordering: .relaxed).newValue)
            })
    }

    /// Restores the default handlers.
    package func cancel() {
        catcher.withLock { catcher in
            catcher?.cancel()
            catcher = nil
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
}
