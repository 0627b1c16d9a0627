import Crypto
import Foundation
import HTTPTypes
import HummingbirdAuth
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// HTTP Basic users and bearer tokens with Data Flow's roles. Passwords are checked against
/// their bcrypt hashes off the cooperative pool (bcrypt costs tens of milliseconds by design);
/// a credential that passed is remembered by its SHA-256 for five minutes, so a client's every
/// request does not pay for bcrypt again. Tokens are compared by their SHA-256 in constant time.
public final class ServerSecurity: Sendable {
    /// Who a request authenticated as.
    public struct Principal: Sendable, Hashable {
        /// The user or token name.
        public var name: String
        /// Its roles.
        public var roles: [DataflowServerConfiguration.SecurityRole]
    }

    /// The settings.
    public let settings: DataflowServerConfiguration.SecuritySettings
    private let verified = Mutex<[String: (Principal, ContinuousClock.Instant)]>([:])
    private static let memory: Duration = .seconds(300)

    /// The launch tokens' checker (``LaunchToken``), when the server has a database.
    let launchTokens: LaunchToken.Verifier?

    /// Creates the checker.
    public init(_ settings: DataflowServerConfiguration.SecuritySettings) {
        self.settings = settings
        self.launchTokens = nil
    }

    /// Creates the checker that also accepts the tokens of the server's launches.
    init(_ settings: DataflowServerConfiguration.SecuritySettings, launchTokens: LaunchToken.Verifier) {
        self.settings = settings
        self.launchTokens = launchTokens
    }

    /// The principal of the request's credentials; nil when it carries none.
    /// - Throws: ``Failure/badCredentials`` for credentials that do not match.
    func authenticate(_ headers: HTTPFields) async throws -> Principal? {
        if let basic = headers.basic {
            return try await verify(username: basic.username, password: basic.password)
        }
        if let bearer = headers.bearer {
            if let launchTokens, let principal = try await launchTokens.principal(bearer.token) { return principal }
            let presented = Data(Self.digest(bearer.token).utf8)
            for token in settings.tokens where Self.constantTimeEqual(Data(token.sha256.lowercased().utf8), presented) {
                return Principal(name: token.name, roles: token.roles)
            }
            throw Failure.badCredentials
        }
        return nil
    }

    /// The principal of a user name and password (HTTP Basic, or the dashboard's sign-in form).
    /// - Throws: ``Failure/badCredentials`` for an unknown user or a wrong password.
    func verify(username: String, password: String) async throws -> Principal {
        let key = Self.digest("basic\u{0}\(username)\u{0}\(password)")
        if let known = remembered(key) { return known }
        guard let user = settings.users.first(where: { $0.name == username }) else { throw Failure.badCredentials }
        let hash = user.passwordHash.hasPrefix("{bcrypt}") ? String(user.passwordHash.dropFirst(8)) : user.passwordHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard matches else { throw Failure.badCredentials }
        return remember(key, Principal(name: user.name, roles: user.roles))
    }

    /// Why a request was refused.
    enum Failure: Error {
        case badCredentials
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func remembered(_ key: String) -> Principal? {
        verified.withLock { cache in
            guard let (principal, time) = cache[key], ContinuousClock.now - time < Self.memory else { return nil }
            return principal
        }
    }

    private func remember(_ key: String, _ principal: Principal) -> Principal {
        verified.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (principal, ContinuousClock.now)
        }
        return principal
    }
}
