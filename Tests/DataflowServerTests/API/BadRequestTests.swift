import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Logging
import Testing

@Suite("Bad requests and a database that goes away")
struct BadRequestTests {
    @Test("an oversized form body is refused with 413 and the limit", arguments: [TestDatabase.sqlite])
    func oversized(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let huge = String(repeating: "x", count: 2 << 20)
            let reply = try await client.post("/tasks/definitions", form: [("name", "big"), ("definition", huge)])
            #expect(reply.status == 413)
            #expect(reply.body.contains("larger than 1048576 bytes"))
            #expect(try await client.get("/tasks/definitions").json["page"]["totalElements"].int == 0)
        }
    }

    @Test("PostgreSQL refusing connections gives 503 with a clear body; the server recovers when it returns")
    func databaseAway() async throws {
        let name = "away_\(UInt32.random(in: 0...UInt32.max))"
        try await TestDatabase.admin { admin in _ = try await admin.query("CREATE DATABASE \(name)") }
        do {
            var settings = try TestDatabase.postgresSettings()
            settings.database = name
            let url = DatabaseURL(.postgres(settings))
            try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 2, acquireTimeout: .seconds(300), connectTimeout: .seconds(5))) { pool in
                try await Migrator(pool: pool).migrate()
                var logger = Logger(label: "dataflow-server-test")
                logger.logLevel = .critical
                let settings = ServerSettings(
                    address: "127.0.0.1", port: 0, database: url, platforms: [PlatformAccount(workingDirectoriesRoot: NSTemporaryDirectory() + name)])
                // Requests on connections of their own with a timeout that only catches hangs
                // (HummingbirdTesting's live client gives up after 20 s, which a CPU hog reached).
                try await ServerHarness.serve(settings: settings, pool: pool, logger: logger) { port in
                    let client = ServerHarness.Client(port: port, pool: pool, directory: URL(fileURLWithPath: NSTemporaryDirectory()))
                    #expect(try await client.get("/tasks/definitions").status == 200)
                    try await TestDatabase.admin { admin in
                        _ = try await admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
                        _ = try await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()")
                    }
                    let away = try await client.get("/tasks/definitions")
                    #expect(away.status == 503)
                    let body = away.json
                    #expect(body["_embedded"]["errors"][0]["logref"].string == "DataAccessResourceFailureException")
                    #expect(body["_embedded"]["errors"][0]["message"].string?.isEmpty == false)
                    try await TestDatabase.admin { admin in _ = try await admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
                    try await poll("the server to use the database again") {
                        try await client.get("/tasks/definitions").status == 200
                    }
                }
            }
        } catch {
            try? await TestDatabase.admin { admin in _ = try await admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
            try? await TestDatabase.admin { admin in _ = try await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            throw error
        }
        try await TestDatabase.admin { admin in _ = try await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
}
