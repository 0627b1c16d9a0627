import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Logging
import Testing

/// The served OpenAPI document stays true: every route is documented (and nothing else), and a
/// bounded schemathesis run finds no server error and no answer outside the document.
@Suite("The OpenAPI document: complete, and the live server keeps to it")
struct OpenAPITests {
    /// `METHOD /path` of every operation in the document.
    static func documented(_ json: JSON) -> [String] {
        var operations: [String] = []
        for (path, item) in (json["paths"].value as? [String: Any]) ?? [:] {
            for method in ((item as? [String: Any]) ?? [:]).keys where ["get", "post", "put", "delete"].contains(method) {
                operations.append("\(method.uppercased()) \(path)")
            }
        }
        return operations.sorted()
    }

    @Test("the document lists exactly the server's routes", arguments: [TestDatabase.sqlite])
    func complete(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let document = try await client.get("/v3/api-docs")
            #expect(document.status == 200)
            #expect(document.json["openapi"].string == "3.0.3")
            let routes = DataflowServerApplication.routeDescriptions(
                settings: ServerSettings(database: client.pool.url), pool: client.pool, logger: Logger(label: "routes"))
            #expect(Self.documented(document.json) == routes)
            #expect(try await client.get("/openapi.yaml").body.hasPrefix("openapi: 3.0.3"))
        }
    }

    @Test("schemathesis: no server error and no response outside the document, on every operation", arguments: TestDatabase.allCases)
    func schemathesis(_ database: TestDatabase) async throws {
        try await database.withIsolatedURLText { url in
            try await withTemporaryDirectory { directory in
                let (server, base) = try await ServerProcessTests.start(in: directory, [
                    "--spring.datasource.url=\(url)",
                    "--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root=\(directory.path)/launches",
                ])
                let outcome = try await TestProcess.run(
                    "/usr/bin/env",
                    ["schemathesis", "run", "\(base)/v3/api-docs", "--checks",
                     "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
                     "--max-examples", "15", "--workers", "1", "--seed", "9393", "--no-color",
                     // A hang guard, not a margin: its default, 10 s, timed out GET / on a loaded two-core machine.
                     "--request-timeout", "\(hangLimit.components.seconds)"],
                    in: directory, environment: ["HOME": directory.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
                #expect(outcome.status == 0, "\(outcome.stdout.suffix(4000))")
                #expect(outcome.stdout.contains("passed"), "\(outcome.stdout.suffix(2000))")
                server.signal(SIGTERM)
                #expect(try await server.wait().status == 0)
            }
        }
    }
}
