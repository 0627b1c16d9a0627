import DataflowServer
import DatabaseTestSupport
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import Testing

/// Composed tasks on a server with security on: the runner calls the server back with a token
/// the server gave its launch (``LaunchToken``), valid only while that launch runs.
@Suite("Composed tasks with security on: the runner's own token")
struct ComposedSecurityTests {
    typealias Role = DataflowServerConfiguration.SecurityRole

    /// `ops` may do everything; `viewer` only look.
    static func secured(_ settings: inout ServerSettings) {
        let hash = Bcrypt.hash("secret", cost: 4)
        settings.security = .init(
            enabled: true,
            users: [.init(name: "ops", passwordHash: hash, roles: Role.allCases), .init(name: "viewer", passwordHash: hash, roles: [.view])],
            tokens: [])
    }

    static func basic(_ user: String, _ password: String = "secret") -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("the runner launches, watches and stops its children with its own token; their launches are the launching user's", arguments: TestDatabase.allCases)
    func runnerToken(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database, configure: Self.secured) { client in
            var client = client
            client.authorization = Self.basic("ops")
            // A child reports whether it got a token: only the runner is given one.
            for app in ["a", "b"] {
                try await client.scriptApp(app, "echo \"\(app) ${DATAFLOW_SERVER_ACCESS_TOKEN:-none}\" >> \"$DIR/trail\"")
            }
            try await client.create("secure", "a && b")
            let runner = try await client.launch("secure")
            let ended = try await client.ended(runner)
            #expect(ended["taskExecutionStatus"].string == "COMPLETE" && ended["exitCode"].int == 0, "\(ended)")
            #expect(ended["composedTaskJobExecutionStatus"].string == "COMPLETED", "\(ended)")
            let lines = try String(contentsOf: client.directory.appendingPathComponent("trail"), encoding: .utf8)
            #expect(lines == "a none\nb none\n", "\(lines)")
            for child in ["secure-a", "secure-b"] {
                #expect(try await client.executions(of: child).first?["parentExecutionId"].int == runner, "\(child)")
            }
            // The children's launches are recorded as the user's, made through the runner.
            let audit = try await client.get("/audit-records?operations=TASK&actions=DEPLOY&size=50").json["_embedded"]["auditRecordResourceList"].array
            let launchedBy = Dictionary(audit.map { ($0["correlationId"].string ?? "", $0["createdBy"].string ?? "") }, uniquingKeysWith: { first, _ in first })
            #expect(launchedBy["secure"] == "ops", "\(launchedBy)")
            #expect(launchedBy["secure-a"] == "ops via secure (task execution \(runner))", "\(launchedBy)")
            #expect(launchedBy["secure-b"] == "ops via secure (task execution \(runner))", "\(launchedBy)")

            // Credentials given to the runner win over its token: wrong ones fail the first child's
            // launch with the server's 401, recorded on the runner's step, and the password is masked.
            let refused = try await client.launch("secure", arguments: "--dataflow-server-username=ops --dataflow-server-password=wrong")
            let failed = try await client.ended(refused)
            #expect(failed["taskExecutionStatus"].string == "ERROR" && failed["composedTaskJobExecutionStatus"].string == "FAILED", "\(failed)")
            #expect(failed["arguments"].array.compactMap(\.string).contains("--dataflow-server-password=******"), "\(failed)")
            let job = try await client.jobExecution(ofTask: refused)
            let steps = try await client.steps(ofJob: try #require(job["executionId"].int))
            let description = steps["secure-a"]?["exitStatus"]["exitDescription"].string ?? ""
            #expect(description.contains("401") && description.contains("credentials were refused"), "\(steps)")
            #expect(try await client.executions(of: "secure-a").count == 1, "no child launched without valid credentials")
        }
    }

    @Test("a launch token works only for its running launch, only for what a runner does, and not once altered or ended", arguments: TestDatabase.allCases)
    func tokenLifetime(_ database: TestDatabase) async throws {
        // A stand-in runner: writes the token it was given, then waits for the test's word
        // (the loop's bound is a hang guard).
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("launch-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let runnerScript = directory.appendingPathComponent("runner.sh")
        try """
            #!/bin/sh
            printf '%s' "$DATAFLOW_SERVER_ACCESS_TOKEN" > '\(directory.path)/token.tmp'
            mv '\(directory.path)/token.tmp' '\(directory.path)/token'
            i=0
            while [ ! -f '\(directory.path)/go' ]; do i=$((i+1)); [ $i -gt 6000 ] && exit 1; sleep 0.1; done
            """.write(to: runnerScript, atomically: true, encoding: .utf8)
        chmod(runnerScript.path, 0o755)
        try await ServerHarness.with(
            database,
            configure: { settings in
                Self.secured(&settings)
                settings.composedTasks = ComposedTaskSettings(runnerURI: runnerScript.path)
            }
        ) { client in
            var client = client
            client.authorization = Self.basic("ops")
            for app in ["a", "b"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("held", "a && b")
            let runner = try await client.launch("held")
            let tokenFile = directory.appendingPathComponent("token")
            try await poll("the stand-in runner to write its token") { FileManager.default.fileExists(atPath: tokenFile.path) }
            let token = try String(contentsOf: tokenFile, encoding: .utf8)
            #expect(token.hasPrefix("sbt1.\(runner)."), "\(token)")

            func status(_ method: HTTPRequest.Method, _ uri: String, bearer: String) async throws -> Int {
                try await client.send(method, uri, headers: [.authorization: "Bearer \(bearer)"]).status.code
            }
            #expect(try await status(.get, "/tasks/executions/\(runner)", bearer: token) == 200)
            #expect(try await status(.post, "/tasks/executions/launch?name=held-a", bearer: token) == 201, "a runner launches")
            #expect(try await status(.post, "/tasks/definitions?name=more&definition=a", bearer: token) == 403, "a runner does not create")
            var altered = Array(token)
            altered[altered.count - 1] = altered.last == "A" ? "B" : "A"
            #expect(try await status(.get, "/tasks/executions/\(runner)", bearer: String(altered)) == 401)
            let elsewhere = token.replacingOccurrences(of: "sbt1.\(runner).", with: "sbt1.\(runner + 1000).")
            #expect(try await status(.get, "/tasks/executions/\(runner)", bearer: elsewhere) == 401)

            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("go").path, contents: nil))
            let ended = try await client.ended(runner)
            #expect(ended["exitCode"].int == 0, "\(ended)")
            #expect(try await status(.get, "/tasks/executions/\(runner)", bearer: token) == 401, "its launch ended")
            var viewer = client
            viewer.authorization = Self.basic("viewer")
            #expect(try await viewer.get("/tasks/executions/\(runner)").status == 200)
        }
    }
}
