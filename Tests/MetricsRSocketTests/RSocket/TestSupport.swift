import DatabaseTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
@testable import MetricsRSocket

/// A logger for tests: warnings and errors only, so expected protocol failures stay visible.
let testLogger: Logger = {
    var logger = Logger(label: "rsocket-test")
    logger.logLevel = .warning
    return logger
}()

/// A payload from strings.
func payload(_ data: String, metadata: String? = nil) -> Payload {
    Payload(metadata: metadata.map { ByteBuffer(string: $0) }, data: ByteBuffer(string: data))
}

extension Payload {
    var dataString: String { String(buffer: data) }
    var metadataString: String? { metadata.map { String(buffer: $0) } }
}

/// A responder made of closures; by default it echoes request-response and ignores FNF.
struct TestResponder: RSocketResponder {
    var fnf: @Sendable (Payload) async -> Void = { _ in }
    var rr: @Sendable (Payload) async throws -> Payload = { request in
        Payload(metadata: request.metadata, data: ByteBuffer(string: "echo:" + request.dataString))
    }

    func fireAndForget(_ payload: Payload, on connection: RSocketConnection) async { await fnf(payload) }

    func requestResponse(_ payload: Payload, on connection: RSocketConnection) async throws -> Payload {
        try await rr(payload)
    }
}

/// Runs `body`, failing after `limit` even when `body` ignores cancellation (a guard, never a wait).
func withTimeout<T: Sendable>(
    _ what: String, limit: Duration = hangLimit, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
    return try await withCheckedThrowingContinuation { continuation in
        outcome.withLock { $0 = continuation }
        let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
            guard let waiting = outcome.withLock({ $0.take() }) else { return false }
            waiting.resume(with: result)
            return true
        }
        let work = Task {
            do { _ = finish(.success(try await body())) } catch { _ = finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if finish(.failure(TestSetupError("timed out after \(limit): \(what)"))) { work.cancel() }
        }
    }
}

/// A server whose accepted connections and received FNFs tests can await.
struct TestServer: Sendable {
    let server: RSocketServer
    let connections: AsyncStream<RSocketConnection>
    let setups: AsyncStream<RSocketServer.SetupInfo>
    let fnfs: AsyncStream<Payload>

    /// The server's configuration in tests: a SETUP may take as long as the hang limit (a
    /// loaded machine stalled 80 s once), except where a test sets the timeout it checks.
    static let patient = RSocketConnection.Configuration(setupTimeout: hangLimit)

    static func start(
        configuration: RSocketConnection.Configuration = patient, accept: Bool = true,
        rr: (@Sendable (Payload) async throws -> Payload)? = nil
    ) async throws -> TestServer {
        let (connections, connectionSink) = AsyncStream<RSocketConnection>.makeStream()
        let (setups, setupSink) = AsyncStream<RSocketServer.SetupInfo>.makeStream()
        let (fnfs, fnfSink) = AsyncStream<Payload>.makeStream()
        var responder = TestResponder(fnf: { fnfSink.yield($0) })
        if let rr { responder.rr = rr }
        let chosen = responder
        let server = try await RSocketServer.bind(
            host: "127.0.0.1", port: 0, configuration: configuration, logger: testLogger
        ) { setup, connection in
            setupSink.yield(setup)
            connectionSink.yield(connection)
            return accept ? chosen : nil
        }
        return TestServer(server: server, connections: connections, setups: setups, fnfs: fnfs)
    }

    var port: Int { server.port }

    /// The next accepted connection (server side).
    func nextConnection() async throws -> RSocketConnection {
        var iterator = connections.makeAsyncIterator()
        guard let connection = await iterator.next() else { throw TestSetupError("no connection accepted") }
        return connection
    }

    /// The next fire-and-forget payload the server's responder received.
    func nextFNF() async throws -> Payload {
        var iterator = fnfs.makeAsyncIterator()
        guard let payload = await iterator.next() else { throw TestSetupError("no FNF received") }
        return payload
    }
}

/// Bytes from a hex string such as `"00 00 0e 00"`.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { $0.isHexDigit }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// The exact SETUP the Java client sends with default settings (with the length prefix).
let javaSetupBytes: [UInt8] =
    hex("00 00 38 00 00 00 00 04 00 00 01 00 00 00 00 4e 20 00 01 5f 90") + [0x12] + Array("application/binary".utf8)
    + [0x12] + Array("application/binary".utf8)
/// KEEPALIVE with R=1, last position 0, no data.
let keepaliveRespondBytes = hex("00 00 0e 00 00 00 00 0c 80 00 00 00 00 00 00 00 00")
/// KEEPALIVE with R=0, last position 0, no data.
let keepaliveEchoBytes = hex("00 00 0e 00 00 00 00 0c 00 00 00 00 00 00 00 00 00")

/// A SETUP frame's bytes with the given keepalive interval and lifetime (milliseconds). The
/// default lifetime is an hour: a raw peer answers no KEEPALIVE, and a loaded machine's stall
/// must not end a connection whose lifetime is not what the test checks.
func setupBytes(keepalive: UInt32 = 20_000, lifetime: UInt32 = 3_600_000, resumeToken: [UInt8]? = nil) throws -> [UInt8] {
    let frame = Frame.setup(
        Frame.Setup(
            keepaliveInterval: keepalive, maxLifetime: lifetime, resumeToken: resumeToken.map { ByteBuffer(bytes: $0) },
            metadataMimeType: "application/binary", dataMimeType: "application/binary", payload: .empty))
    let buffer = try FrameCodec.encode(frame)
    return Array(buffer.readableBytesView)
}
