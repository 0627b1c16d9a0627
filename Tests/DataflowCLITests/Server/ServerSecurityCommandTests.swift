import Crypto
import DatabaseTestSupport
import Foundation
import HummingbirdBcrypt
import Testing

/// `dataflow` against a server with security on: HTTP Basic and bearer tokens, secrets never printed.
@Suite("dataflow against a secured server: --username/--password, --token, DATAFLOW_*")
struct ServerSecurityCommandTests {
    static let password = "alice-s3cret"
    static let token = "ci-t0ken-5678"

    static func arguments() -> [String] {
        let digest = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
        return [
            "--dataflow.security.users.alice.password=\(Bcrypt.hash(password, cost: 4))",
            "--dataflow.security.users.alice.roles=VIEW,CREATE,DEPLOY,DESTROY",
            "--dataflow.security.users.bob.password=\(Bcrypt.hash(password, cost: 4))",
            "--dataflow.security.users.bob.roles=VIEW",
            "--dataflow.security.tokens.ci.token-sha256=\(digest)",
            "--dataflow.security.tokens.ci.roles=VIEW,DEPLOY",
        ]
    }

    static func expectNoSecrets(_ outcome: CLI.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [password, token] {
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret), "\(outcome)", sourceLocation: sourceLocation)
        }
    }

    @Test("no credentials or wrong ones: exit 1 naming the options; right ones by option, environment or token work")
    func credentials() async throws {
        try await ServerProcess.with(.sqlite, Self.arguments()) { server in
            let anonymous = try await server.dataflow(["app", "list"])
            #expect(anonymous.status == 1, "\(anonymous)")
            #expect(
                anonymous.stderr == "error: the server at \(server.url) requires authentication: give --username and --password "
                    + "(or DATAFLOW_USERNAME and DATAFLOW_PASSWORD), or --token (DATAFLOW_TOKEN)\n", "\(anonymous)")

            let wrong = try await server.dataflow(["app", "list", "--username", "alice", "--password", "nope"])
            #expect(wrong.status == 1 && wrong.stderr.contains("refused the user name and password (Bad credentials): check --username"), "\(wrong)")
            #expect(!wrong.stderr.contains("nope"))
            let badToken = try await server.dataflow(["app", "list", "--token", "wrong-token"])
            #expect(badToken.status == 1 && badToken.stderr.contains("refused the token"), "\(badToken)")
            #expect(!badToken.stderr.contains("wrong-token"))

            let alice = ["--username", "alice", "--password", Self.password]
            let registered = try await server.dataflow(["app", "register", "--name", "timestamp", "--uri", timestampTask] + alice)
            #expect(registered.status == 0, "\(registered)")
            Self.expectNoSecrets(registered)
            let created = try await server.dataflow(
                ["task", "create", "stamp", "--definition", "timestamp"],
                environment: ["DATAFLOW_USERNAME": "alice", "DATAFLOW_PASSWORD": Self.password])
            #expect(created.status == 0, "\(created)")

            let launched = try await server.dataflow(["task", "launch", "stamp", "--wait", "--token", Self.token])
            #expect(launched.status == 0 && launched.stdout.contains("COMPLETE"), "\(launched)")
            Self.expectNoSecrets(launched)
            let listed = try await server.dataflow(["task", "execution", "list"], environment: ["DATAFLOW_TOKEN": Self.token])
            #expect(listed.status == 0 && listed.stdout.contains("stamp"), "\(listed)")

            let forbidden = try await server.dataflow(["task", "destroy", "stamp", "--token", Self.token])
            #expect(forbidden.status == 1 && forbidden.errorLines.count == 1, "\(forbidden)")
            #expect(forbidden.stderr.contains("needs the role DESTROY"), "403: \(forbidden)")
            let viewer = try await server.dataflow(["task", "launch", "stamp", "--username", "bob", "--password", Self.password])
            #expect(viewer.status == 1 && viewer.stderr.contains("needs the role DEPLOY"), "\(viewer)")

            let both = try await server.dataflow(["app", "list", "--token", Self.token] + alice)
            #expect(both.status == 2 && both.stderr.contains("not both"), "\(both)")
            let noPassword = try await server.dataflow(["app", "list", "--username", "alice"])
            #expect(noPassword.status == 2 && noPassword.stderr.contains("--username needs a password"), "\(noPassword)")
        }
    }
}
