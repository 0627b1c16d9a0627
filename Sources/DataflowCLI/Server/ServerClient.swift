import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Data Flow's REST API over HTTP: parameters as a form body (as Data Flow's own clients send
/// them) or in the query string, answers read whole. An error answer throws ``ServerFailure``
/// with the server's message; a server that cannot be reached throws
/// ``ServerFailure/unreachable(_:reason:)``.
struct ServerClient: Sendable {
    /// The server's base URL, without a trailing slash.
    let base: String
    let credentials: ServerCredentials?
    private let http: HTTPClient
    /// How long one request may take, answer included.
    private var requestTimeout: TimeAmount = .minutes(10)

    /// Bodies larger than this are refused (logs are the largest answers).
    static let maximumBody = 256 << 20

    /// Runs `body` with a client whose connections are closed afterwards.
    /// - Parameter longRequests: Requests whose answer takes as long as the work (a purge of a
    ///   large history): wait up to six hours for it instead of two minutes of silence.
    static func with<T: Sendable>(
        base: String, credentials: ServerCredentials?, longRequests: Bool = false, _ body: (ServerClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: longRequests ? .hours(6) : .seconds(120))
        // A server that is not there should fail the command at once, not after retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        return try await HTTPClient.withHTTPClient(configuration: configuration) { http in
            var client = ServerClient(base: base, credentials: credentials, http: http)
            if longRequests { client.requestTimeout = .hours(6) }
            return try await body(client)
        }
    }

    /// A server's answer: its status and body.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var json: JSONValue { JSONValue(parsing: body) }
    }

    /// `GET path?query`.
    func get(_ path: String, query: [(String, String)] = []) async throws -> Answer {
        try await send(.GET, path, query: query)
    }

    /// `POST path` with `form` as its body.
    func post(_ path: String, form: [(String, String)] = []) async throws -> Answer {
        try await send(.POST, path, form: form)
    }

    /// `PUT path`.
    func put(_ path: String) async throws -> Answer {
        try await send(.PUT, path)
    }

    /// `DELETE path?query`.
    func delete(_ path: String, query: [(String, String)] = []) async throws -> Answer {
        try await send(.DELETE, path, query: query)
    }

    /// Sends one request; answers of 400 and above throw.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], form: [(String, String)]? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query)))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let credentials { request.headers.add(name: "Authorization", value: credentials.authorization) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: requestTimeout)
            bytes = try await response.body.collect(upTo: Self.maximumBody)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ServerFailure.unreachable(base, reason: ConnectionFailure.describe(error))
        }
        let answer = Answer(status: Int(response.status.code), body: String(buffer: bytes))
        guard answer.status < 400 else {
            throw ServerFailure.answer(status: answer.status, body: answer.body, server: base, credentials: credentials)
        }
        return answer
    }

    /// A name as one path segment.
    static func segment(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
