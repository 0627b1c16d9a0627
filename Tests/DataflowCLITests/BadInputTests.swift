import Database
import DatabaseTestSupport
import Foundation
import Testing

/// Every failure is one line on standard error that says what failed and what to do,
/// with a non-zero exit code, and never a password or a stack dump.
@Suite("dataflow db: bad input")
struct BadInputTests {
    static func expectOneLine(_ outcome: CLI.Outcome, status: Int32, contains parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.errorLines.count == 1, "one line: \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: "), "\(outcome)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(outcome.stderr.contains(part), "expected '\(part)' in: \(outcome.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!outcome.stderr.contains("Stack dump") && !outcome.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test("a URL that cannot be understood: exit 2, the accepted forms, no password")
    func badURL() async throws {
        let outcome = try await CLI.run(["db", "migrate", "--db", "mysql://root:hunter2@localhost/db"])
        Self.expectOneLine(outcome, status: 2, contains: ["invalid database URL", "unsupported scheme", "postgres://user:password@host:5432/database"])
        #expect(!outcome.stderr.contains("hunter2"))
        let environment = try await CLI.run(["db", "info"], environment: ["SPRING_DATASOURCE_URL": "jdbc:oracle:thin:@h:1521:x"])
        Self.expectOneLine(environment, status: 2, contains: ["(from SPRING_DATASOURCE_URL)"])
    }

    @Test("an unreachable server: exit 1, which address, what to check")
    func unreachable() async throws {
        let port = try closedLoopbackPort()
        let outcome = try await CLI.run(["db", "migrate", "--db", "postgres://batch:hunter2@127.0.0.1:\(port)/jobs"])
        Self.expectOneLine(outcome, status: 1, contains: [
            "cannot connect to postgres://batch:***@127.0.0.1:\(port)/jobs", "Connection refused",
            "Check that PostgreSQL runs on that host and port",
        ])
        #expect(!outcome.stderr.contains("hunter2"))
    }

    @Test("a wrong password: exit 1, authentication failed, how to give credentials")
    func wrongPassword() async throws {
        let server = try TestDatabase.postgresSettings()
        let url = "postgres://\(server.user ?? "postgres"):wrong-secret@\(server.host):\(server.port)/\(server.database ?? "postgres")"
        let outcome = try await CLI.run(["db", "info", "--db", url])
        Self.expectOneLine(outcome, status: 1, contains: ["password authentication failed", "Check the user name and password"])
        #expect(!outcome.stderr.contains("wrong-secret"))
    }

    @Test("a database that does not exist: exit 1 with what to do")
    func missingDatabase() async throws {
        let server = try TestDatabase.postgresSettings()
        let url = "postgres://\(server.user ?? "postgres"):\(server.password ?? "")@\(server.host):\(server.port)/no_such_db"
        let outcome = try await CLI.run(["db", "migrate", "--db", url])
        Self.expectOneLine(outcome, status: 1, contains: ["database \"no_such_db\" does not exist", "createdb"])
        try await withTemporaryDirectory { directory in
            let info = try await CLI.run(["db", "info", "--db", "sqlite:\(directory.path)/absent.db"])
            Self.expectOneLine(info, status: 1, contains: ["no SQLite database at", "dataflow db migrate"])
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("absent.db").path), "info creates nothing")
            let missingDirectory = try await CLI.run(["db", "migrate", "--db", "sqlite:\(directory.path)/no/such/dir/x.db"])
            Self.expectOneLine(missingDirectory, status: 1, contains: ["cannot open SQLite database", "directory exists"])
        }
    }

    @Test("an applied migration that was edited: migrate and info refuse, exit 1")
    func tamperedHistory() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/tampered.db"
            #expect(try await CLI.run(["db", "migrate", "--db", url]).status == 0)
            _ = try await TestDatabase.connect(DatabaseURL(url)) {
                try await $0.execute("UPDATE SWIFT_BATCH_SCHEMA_HISTORY SET CHECKSUM = 'feedface' WHERE VERSION = 1")
            }
            let migrate = try await CLI.run(["db", "migrate", "--db", url])
            Self.expectOneLine(migrate, status: 1, contains: ["V1__batch_and_task_schema.sql was changed after it was applied", "new version"])
            let info = try await CLI.run(["db", "info", "--db", url])
            #expect(info.status == 1)
            #expect(info.stdout.contains("NOT VALID"), "\(info)")
        }
    }

    @Test("unknown commands and options: exit 2 with usage help")
    func usage() async throws {
        let unknown = try await CLI.run(["db", "frobnicate"])
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("frobnicate"))
        let option = try await CLI.run(["db", "migrate", "--no-such-option"])
        #expect(option.status == 2, "\(option)")
        let help = try await CLI.run(["db", "migrate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--db"))
    }
}
