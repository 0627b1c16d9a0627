import Crypto
import Foundation
import HTTPTypes

/// The dashboard's browser sessions, its CSRF tokens and its one-shot notices, all signed
/// with one key (HMAC-SHA256) so the server keeps no session table: a session cookie carries
/// the user, the roles granted at sign-in and its expiry. The key is made at start, so a
/// restarted server asks browsers to sign in again; nothing a cookie says is trusted unless
/// its signature matches.
final class DashboardSessions: Sendable {
    /// The session cookie's name.
    static let cookieName = "dataflow_session"
    /// The notice cookie's name (a message shown once, after a redirect).
    static let noticeCookieName = "dataflow_notice"
    /// How long a sign-in lasts.
    static let lifetime: TimeInterval = 8 * 3600

    /// A signed-in user.
    struct Session: Sendable, Codable, Hashable {
        /// The user name.
        var user: String
        /// The roles granted at sign-in.
        var roles: [String]
        /// Seconds since 1970 when the session ends.
        var expires: Double
    }

    /// The key's bytes (`SymmetricKey` is not `Sendable`; it is made from them for each use).
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Creates the signer with a fresh random key.
    init() {
        keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// The cookie value of a new session for `user`.
    func cookieValue(user: String, roles: [String], now: Date = Date()) -> String {
        let session = Session(user: user, roles: roles, expires: now.timeIntervalSince1970 + Self.lifetime)
        let payload = Self.base64URL((try? JSONEncoder().encode(session)) ?? Data())
        return payload + "." + sign("session|" + payload)
    }

    /// The session a request's cookie carries, if it is signed by this server and not expired.
    func session(_ headers: HTTPFields, now: Date = Date()) -> Session? {
        guard let value = Self.cookie(Self.cookieName, in: headers) else { return nil }
        let parts = value.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, verify(parts[1], "session|" + parts[0]),
            let data = Self.data(base64URL: parts[0]),
            let session = try? JSONDecoder().decode(Session.self, from: data),
            session.expires > now.timeIntervalSince1970
        else { return nil }
        return session
    }

    /// The CSRF token of a request: bound to its session cookie, or to the server when no one
    /// signs in. A cross-site page can post a form but cannot read this token.
    func csrfToken(_ headers: HTTPFields) -> String {
        sign("csrf|" + (Self.cookie(Self.cookieName, in: headers) ?? "anonymous"))
    }

    /// Whether `token` is the request's CSRF token (compared in constant time).
    func isValidCSRF(_ token: String?, _ headers: HTTPFields) -> Bool {
        guard let token else { return false }
        return ServerSecurity.constantTimeEqual(Data(token.utf8), Data(csrfToken(headers).utf8))
    }

    /// A `Set-Cookie` value carrying a signed one-shot notice.
    func noticeCookie(_ notice: DashboardNotice) -> String {
        let payload = Self.base64URL((try? JSONEncoder().encode(notice)) ?? Data())
        return "\(Self.noticeCookieName)=\(payload).\(sign("notice|" + payload)); Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=60"
    }

    /// The notice a request carries, if signed by this server.
    func notice(_ headers: HTTPFields) -> DashboardNotice? {
        guard let value = Self.cookie(Self.noticeCookieName, in: headers) else { return nil }
        let parts = value.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, verify(parts[1], "notice|" + parts[0]), let data = Self.data(base64URL: parts[0]) else { return nil }
        return try? JSONDecoder().decode(DashboardNotice.self, from: data)
    }

    /// The `Set-Cookie` value that removes the notice once shown.
    static let clearedNoticeCookie = "\(noticeCookieName)=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0"

    /// The `Set-Cookie` value of a session.
    static func sessionCookie(_ value: String) -> String {
        "\(cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(lifetime))"
    }

    /// The `Set-Cookie` value that signs out.
    static let clearedSessionCookie = "\(cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func cookie(_ name: String, in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                let value = String(trimmed[trimmed.index(after: equals)...])
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    private func sign(_ text: String) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
    }

    private func verify(_ signature: String, _ text: String) -> Bool {
        guard let code = Self.data(base64URL: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Data(text.utf8), using: key)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// A message shown once on the page a dashboard action redirects to.
struct DashboardNotice: Sendable, Codable, Hashable {
    /// `success` or `error`.
    var kind: String
    /// The message.
    var message: String
    /// Its ARIA role: `status` for a success, `alert` for an error (read out at once).
    var role: String

    /// A success notice.
    static func success(_ message: String) -> DashboardNotice { DashboardNotice(kind: "success", message: message, role: "status") }
    /// An error notice.
    static func error(_ message: String) -> DashboardNotice { DashboardNotice(kind: "error", message: message, role: "alert") }
}
