import Crypto
import DataflowServer
import DatabaseTestSupport
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Security on: HTTP Basic and bearer tokens with Data Flow's roles")
struct SecurityTests {
    typealias Role = DataflowServerConfiguration.SecurityRole

    static let token = "ci-token-1234"

    static func configure(_ settings: inout ServerSettings) {
        let hash = Bcrypt.hash("secret", cost: 4)
        let users: [(String, [Role])] = [
            ("viewer", [.view]), ("creator", [.view, .create]), ("deployer", [.view, .deploy]), ("destroyer", [.view, .destroy]),
            ("modifier", [.view, .modify]), ("admin", Role.allCases),
        ]
        let digest = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
        settings.security = .init(
            enabled: true, users: users.map { .init(name: $0.0, passwordHash: hash, roles: $0.1) },
            tokens: [.init(name: "ci", sha256: digest, roles: [.view, .deploy])])
    }

    static func send(_ client: ServerHarness.Client, _ method: HTTPRequest.Method, _ uri: String, as user: String?, password: String = "secret", bearer: String? = nil) async throws -> Int {
        var headers = HTTPFields()
        if let user { headers[.authorization] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        return try await client.send(method, uri, headers: headers).status.code
    }

    @Test("each role may do what Data Flow lets it do, and nothing else", arguments: [TestDatabase.sqlite])
    func roles(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: Self.configure) { client in
            #expect(try await Self.send(client, .get, "/about", as: nil) == 200, "open to anyone")
            #expect(try await Self.send(client, .get, "/", as: nil) == 200)
            #expect(try await Self.send(client, .get, "/apps", as: nil) == 401)
            #expect(try await Self.send(client, .get, "/apps", as: "viewer", password: "wrong") == 401)
            #expect(try await Self.send(client, .get, "/apps", as: "nobody") == 401)
            #expect(try await Self.send(client, .get, "/apps", as: "viewer") == 200)
            let register = "/apps/task/timestamp/1.0.0?uri=\(timestampTask)"
            #expect(try await Self.send(client, .post, register, as: "viewer") == 403)
            #expect(try await Self.send(client, .post, register, as: "deployer") == 403)
            #expect(try await Self.send(client, .post, register, as: "creator") == 201)
            #expect(try await Self.send(client, .put, "/apps/task/timestamp/1.0.0", as: "creator") == 403)
            #expect(try await Self.send(client, .put, "/apps/task/timestamp/1.0.0", as: "modifier") == 202)
            #expect(try await Self.send(client, .post, "/tasks/definitions?name=stamp&definition=timestamp", as: "deployer") == 403)
            #expect(try await Self.send(client, .post, "/tasks/definitions?name=stamp&definition=timestamp", as: "creator") == 200)
            #expect(try await Self.send(client, .post, "/tasks/executions/launch?name=stamp", as: "creator") == 403)
            #expect(try await Self.send(client, .post, "/tasks/executions/launch?name=stamp", as: "deployer") == 201)
            #expect(try await Self.send(client, .post, "/tasks/executions/launch?name=stamp", as: nil, bearer: Self.token) == 201)
            #expect(try await Self.send(client, .post, "/tasks/executions/launch?name=stamp", as: nil, bearer: "wrong") == 401)
            #expect(try await Self.send(client, .delete, "/tasks/definitions/stamp", as: "deployer") == 403)
            #expect(try await Self.send(client, .delete, "/tasks/definitions/stamp", as: "destroyer") == 200)
            let refusal = try await client.send(.get, "/apps")
            #expect(refusal.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            let body = JSON(parsing: String(buffer: refusal.body ?? ByteBuffer()))
            #expect(body["status"].int == 401 && body["error"].string == "Unauthorized" && body["path"].string == "/apps")
            var headers = HTTPFields()
            headers[.authorization] = "Basic " + Data("admin:secret".utf8).base64EncodedString()
            let info = try await client.send(.get, "/security/info", headers: headers)
            let security = JSON(parsing: String(buffer: info.body ?? ByteBuffer()))
            #expect(security["authenticated"].bool == true && security["username"].string == "admin")
            #expect(security["roles"].array.count == Role.allCases.count)
            let audit = try await client.send(.get, "/audit-records?operations=TASK&actions=CREATE", headers: headers)
            #expect(JSON(parsing: String(buffer: audit.body ?? ByteBuffer()))["_embedded"]["auditRecordResourceList"][0]["createdBy"].string == "creator")
        }
    }
}
