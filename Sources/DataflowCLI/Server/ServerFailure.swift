import Database
import NIOHTTP1

/// A request the server refused or could not be sent: one line for standard error and the
/// category its exit code comes from (``ErrorCategory/exitCode``: 2 for bad input, else 1).
struct ServerFailure: CategorizedError, CustomStringConvertible {
    let message: String
    let category: ErrorCategory
    /// The HTTP status, when the server answered.
    var status: Int?

    var description: String { message }

    /// The server could not be reached at all.
    static func unreachable(_ url: String, reason: String) -> ServerFailure {
        ServerFailure(
            message: "cannot reach the server at \(url): \(reason); start it with dataflow-server or set --server/DATAFLOW_URI",
            category: .unavailable)
    }

    /// The failure an error answer describes: the server's own message (Data Flow's
    /// `_embedded.errors` or Spring Boot's `message`), classified by the status.
    static func answer(status: Int, body: String, server: String, credentials: ServerCredentials?) -> ServerFailure {
        let given = JSONValue(parsing: body)
        let message = given["_embedded"]["errors"][0]["message"].string ?? given["message"].string
        switch status {
        case 401:
            return ServerFailure(message: unauthorized(server: server, credentials: credentials, said: message), category: .internal, status: status)
        case 403:
            let said = message ?? "Access is denied"
            return ServerFailure(
                message: "the server at \(server) refused: \(said); sign in as a user or with a token that has the role",
                category: .internal, status: status)
        default:
            let text = message ?? fallback(status: status, body: body)
            return ServerFailure(message: text, category: category(status: status), status: status)
        }
    }

    /// The category the server's status stands for (the reverse of ``ErrorCategory/httpStatus``).
    static func category(status: Int) -> ErrorCategory {
        switch status {
        case 400, 413: .badInput
        case 404: .notFound
        case 409: .conflict
        case 422: .notRestartable
        case 429: .limitReached
        case 503: .unavailable
        default: .internal
        }
    }

    private static func unauthorized(server: String, credentials: ServerCredentials?, said: String?) -> String {
        let options = "--username and --password (or DATAFLOW_USERNAME and DATAFLOW_PASSWORD), or --token (DATAFLOW_TOKEN)"
        guard let credentials else {
            return "the server at \(server) requires authentication: give \(options)"
        }
        return "the server at \(server) refused the \(credentials.kind) (\(said ?? "Bad credentials")): check \(options)"
    }

    private static func fallback(status: Int, body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map { String($0.prefix(200)) } ?? ""
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        return line.isEmpty ? "the server answered \(status) \(reason)" : "the server answered \(status) \(reason): \(line)"
    }
}
