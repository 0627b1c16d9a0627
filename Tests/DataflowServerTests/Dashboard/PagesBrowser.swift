import DatabaseTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A browser for the dashboard tests, over the harness's real HTTP: forms posted with the
/// page's CSRF token, redirects followed with the one-shot notice cookie they set, and the few
/// things the tests read out of the HTML (ids put in the markup for them, attributes).
struct PagesBrowser: Sendable {
    let client: ServerHarness.Client

    /// A page or a form's answer.
    struct Page: Sendable, CustomStringConvertible {
        var status: Int
        var body: String
        /// The `Location` of a redirect.
        var location: String?
        /// The `name=value` of the cookies it sets (the notice of a redirect).
        var cookies: [String]
        var description: String { "\(status) \(location ?? "") \(body.prefix(2000))" }
    }

    init(_ client: ServerHarness.Client) {
        self.client = client
    }

    func get(_ uri: String, cookies: [String] = []) async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
        return Self.page(try await client.send(.get, uri, headers: headers))
    }

    /// Posts `form` (with the `_csrf` of `from` unless `csrf` is false).
    func post(_ uri: String, _ form: [(String, String)], from page: Page? = nil, csrf: Bool = true) async throws -> Page {
        var fields = form
        if csrf, let page {
            fields.insert(("_csrf", try #require(Self.csrf(page.body), "no _csrf on the page")), at: 0)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return Self.page(try await client.send(.post, uri, headers: headers, body: ByteBuffer(string: ServerHarness.Client.encode(fields))))
    }

    /// The page a redirect leads to, with the notice it set.
    func follow(_ redirect: Page) async throws -> Page {
        #expect(redirect.status == 303, "\(redirect)")
        return try await get(try #require(redirect.location), cookies: redirect.cookies)
    }

    static func page(_ response: TestClient.Response) -> Page {
        Page(
            status: Int(response.status.code), body: String(buffer: response.body ?? ByteBuffer()), location: response.headers[.location],
            cookies: response.headers[values: .setCookie].compactMap { $0.split(separator: ";").first.map(String.init) })
    }

    /// The `_csrf` value of the first form of `html`.
    static func csrf(_ html: String) -> String? {
        first(#"name="_csrf" value="([^"]*)""#, in: html)
    }

    /// The numbers `n` of every `id="<prefix>n"` in `html`, in page order.
    static func ids(_ prefix: String, in html: String) -> [Int64] {
        all("id=\"\(NSRegularExpression.escapedPattern(for: prefix))([0-9]+)\"", in: html).compactMap { Int64($0) }
    }

    /// The value of attribute `name` on the element with `id`.
    static func attribute(_ name: String, ofId id: String, in html: String) -> String? {
        first("<[^>]*id=\"\(NSRegularExpression.escapedPattern(for: id))\"[^>]*\\s\(name)=\"([^\"]*)\"", in: html)
            ?? first("<[^>]*\\s\(name)=\"([^\"]*)\"[^>]*id=\"\(NSRegularExpression.escapedPattern(for: id))\"", in: html)
    }

    /// The HTML of the element with `id` up to its closing `</tag>` (elements of that tag must not nest in it).
    static func element(_ id: String, tag: String, in html: String) -> String? {
        first("(<\(tag)[^>]*id=\"\(NSRegularExpression.escapedPattern(for: id))\"[\\s\\S]*?</\(tag)>)", in: html)
    }

    /// The text of `html` with tags removed and entities decoded.
    static func text(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func first(_ pattern: String, in text: String) -> String? {
        all(pattern, in: text).first
    }

    static func all(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
