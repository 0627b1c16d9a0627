import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle

/// A server over a fresh, migrated database of each kind, listening on a loopback port, and
/// a client speaking to it over real HTTP.
enum ServerHarness {
    static func with<T: Sendable>(
        _ database: TestDatabase, configure: @Sendable (inout ServerSettings) -> Void = { _ in },
        _ body: @Sendable (Client) async throws -> T
    ) async throws -> T {
        try await prepared(database, configure: configure) { pool, settings, directory, urlText in
            try await serve(settings: settings, pool: pool, logger: logger) { port in
                try await body(Client(port: port, pool: pool, directory: directory, databaseURL: urlText))
            }
        }
    }

    /// A fresh, migrated database with the settings of a server over it, for tests that run
    /// more than one server on it (one after the other, or at once).
    static func prepared<T: Sendable>(
        _ database: TestDatabase, configure: @Sendable (inout ServerSettings) -> Void = { _ in },
        _ body: @Sendable (ConnectionPool, ServerSettings, URL, String) async throws -> T
    ) async throws -> T {
        try await database.withIsolatedURLText { urlText in
            try await withTemporaryDirectory { directory in
                try await ConnectionPool.withPool(url: try DatabaseURL(urlText), configuration: .testing(maximumConnections: 4)) { pool in
                    try await Migrator(pool: pool).migrate()
                    var settings = ServerSettings(
                        address: "127.0.0.1", port: 0, database: pool.url,
                        appDataSource: DataSourceSettings(url: urlText, source: "test"),
                        platforms: [PlatformAccount(workingDirectoriesRoot: directory.appendingPathComponent("launches").path)])
                    configure(&settings)
                    return try await body(pool, settings, directory, urlText)
                }
            }
        }
    }

    /// The servers' logger: warnings and worse.
    static var logger: Logger {
        var logger = Logger(label: "dataflow-server-test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs the server as the executable does (a service group), on a free loopback port.
    /// HummingbirdTesting's live mode sends every request over one connection with a 20 s
    /// timeout, so concurrent requests queue behind each other and a loaded machine times them
    /// out; here each request has its own connection, as real clients do, and a timeout that
    /// only catches hangs.
    static func serve<T: Sendable>(
        settings: ServerSettings, pool: ConnectionPool, logger: Logger, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = DataflowServerApplication.build(settings: settings, pool: pool, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestSetupError("the server did not start") }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// The test client with JSON and form helpers.
    struct Client: Sendable {
        let port: Int
        let pool: ConnectionPool
        /// A temporary directory of the test (launch directories are under `launches/`).
        let directory: URL
        /// The database as URL text with its credentials (the apps' `SPRING_DATASOURCE_URL`).
        var databaseURL = ""
        /// The `Authorization` header of ``request(_:_:form:)``, for a server with security on.
        var authorization: String?

        func request(_ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil) async throws -> Reply {
            var headers = HTTPFields()
            if let authorization { headers[.authorization] = authorization }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: Self.encode(form))
            }
            let response = try await send(method, uri, headers: headers, body: body)
            return Reply(status: response.status.code, body: String(buffer: response.body ?? ByteBuffer()), contentType: response.headers[.contentType])
        }

        /// One request on a connection of its own.
        func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws
            -> TestClient.Response
        {
            let port = self.port
            return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(300))) { client in
                var headers = headers
                headers[.connection] = "close"
                return try await client.execute(
                    TestClient.Request(uri, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: body))
            }
        }

        func get(_ uri: String) async throws -> Reply { try await request(.get, uri) }
        func post(_ uri: String, form: [(String, String)] = []) async throws -> Reply { try await request(.post, uri, form: form) }
        func delete(_ uri: String) async throws -> Reply { try await request(.delete, uri) }
        func put(_ uri: String) async throws -> Reply { try await request(.put, uri) }

        static func encode(_ form: [(String, String)]) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._*")
            return form.map { key, value in
                let encode = { (text: String) in
                    text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
                }
                return "\(encode(key))=\(encode(value))"
            }.joined(separator: "&")
        }
    }

    /// A response.
    struct Reply: Sendable, CustomStringConvertible {
        var status: Int
        var body: String
        var contentType: String?

        /// The body as a JSON object.
        var json: JSON { JSON(parsing: body) }
        var description: String { "\(status) \(body)" }
    }
}

/// Minimal JSON navigation for assertions: `reply.json["page"]["totalElements"].int`.
struct JSON: @unchecked Sendable, CustomStringConvertible {
    let value: Any?

    init(value: Any?) { self.value = value }
    init(parsing text: String) {
        value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    subscript(key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(value: nil) }
        return JSON(value: array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber).map(\.intValue) }
    var bool: Bool? { (value as? NSNumber).map(\.boolValue) }
    var array: [JSON] { (value as? [Any])?.map { JSON(value: $0) } ?? [] }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
    var isNull: Bool { value == nil || value is NSNull }
    var exists: Bool { value != nil }
    var description: String { value.map { "\($0)" } ?? "nil" }
}

/// The real `timestamp-task` executable, for app registrations.
let timestampTask = TestProcess.executable("timestamp-task").path
