import Logging
import Synchronization

/// Bootstraps swift-log once per process: to standard error, so standard output carries only results.
package final class LoggingOnce: Sendable {
    private let done = Mutex(false)

    /// The process's one instance.
    package static let shared = LoggingOnce()

    /// Bootstraps at `level` unless an earlier call did.
    package func bootstrap(level: Logger.Level) {
        done.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
