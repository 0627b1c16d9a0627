import DataflowServer
import DatabaseTestSupport
import Foundation
import HTTPTypes
import NIOCore

/// A browser-like client of the dashboard over real HTTP: it keeps the session cookie a sign-in
/// sets and reads each page's CSRF token, as a browser's form would post it.
struct DashboardClient: Sendable {
    let client: ServerHarness.Client
    var cookie: String?

    init(_ client: ServerHarness.Client, cookie: String? = nil) {
        self.client = client
        self.cookie = cookie
    }

    struct Page: Sendable {
        var status: Int
        var html: String
        var location: String?
        var setCookies: [String]

        /// The value of the page's first `_csrf` field.
        var csrf: String? {
            guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func get(_ uri: String) async throws -> Page {
        try await send(.get, uri, body: nil)
    }

    func post(_ uri: String, _ form: [(String, String)]) async throws -> Page {
        try await send(.post, uri, body: ServerHarness.Client.encode(form))
    }

    /// Signs in through the form; the session cookie is kept.
    mutating func signIn(_ user: String, password: String = "secret") async throws -> Page {
        let page = try await post("/dashboard/login", [("username", user), ("password", password), ("next", "/dashboard")])
        if let session = page.setCookies.first(where: { $0.hasPrefix("dataflow_session=") }) {
            cookie = String(session.prefix { $0 != ";" })
        }
        return page
    }

    private func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> Page {
        var headers = HTTPFields()
        headers[.accept] = "text/html"
        if let cookie { headers[.cookie] = cookie }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.send(method, uri, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Page(
            status: response.status.code, html: String(buffer: response.body ?? ByteBuffer()), location: response.headers[.location],
            setCookies: response.headers[values: .setCookie])
    }
}
