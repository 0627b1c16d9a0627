import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard's responses: HTML that no one caches or frames, redirects after actions,
/// and refusals as pages.
enum DashboardResponses {
    /// What every dashboard page may load: only this server's own scripts, styles and images.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// `html` with `status`.
    static func html(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// `303 See Other` to `location` (after a form's POST, so a reload does not post again).
    static func redirect(to location: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A refusal as a small page (the dashboard's 403 and its CSRF refusals).
    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let page = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(status.code) \(escaped(status.reasonPhrase))</title></head><body><main><h1>\(status.code) \(escaped(status.reasonPhrase))</h1>\
            <p>\(escaped(message))</p><p><a href="/dashboard">Back to the dashboard</a></p></main></body></html>
            """
        return html(page, status: status)
    }

    /// The refusal of a form posted without the page's CSRF token.
    static func csrfRefusal() -> Response {
        refusal(
            .forbidden,
            "This form's security token is missing or out of date (the server restarted, or the form came from elsewhere). Reload the page and try again.")
    }

    /// `text` escaped for HTML text and attribute values.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` percent-escaped for a query value.
    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `text` percent-escaped for one path segment.
    static func pathEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
