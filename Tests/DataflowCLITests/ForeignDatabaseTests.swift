import DatabaseTestSupport
import Foundation
import Testing

/// An SQLite file another program already uses: swift-batch says what it changes there.
@Suite("a database of another program")
struct ForeignDatabaseTests {
    /// Creates an SQLite file the way another program would (Python's sqlite3, rollback journal).
    static func foreignDatabase(at path: String) async throws {
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE orders (id INTEGER)'); c.execute('CREATE TABLE customers (id INTEGER)'); c.commit()"
        let made = try await TestProcess.run("/usr/bin/env", ["python3", "-c", script, path], in: URL(fileURLWithPath: "/"))
        #expect(made.status == 0, "\(made)")
    }

    @Test("dataflow db migrate says it switched the journal mode and added its tables beside the others")
    func migrate() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory.path)/app.db"
            try await Self.foreignDatabase(at: path)
            let migrated = try await CLI.run(["db", "migrate", "--db", "sqlite:\(path)"])
            #expect(migrated.status == 0, "\(migrated)")
            #expect(migrated.stdout.contains("Note: sqlite:\(path): switched the journal mode from delete to wal"), "\(migrated)")
            #expect(
                migrated.stdout.contains("Note: sqlite:\(path) already holds 2 tables of another program (customers, orders)"),
                "\(migrated)")
            let again = try await CLI.run(["db", "migrate", "--db", "sqlite:\(path)"])
            #expect(!again.stdout.contains("Note:"), "said once, when it happens: \(again)")
        }
    }

    @Test("a task run on such a database says so on standard error")
    func taskRun() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory.path)/app.db"
            try await Self.foreignDatabase(at: path)
            let run = try await CLI.run(["task", "exec", "--name", "t", "--db", "sqlite:\(path)", "--", "/bin/true"])
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("note: sqlite:\(path): switched the journal mode from delete to wal"), "\(run)")
            #expect(run.stderr.contains("already holds 2 tables of another program (customers, orders)"), "\(run)")
        }
    }
}
