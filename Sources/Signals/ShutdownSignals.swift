import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The one signal story of every swift-batch process, for a `ServiceGroup`: the first SIGTERM
/// or SIGINT starts a graceful shutdown of the group (an HTTP server stops accepting and
/// finishes its requests, a batch job stops after its chunk), a second one means now: the group
/// is cancelled.
///
/// The handlers are in place before the group starts (registration is awaited), so a signal
/// that arrives as the work begins is never lost. `onSignal` hears each signal first, with how
/// many have arrived, so a program can record which signal stopped it (exit code 128 + signal)
/// and, on the second, what it must before its main exits. Library code never exits the
/// process: only an executable's main does, for example from the second call of `onSignal`.
///
/// ```swift
/// let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
/// let stoppedBy = try await ShutdownSignals.run(group, logger: logger)
/// ```
public enum ShutdownSignals {
    /// One caught signal.
    public struct Caught: Sendable, Hashable {
        /// The signal's number (15 for SIGTERM, 2 for SIGINT).
        public var number: Int32
        /// Its name, such as `SIGTERM`.
        public var name: String
        /// How many shutdown signals arrived so far, this one included (1 for the first).
        public var count: Int
    }

    /// The signals that stop a process: SIGTERM (Kubernetes, `kill`, systemd) and SIGINT (Ctrl-C).
    public static let signals: [UnixSignal] = [.sigterm, .sigint]

    /// Runs `group` until it ends, handling SIGTERM and SIGINT: the first triggers the group's
    /// graceful shutdown, the second cancels it.
    /// - Parameters:
    ///   - group: The services.
    ///   - logger: Where each signal is noted.
    ///   - onSignal: Called for each signal before the group is told, in the signal handling
    ///     task (it may await, for example to record an end on the second signal).
    /// - Returns: The first signal caught, or nil when the group ended on its own.
    /// - Throws: What the group's `run()` throws.
    @discardableResult
    public static func run(
        _ group: ServiceGroup, logger: Logger, onSignal: @escaping @Sendable (Caught) async -> Void = { _ in }
    ) async throws -> Caught? {
        let sequence = await UnixSignalsSequence(trapping: signals)
        let first = FirstSignal()
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                tasks.addTask {
                    var count = 0
                    for await signal in sequence {
                        count += 1
                        let caught = Caught(number: signal.rawValue, name: name(of: signal), count: count)
                        logger.notice("\(caught.name) received", metadata: ["process.signal": "\(caught.name)", "process.signal_count": "\(count)"])
                        if count == 1 { first.value.withLock { $0 = caught } }
                        await onSignal(caught)
                        if count == 1 {
                            await group.triggerGracefulShutdown()
                        } else {
                            throw Escalation()
                        }
                    }
                }
                // The group ended (or a second signal escalated): stop listening, or cancel the group.
                try await tasks.next()
                tasks.cancelAll()
                try await tasks.next()
            }
        } catch is Escalation {
            logger.notice("second shutdown signal: the services were cancelled")
        }
        return first.value.withLock { $0 }
    }

    private final class FirstSignal: Sendable {
        let value = Mutex<Caught?>(nil)
    }

    /// The name of a shutdown signal.
    static func name(of signal: UnixSignal) -> String {
        signal == .sigterm ? "SIGTERM" : signal == .sigint ? "SIGINT" : "signal \(signal.rawValue)"
    }

    /// Thrown by the signal task to cancel the group.
    private struct Escalation: Error {}
}
