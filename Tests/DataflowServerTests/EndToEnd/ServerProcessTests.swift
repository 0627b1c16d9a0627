import DatabaseTestSupport
import Foundation
import Testing

/// The real `dataflow-server` executable as a separate process.
@Suite("dataflow-server as a process: start, serve, stop on SIGTERM, refuse pending migrations")
struct ServerProcessTests {
    /// Starts the server on a free port and returns it with its base URL.
    static func start(in directory: URL, _ arguments: [String] = [], environment: [String: String] = [:]) async throws
        -> (TestProcess, String)
    {
        let server = try TestProcess("dataflow-server", ["--server.port=0"] + arguments, in: directory, environment: environment)
        try await server.waitForOutput(containing: "listening on http://")
        let line = try #require(server.stdout.split(separator: "\n").first { $0.contains("listening on http://") })
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        return (server, url)
    }

    @Test("it serves /about on SQLite by default, then SIGTERM ends it with exit 0")
    func startAndStop() async throws {
        try await withTemporaryDirectory { directory in
            let (server, url) = try await Self.start(in: directory)
            let about = try await httpGet("\(url)/about")
            #expect(about.status == 200)
            #expect(about.body.contains("\"tasksEnabled\":true"))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("dataflow.db").path), "SQLite ./dataflow.db by default")
            server.signal(SIGTERM)
            let outcome = try await server.wait()
            #expect(outcome.status == 0, "\(outcome)")
        }
    }

    @Test("an open dashboard event stream ends with SIGTERM's graceful shutdown instead of holding it", .timeLimit(.minutes(3)))
    func eventStreamEndsOnShutdown() async throws {
        try await withTemporaryDirectory { directory in
            let (server, url) = try await Self.start(in: directory)
            // A browser's EventSource, as curl: it prints the stream's first event, then waits for more.
            let stream = try TestProcess("/usr/bin/env", ["curl", "-sN", "\(url)/dashboard/events?topic=running@stale"], in: directory)
            try await stream.waitForOutput(containing: "event: change")
            server.signal(SIGTERM)
            let outcome = try await server.wait()
            #expect(outcome.status == 0, "\(outcome)")
            // The server closed the stream; curl ends with it.
            #expect(try await stream.wait().status == 0)
        }
    }

    @Test("SERVER_PORT and SPRING_DATASOURCE_URL from the environment, on PostgreSQL")
    func environment() async throws {
        try await TestDatabase.postgresql.withIsolatedURLText { url in
            try await withTemporaryDirectory { directory in
                let server = try TestProcess(
                    "dataflow-server", [], in: directory,
                    environment: ["SERVER_PORT": String(try closedLoopbackPort()), "SPRING_DATASOURCE_URL": url])
                try await server.waitForOutput(containing: "listening on http://")
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("dataflow.db").path))
                server.signal(SIGTERM)
                #expect(try await server.wait().status == 0)
            }
        }
    }

    @Test("with spring.flyway.enabled=false and migrations pending it refuses to start and says how to migrate")
    func pendingMigrations() async throws {
        try await withTemporaryDirectory { directory in
            let outcome = try await TestProcess.run(
                "dataflow-server", ["--server.port=0", "--spring.flyway.enabled=false"], in: directory)
            #expect(outcome.status != 0)
            let text = outcome.stdout + outcome.stderr
            #expect(text.contains("dataflow db migrate"), "\(outcome)")
            #expect(text.contains("V1__batch_and_task_schema.sql"), "\(outcome)")
        }
    }
}
