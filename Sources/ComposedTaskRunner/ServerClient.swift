import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The calls the runner makes to the Data Flow server: launch a child definition, read a task
/// execution, stop one. Parameters go as a form body, as Data Flow's own clients send them.
struct ServerClient: Sendable {
    /// The server's base URL, without a trailing slash.
    let base: String
    /// The `Authorization` header sent with every request, if any.
    let authorization: String?
    private let http: HTTPClient

    /// How long one request may take.
    private static let timeout: TimeAmount = .seconds(60)
    /// Answers larger than this are refused.
    private static let maximumBody = 16 << 20

    /// A client of `base` over the process's shared HTTP client.
    init(base: String, authorization: String? = nil, http: HTTPClient = .shared) {
        self.base = base
        self.authorization = authorization
        self.http = http
    }

    /// A task execution as far as the runner reads it.
    struct Execution: Sendable, Decodable {
        var executionId: Int64
        var exitCode: Int?
        var exitMessage: String?
        var endTime: String?
    }

    /// `POST /tasks/executions/launch`: launches the definition `name`.
    /// - Returns: The new task execution's id.
    /// - Throws: ``ServerClient/Refusal`` for an error answer, ``ServerClient/Unreachable`` when no answer came.
    func launch(name: String, arguments: String, properties: String) async throws -> Int64 {
        var form = [("name", name)]
        if !arguments.isEmpty { form.append(("arguments", arguments)) }
        if !properties.isEmpty { form.append(("properties", properties)) }
        struct Launched: Decodable { var executionId: Int64 }
        let body = try await send(.POST, "/tasks/executions/launch", form: form)
        do {
            return try JSONDecoder().decode(Launched.self, from: body).executionId
        } catch {
            throw Refusal(status: 200, message: "the launch of \(name) answered without an execution id: \(String(decoding: body, as: UTF8.self).prefix(200))")
        }
    }

    /// `GET /tasks/executions/{id}`.
    func execution(_ id: Int64) async throws -> Execution {
        let body = try await send(.GET, "/tasks/executions/\(id)")
        do {
            return try JSONDecoder().decode(Execution.self, from: body)
        } catch {
            throw Refusal(status: 200, message: "task execution \(id) could not be read: \(error)")
        }
    }

    /// `POST /tasks/executions/{id}`: stops a running execution.
    func stop(_ id: Int64) async throws {
        _ = try await send(.POST, "/tasks/executions/\(id)")
    }

    /// An error answer: its status and the server's message.
    struct Refusal: Error, CustomStringConvertible {
        var status: Int
        var message: String
        var description: String { "HTTP \(status): \(message)" }
    }

    /// No answer: the server could not be reached, or did not answer in time.
    struct Unreachable: Error, CustomStringConvertible {
        var description: String
    }

    private func send(_ method: HTTPMethod, _ path: String, form: [(String, String)]? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.encode(form)))
        }
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: Self.timeout)
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: Self.maximumBody)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw Unreachable(description: "\(method) \(base)\(path): no answer (\(error))")
        }
        let data = Data(bytes.readableBytesView)
        guard status < 400 else {
            var message = Self.message(in: data)
            if status == 401 || status == 403 {
                message += authorization == nil
                    ? " (the runner sent no credentials: give --dataflow-server-username and --dataflow-server-password, or --dataflow-server-access-token)"
                    : " (the runner's credentials were refused for \(method) \(path))"
            }
            throw Refusal(status: status, message: message)
        }
        return data
    }

    /// The message of Data Flow's error body (`_embedded.errors[0].message`), else the body.
    private static func message(in body: Data) -> String {
        struct Errors: Decodable {
            struct Embedded: Decodable { var errors: [Message] }
            struct Message: Decodable { var message: String }
            var _embedded: Embedded
        }
        if let errors = try? JSONDecoder().decode(Errors.self, from: body), let first = errors._embedded.errors.first {
            return first.message
        }
        return String(decoding: body.prefix(500), as: UTF8.self)
    }

    /// A form body, `application/x-www-form-urlencoded`.
    private static func encode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return form.map { key, value in
            let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+") }
            return "\(encode(key))=\(encode(value))"
        }.joined(separator: "&")
    }
}
