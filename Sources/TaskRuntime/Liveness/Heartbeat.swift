import ServiceLifecycle

/// A liveness heartbeat as a service: `beat` every `interval` until the heartbeat is shut
/// down, so other processes can tell a live execution from a dead one.
///
/// With ``stopsOnGracefulShutdown`` (the default) it ends on its service group's graceful
/// shutdown, as services do; a heartbeat that must outlive a graceful shutdown (a job finishing
/// its last chunk) sets it to false and ends only when cancelled.
package struct Heartbeat: Service {
    /// How often to beat.
    package var interval: Duration
    /// Whether a graceful shutdown ends it (else only cancellation does).
    package var stopsOnGracefulShutdown: Bool
    private let beat: @Sendable () async -> Void

    /// Creates a heartbeat; `beat` reports its own failures (a missed beat is not fatal).
    package init(interval: Duration, stopsOnGracefulShutdown: Bool = true, beat: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.stopsOnGracefulShutdown = stopsOnGracefulShutdown
        self.beat = beat
    }

    /// Beats until shut down.
    package func run() async {
        let interval = interval
        let beat = beat
        let loop: @Sendable () async throws -> Void = {
            while true {
                try await Task.sleep(for: interval)
                await beat()
            }
        }
        if stopsOnGracefulShutdown {
            try? await cancelWhenGracefulShutdown(loop)
        } else {
            try? await loop()
        }
    }
}
