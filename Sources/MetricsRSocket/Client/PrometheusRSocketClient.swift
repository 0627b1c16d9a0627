import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The client side of the Prometheus RSocket proxy: connects out to the proxy, answers its
/// scrapes with the registry's metrics, and pushes the last values when the app ends.
///
/// ```swift
/// let registry = PrometheusRegistry(commonTags: [("application", "nightly-42")])
/// MetricsSystem.bootstrap(registry)
/// let client = PrometheusRSocketClient(registry: registry, settings: settings, logger: logger)
/// let group = ServiceGroup(configuration: .init(services: [.init(service: client), .init(service: app,
///     successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger))
/// try await group.run()            // when the app ends, the client pushes its last values
/// print(client.finalPush ?? .notConnected)
/// ```
///
/// It is a `Service`: ``run()`` connects and answers scrapes until its group shuts down
/// gracefully, then pushes the final values and closes. An unreachable proxy never fails or
/// slows the app: the client logs one warning and retries with backoff (10 s doubling to 10 min
/// by default); every connection brings a new key. The final push waits at most
/// ``PrometheusRSocketSettings/timeout``.
public final class PrometheusRSocketClient: Service {
    /// How the final push went.
    public enum PushResult: Sendable, Equatable {
        /// The proxy stored the metrics and acknowledged them (proxy 1.5 or later).
        case acknowledged
        /// An older proxy refused the request-response; the metrics went as fire-and-forget,
        /// flushed to the socket, with no acknowledgement possible.
        case sentWithoutAcknowledgement
        /// No connection to the proxy could be made.
        case notConnected
        /// The proxy sent no key in time, so nothing could be encrypted.
        case noKey
        /// The push failed or was not acknowledged in time; the reason says which.
        case failed(String)
        /// ``PrometheusRSocketClient/pushAndClose()`` had already run.
        case alreadyClosed
    }

    /// The metrics this client serves.
    public let registry: PrometheusRegistry
    /// Where the proxy is and how to retry.
    public let settings: PrometheusRSocketSettings
    private let logger: Logger
    private let state = ConnectionState()
    private let pushed = Mutex<PushResult?>(nil)

    /// Creates a client; nothing happens until ``run()``.
    public init(registry: PrometheusRegistry, settings: PrometheusRSocketSettings, logger: Logger) {
        self.registry = registry
        self.settings = settings
        var logger = logger
        logger[metadataKey: "metrics.proxy"] = "\(settings.host):\(settings.port)"
        self.logger = logger
    }

    /// Connects to the proxy (again after every loss, with backoff) and answers its scrapes
    /// until a graceful shutdown; then pushes the final values (``finalPush``) and closes.
    /// Cancellation closes at once, without a push.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.connectLoop() }
            do {
                try await gracefulShutdown()
                let result = await pushAndClose()
                pushed.withLock { $0 = result }
            } catch {
                await shutDown()
            }
            group.cancelAll()
        }
    }

    /// How the final push of ``run()`` went, once it was made.
    public var finalPush: PushResult? { pushed.withLock { $0 } }

    /// Pushes the registry's current text to the proxy and closes the connection.
    ///
    /// Waits (at most ``PrometheusRSocketSettings/timeout``) for a connection and its key,
    /// sends the metrics with REQUEST_RESPONSE and waits for the acknowledgement; when the
    /// proxy answers with an ERROR (proxies before 1.5), sends them again as REQUEST_FNF and
    /// flushes. Never throws: the outcome is logged and returned. ``run()`` calls it on graceful
    /// shutdown; it needs the connection ``run()`` makes.
    func pushAndClose() async -> PushResult {
        if await state.beginClosing() { return .alreadyClosed }
        let deadline = ContinuousClock.now + settings.timeout
        var target: (RSocketConnection, RSAPublicKey)?
        while target == nil {
            let current = await state.snapshot
            if let connection = current.connection, let key = current.key, connection.isActive {
                target = (connection, key)
            } else if current.gaveUp {
                logger.warning("no connection to the Prometheus RSocket proxy at \(settings.host):\(settings.port): the final metrics were not pushed")
                return .notConnected
            } else if ContinuousClock.now >= deadline {
                let connected = current.connection != nil
                logger.warning(
                    "\(connected ? "the Prometheus RSocket proxy sent no key" : "could not connect to the Prometheus RSocket proxy") within \(settings.timeout): the final metrics were not pushed")
                await shutDown()
                return connected ? .noKey : .notConnected
            } else {
                await waitForChange(since: current.version, until: deadline)
            }
        }
        let (connection, key) = target!
        let result = await push(on: connection, key: key, deadline: deadline)
        await shutDown()
        return result
    }

    private func push(on connection: RSocketConnection, key: RSAPublicKey, deadline: ContinuousClock.Instant) async -> PushResult {
        let payload: Payload
        do {
            payload = try ScrapeResponder.sealedPayload(registry.render(), for: key)
        } catch {
            logger.warning("could not encrypt the final metrics for the proxy: \(Self.describe(error))")
            return .failed("\(Self.describe(error))")
        }
        do {
            _ = try await Self.withDeadline(deadline) { try await connection.requestResponse(payload) }
            logger.debug("final metrics pushed and acknowledged")
            return .acknowledged
        } catch let error as MetricsRSocketError where error.code == .rejected {
            // Proxies before 1.5 have no request-response handler for pushes.
            do {
                try await connection.fireAndForget(payload)
                logger.debug("final metrics pushed as fire-and-forget (the proxy predates acknowledged pushes)")
                return .sentWithoutAcknowledgement
            } catch {
                logger.warning("could not push the final metrics to the proxy: \(Self.describe(error))")
                return .failed("\(Self.describe(error))")
            }
        } catch {
            logger.warning("the final metrics were not acknowledged by the proxy: \(Self.describe(error))")
            return .failed("\(Self.describe(error))")
        }
    }

    /// Closes the connection (flushing what is queued); the connect loop sees the state closed
    /// and ends (``run()`` cancels it too). An attempt still under way is not waited for (a
    /// connect to an unresponsive host could take its whole connect timeout); the loop closes
    /// what it gets once it sees it was cancelled.
    private func shutDown() async {
        if let connection = await state.stop() { await connection.close() }
    }

    private func connectLoop() async {
        var backoff = settings.firstBackoff
        var failures = 0
        while !Task.isCancelled {
            let closing = await state.closing
            await state.setConnecting(true)
            do {
                let connection = try await RSocketConnection.connect(
                    host: settings.host, port: settings.port, transport: settings.transport,
                    responder: ScrapeResponder(registry: registry, state: state, logger: logger), logger: logger)
                guard await state.connected(connection) else {
                    await connection.close()
                    return
                }
                if failures > 0 { logger.info("connected to the Prometheus RSocket proxy after \(failures) failed attempts") }
                failures = 0
                backoff = settings.firstBackoff
                let reason = await connection.closed()
                await state.disconnected(connection)
                if await state.closing { return }
                logger.warning(
                    "lost the connection to the Prometheus RSocket proxy (\(reason.map { "\($0)" } ?? "closed")); reconnecting in \(backoff) with a new key")
            } catch {
                failures += 1
                await state.setConnecting(false)
                if closing || Task.isCancelled {
                    await state.giveUp()
                    return
                }
                if let maxRetries = settings.maxRetries, failures > maxRetries {
                    logger.warning("giving up on the Prometheus RSocket proxy after \(failures) failed attempts: \(Self.describe(error))")
                    await state.giveUp()
                    return
                }
                let message =
                    "cannot reach the Prometheus RSocket proxy (\(Self.describe(error))); retrying in \(backoff); the app goes on and its metrics are pushed once the proxy is reachable"
                if failures == 1 { logger.warning("\(message)") } else { logger.debug("\(message)") }
            }
            // Sleep through the backoff, but wake at once when the app ends to make a last attempt.
            let wake = ContinuousClock.now + backoff
            while ContinuousClock.now < wake, !Task.isCancelled {
                let current = await state.snapshot
                if current.closing { break }
                await waitForChange(since: current.version, until: wake)
            }
            backoff = min(backoff * 2, settings.maxBackoff)
        }
        await state.giveUp()
    }

    /// Waits for a change of the connection state after `version`, or the deadline, whichever
    /// comes first.
    private func waitForChange(since version: Int, until deadline: ContinuousClock.Instant) async {
        let state = self.state
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await state.waitForChange(since: version) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    /// One line for a log: our errors' own message (their causes are the transport's detail),
    /// other errors as they describe themselves.
    static func describe(_ error: any Error) -> String {
        (error as? MetricsRSocketError)?.message ?? "\(error)"
    }

    /// Runs `body`, failing with ``MetricsRSocketError/Code/timedOut`` at the deadline.
    static func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw MetricsRSocketError(.timedOut, "no acknowledgement from the proxy before the timeout")
            }
            return value
        }
    }
}
