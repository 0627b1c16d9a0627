import Crypto
import Database
import Foundation

/// A bearer token the server gives a process it launches that calls the server back: the
/// composed-task runner, which launches, watches and stops its children through the REST API.
///
/// Data Flow leaves the runner's credentials to the user (`dataflow-server-username` and
/// `-password`, or an OAuth token), and a composed task launched with security on and none
/// given fails at its first child. Here, with security on, each runner's start gets a token of
/// its own:
/// - 32 random bytes, `sbt1.<execution id>.<base64url>`, handed over in the process's
///   environment as `DATAFLOW_SERVER_ACCESS_TOKEN` (not an argument: arguments are recorded in
///   `TASK_EXECUTION_PARAMS` and shown by `ps`);
/// - only its SHA-256 is kept, in the launch's record, so every server on the database accepts
///   it and a restarted server still does;
/// - valid while the launch has not ended, with the roles a runner needs (VIEW and DEPLOY);
///   requests made with it are attributed to the user who launched the composed task.
/// Credentials given explicitly (`--dataflow-server-username`/`-password` or
/// `--dataflow-server-access-token`) win over it, as arguments win over the environment.
struct LaunchToken: Sendable, Hashable {
    /// The variable the token is passed in (the runner's `dataflow-server-access-token`).
    static let environmentVariable = "DATAFLOW_SERVER_ACCESS_TOKEN"
    /// The prefix that tells a launch token from a configured one.
    static let prefix = "sbt1."

    /// The token as presented.
    let text: String
    /// Its SHA-256, hex, as stored.
    var digest: String { ServerSecurity.digest(text) }

    /// A new token for the launch of task execution `executionId`.
    static func issue(executionId: Int64) -> LaunchToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return LaunchToken(text: "\(prefix)\(executionId).\(secret)")
    }

    /// The task execution a presented token names, if it has the token's form.
    static func executionId(of text: String) -> Int64? {
        guard text.hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 43 else { return nil }
        return Int64(parts[0])
    }

    /// Checks presented launch tokens against the launches' records.
    struct Verifier: Sendable {
        let pool: ConnectionPool

        /// The principal of `text` when it is the token of a launch that has not ended; nil when
        /// it is not a launch token at all.
        /// - Throws: ``ServerSecurity/Failure/badCredentials`` for a launch token that does not
        ///   match, or whose launch ended.
        func principal(_ text: String) async throws -> ServerSecurity.Principal? {
            guard let executionId = LaunchToken.executionId(of: text) else { return nil }
            let launch = try await pool.withConnection { try await TaskLaunchStore.find(executionId: executionId, on: $0) }
            guard let launch, launch.state != .ended, let access = launch.request.serverAccess, let stored = access.tokenDigest,
                ServerSecurity.constantTimeEqual(Data(stored.utf8), Data(ServerSecurity.digest(text).utf8))
            else { throw ServerSecurity.Failure.badCredentials }
            let runner = "\(launch.taskName) (task execution \(executionId))"
            return ServerSecurity.Principal(
                name: access.user.map { "\($0) via \(runner)" } ?? runner, roles: [.view, .deploy])
        }
    }
}

/// What a launch that calls the server back is given (``LaunchToken``), kept with its request.
public struct ServerAccess: Sendable, Hashable, Codable {
    /// The user who asked for the launch, to whom the process's requests are attributed.
    public var user: String?
    /// The SHA-256 of the token its process was started with (hex); nil until it starts, or
    /// when security is off.
    public var tokenDigest: String?

    /// Creates the access of a launch asked for by `user`.
    public init(user: String?, tokenDigest: String? = nil) {
        self.user = user
        self.tokenDigest = tokenDigest
    }
}
