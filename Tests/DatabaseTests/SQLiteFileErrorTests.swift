import Database
import DatabaseTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Errors of a file database name the file, and their hints say what to do about it.
@Suite("SQLite errors name the database file")
struct SQLiteFileErrorTests {
    /// A pool of one connection over `name` in a fresh directory; `body` gets the pool, the file's
    /// path as SQLite resolves it, and its directory.
    static func withFile<T>(
        _ name: String = "app.db", isolation: isolated (any Actor)? = #isolation,
        _ body: (ConnectionPool, _ path: String, _ directory: String) async throws -> T
    ) async throws -> T {
        try await withTemporaryDirectory { directory in
            let real = directory.resolvingSymlinksInPath().path
            let url = DatabaseURL(.sqliteFile(path: real + "/" + name))
            return try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1)) { pool in
                try await body(pool, real + "/" + name, real)
            }
        }
    }

    @Test("a full database (SQLite's own max_page_count) says which file system to free")
    func full() async throws {
        try await Self.withFile { pool, path, directory in
            try await pool.withConnection { connection in
                try await connection.execute("CREATE TABLE T (X BLOB)")
                let pages = try await connection.query("PRAGMA page_count").first?.decode(Int64.self, at: 0) ?? 0
                _ = try await connection.query("PRAGMA max_page_count = \(pages + 2)")
                let error = await #expect(throws: DatabaseError.self) {
                    try await connection.execute("INSERT INTO T (X) VALUES (zeroblob(1000000))")
                }
                #expect(error?.code == .ioError)
                #expect(error?.driverCode == "SQLITE_FULL (13)")
                #expect(error?.message == "database or disk is full (database \(path))")
                #expect(
                    error?.hint
                        == "the disk is full: free space on the file system that holds \(directory) (or raise the database's max_page_count if one is set), or point --db at another disk"
                )
            }
        }
    }

    @Test("a database this process may not write names the file and the directory to make writable")
    func readOnly() async throws {
        try await Self.withFile { pool, path, directory in
            _ = try await pool.withConnection { try await $0.execute("CREATE TABLE T (X INTEGER)") }
            let error: DatabaseError?
            if geteuid() == 0 {
                // Root writes through any permission bits: make the connection read-only through SQLite instead,
                // which fails the write with the same SQLITE_READONLY a read-only file or directory gives.
                error = try await pool.withConnection { connection in
                    _ = try await connection.query("PRAGMA query_only = ON")
                    return await #expect(throws: DatabaseError.self) { try await connection.execute("INSERT INTO T (X) VALUES (1)") }
                }
            } else {
                error = await Self.writeWithoutPermission(path: path, directory: directory)
            }
            #expect(error?.code == .readOnly)
            #expect(error?.message.hasSuffix("(database \(path))") == true, "\(error?.message ?? "")")
            #expect(
                error?.hint
                    == "the database file or its directory is not writable by this process: make \(directory) and \(path) writable, or point --db at another database"
            )
        }
    }

    @Test("a file that cannot be created names the directory that must exist and be writable")
    func cannotOpen() async throws {
        try await withTemporaryDirectory { scratch in
            let directory = scratch.resolvingSymlinksInPath().path + "/missing"
            let path = directory + "/app.db"
            let error = await #expect(throws: DatabaseError.self) {
                try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: path))) { _ in }
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.message == "cannot open SQLite database \(path): unable to open database file")
            #expect(
                error?.hint
                    == "check that the directory exists and that this process may create and write files in \(directory), or point --db at another database"
            )
        }
    }

    @Test("statement and driver errors of a file database name it; an in-memory database has no file to name")
    func everyError() async throws {
        try await Self.withFile { pool, path, _ in
            try await pool.withConnection { connection in
                let syntax = await #expect(throws: DatabaseError.self) { try await connection.execute("SELEC 1") }
                #expect(syntax?.message == "near \"SELEC\": syntax error (database \(path))")
                let binds = await #expect(throws: DatabaseError.self) { try await connection.execute("SELECT $1", [1, 2]) }
                #expect(binds?.message == "the statement takes 1 value(s) but 2 were given (database \(path))")
            }
        }
        try await ConnectionPool.withPool(url: DatabaseURL(.sqliteMemory)) { pool in
            let error = await #expect(throws: DatabaseError.self) { try await pool.withConnection { try await $0.execute("SELEC 1") } }
            #expect(error?.message == "near \"SELEC\": syntax error")
        }
    }

    /// Makes the file and its directory read-only, writes through a new pool and returns the error.
    static func writeWithoutPermission(path: String, directory: String) async -> DatabaseError? {
        chmod(path, 0o444)
        chmod(directory, 0o555)
        defer {
            chmod(directory, 0o755)
            chmod(path, 0o644)
        }
        return await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: path))) { pool in
                try await pool.withConnection { try await $0.execute("INSERT INTO T (X) VALUES (1)") }
            }
        }
    }
}
