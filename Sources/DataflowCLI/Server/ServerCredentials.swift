import Foundation

/// How requests authenticate when the server's security is on: HTTP Basic or a bearer token.
/// Never printed: only ``kind`` appears in messages.
enum ServerCredentials: Sendable {
    case basic(username: String, password: String)
    case bearer(token: String)

    /// The `Authorization` header's value.
    var authorization: String {
        switch self {
        case .basic(let username, let password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .bearer(let token): "Bearer \(token)"
        }
    }

    /// What was given, for messages: `user name and password` or `token`.
    var kind: String {
        switch self {
        case .basic: "user name and password"
        case .bearer: "token"
        }
    }
}
