import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A server over a fresh, migrated database of each kind, listening on a loopback port, and
/// a client speaking to it over real HTTP.
enum ServerHarness {
    static func with<T: Sendable>(
        _ database: TestDatabase, configure: @Sendable (inout ServerSettings) -> Void = { _ in },
        _ body: @Sendable (Client) async throws -> T
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
                    var logger = Logger(label: "dataflow-server-test")
                    logger.logLevel = .warning
                    let app = DataflowServerApplication.build(settings: settings, pool: pool, logger: logger)
                    return try await app.test(.live) { client in
                        try await body(Client(client: client, pool: pool, directory: directory))
                    }
                }
            }
        }
    }

    /// The test client with JSON and form helpers.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let pool: ConnectionPool
        /// A temporary directory of the test (launch directories are under `launches/`).
        let directory: URL

        func request(_ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil) async throws -> Reply {
            var headers = HTTPFields()
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: Self.encode(form))
            }
            let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
            return Reply(status: response.status.code, body: String(buffer: response.body), contentType: response.headers[.contentType])
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
