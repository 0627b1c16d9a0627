import Database
import DatabaseTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// What swift-batch does to a database that is not its alone is said, as data and as a warning.
@Suite("Notices about another program's database")
struct MigrationNoticeTests {
    /// Keeps the messages logged at warning level and above.
    final class WarningRecorder: LogHandler, Sendable {
        private let warnings = Mutex<[String]>([])
        var metadata: Logger.Metadata {
            get { [:] }
            set {}
        }
        var logLevel: Logger.Level {
            get { .warning }
            set {}
        }
        subscript(metadataKey _: String) -> Logger.Metadata.Value? {
            get { nil }
            set {}
        }
        func log(event: LogEvent) { warnings.withLock { $0.append(event.message.description) } }
        var messages: [String] { warnings.withLock { $0 } }
        var logger: Logger { Logger(label: "test") { _ in self } }
    }

    /// Creates `path` as another program would: tables and rows, rollback-journal (DELETE) mode.
    static func createForeignDatabase(_ path: String, tables: [String]) async throws {
        try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: path)), configuration: .init(maximumConnections: 1)) { pool in
            try await pool.withConnection { connection in
                for table in tables {
                    try await connection.execute("CREATE TABLE \(table) (ID INTEGER PRIMARY KEY, NAME TEXT)")
                    try await connection.execute("INSERT INTO \(table) (NAME) VALUES ('x')")
                }
                #expect(try await connection.query("PRAGMA journal_mode = DELETE").first?.decode(String.self, at: 0) == "delete")
            }
        }
        // The pool keeps its -wal file (SQLITE_FCNTL_PERSIST_WAL), and SQLite reopens a database in WAL mode
        // while one lies beside it; a program that never used WAL leaves none.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // Bytes 18 and 19 of the header are 1 in rollback-journal mode and 2 in WAL mode.
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        #expect(Array(header.suffix(2)) == [1, 1], "the file is in rollback-journal mode before swift-batch opens it")
    }

    @Test("an existing SQLite file of another program: switched to WAL and migrated beside its tables, both said once")
    func foreignSQLiteFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.resolvingSymlinksInPath().path + "/app.db"
            try await Self.createForeignDatabase(path, tables: ["orders", "customers"])
            let switched =
                "sqlite:\(path): switched the journal mode from delete to wal (other programs using this file must support WAL)"
            let beside =
                "sqlite:\(path) already holds 2 tables of another program (customers, orders); added swift-batch's metadata tables (BATCH_*, TASK_*, SB_*) beside them"
            let recorder = WarningRecorder()
            try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: path)), logger: recorder.logger) { pool in
                #expect(pool.notices == [switched])
                let report = try await Migrator(pool: pool).migrateReporting()
                #expect(report.applied.count == (try Migrator(pool: pool).migrations.count))
                #expect(report.notices == [switched, beside])
            }
            #expect(recorder.messages == [switched, beside])
            let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
            #expect(Array(header.suffix(2)) == [2, 2], "WAL mode is stored in the file")

            let again = WarningRecorder()
            try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: path)), logger: again.logger) { pool in
                let report = try await Migrator(pool: pool).migrateReporting()
                #expect(report == MigrationReport(applied: [], notices: []))
                #expect(pool.notices.isEmpty)
            }
            #expect(again.messages.isEmpty)
        }
    }

    @Test("a new file, an empty file and an in-memory database need no word")
    func ownDatabases() async throws {
        try await withTemporaryDirectory { directory in
            let empty = directory.path + "/empty.db"
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            for url in [DatabaseURL(.sqliteFile(path: directory.path + "/new.db")), DatabaseURL(.sqliteFile(path: empty)), DatabaseURL(.sqliteMemory)] {
                let recorder = WarningRecorder()
                try await ConnectionPool.withPool(url: url, logger: recorder.logger) { pool in
                    let report = try await Migrator(pool: pool).migrateReporting()
                    #expect(!report.applied.isEmpty)
                    #expect(report.notices.isEmpty, "\(url)")
                }
                #expect(recorder.messages.isEmpty, "\(url)")
            }
        }
    }

    @Test("tables of Spring Batch, Spring Cloud Task and swift-batch are not another program's; more than five are cut short",
          arguments: TestDatabase.allCases)
    func whichTablesCount(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let one = try Migration(script: "V1__one.sql", sql: "CREATE TABLE SB_ONE (ID INTEGER)")
            let two = try Migration(script: "V2__two.sql", sql: "CREATE TABLE SB_TWO (ID INTEGER)")
            try await pool.withConnection { connection in
                for table in ["BATCH_OLD", "task_old", "SB_OLD", "SWIFT_BATCH_OLD"] {
                    try await connection.execute("CREATE TABLE \(table) (ID INTEGER)")
                }
            }
            #expect(try await Migrator(pool: pool, migrations: [one]).migrateReporting().notices.isEmpty)

            try await pool.withConnection { connection in
                for table in ["a1", "a2", "a3", "a4", "a5", "a6"] { try await connection.execute("CREATE TABLE \(table) (ID INTEGER)") }
            }
            let later = try await Migrator(pool: pool, migrations: [one, two]).migrateReporting()
            #expect(later.applied.map(\.version) == [2])
            #expect(later.notices.isEmpty, "swift-batch's history was there: the tables came after it")
        }
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                for table in ["a1", "a2", "a3", "a4", "a5", "a6", "BATCH_OLD"] { try await connection.execute("CREATE TABLE \(table) (ID INTEGER)") }
            }
            let report = try await Migrator(pool: pool, migrations: [try Migration(script: "V1__one.sql", sql: "CREATE TABLE SB_ONE (ID INTEGER)")])
                .migrateReporting()
            let name: String
            if case .sqliteFile(let path) = pool.url.location {
                name = "sqlite:" + URL(fileURLWithPath: path).standardizedFileURL.path
            } else {
                name = pool.url.description
            }
            #expect(
                report.notices
                    == ["\(name) already holds 6 tables of another program (a1, a2, a3, a4, a5, ...); added swift-batch's metadata tables (BATCH_*, TASK_*, SB_*) beside them"])
        }
    }
}
