import Foundation
import Hummingbird

/// Responses as Data Flow writes them: HAL JSON bodies, plain text for logs, empty bodies with a status.
enum Responses {
    /// The media type of every JSON resource.
    static let halJSON = "application/hal+json"

    /// `value` as HAL JSON with `status`.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try WireTime.encoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = halJSON
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A plain text body.
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// No body.
    static func empty(_ status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status)
    }
}

/// What a handler knows about the request it serves: the base URL links are written with.
struct RequestBase: Sendable {
    /// `http://host:port`, from the `Host` header (Data Flow writes absolute links).
    let url: String

    init(_ request: Request, fallback: String) {
        if let host = request.head.authority, !host.isEmpty, host.allSatisfy({ !$0.isWhitespace }) {
            url = "http://\(host)"
        } else {
            url = fallback
        }
    }

    /// An absolute link to `path`.
    func link(_ path: String) -> Link { Link(url + path) }
}
