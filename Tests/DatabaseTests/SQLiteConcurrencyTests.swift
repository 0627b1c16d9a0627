import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

/// SQLite allows one writer at a time. With WAL and `BEGIN IMMEDIATE`, concurrent writers
/// (here two pools on one file, as two processes would be) queue on the busy timeout
/// instead of failing, and readers never wait for writers.
@Suite("SQLite writers under WAL")
struct SQLiteConcurrencyTests {
    static func withFile<T>(isolation: isolated (any Actor)? = #isolation, _ body: (DatabaseURL) async throws -> T) async throws -> T {
        try await TestDatabase.sqlite.withIsolatedURL { try await body($0) }
    }

    @Test("the repository settings are applied to every connection")
    func pragmas() async throws {
        try await Self.withFile { url in
            try await ConnectionPool.withPool(url: url) { pool in
                try await pool.withConnection { connection in
                    let mode = try await connection.query("PRAGMA journal_mode").first?.decode(String.self, at: 0)
                    let keys = try await connection.query("PRAGMA foreign_keys").first?.decode(Int64.self, at: 0)
                    let sync = try await connection.query("PRAGMA synchronous").first?.decode(Int64.self, at: 0)
                    #expect(mode == "wal")
                    #expect(keys == 1)
                    #expect(sync == 1, "NORMAL")
                }
            }
        }
    }

    @Test("a write that lost the race for the lock past its busy timeout runs again; the last attempt's error is thrown; other errors at once")
    func retryingOnContention() async throws {
        try await Self.withFile { url in
            let impatient = ConnectionPool.Configuration(maximumConnections: 1, busyTimeout: .milliseconds(20))
            try await ConnectionPool.withPool(url: url, configuration: impatient) { writer in
                _ = try await writer.withConnection { try await $0.execute("CREATE TABLE t (n INTEGER)") }
                try await ConnectionPool.withPool(url: url, configuration: ConnectionPool.Configuration(maximumConnections: 1)) { holder in
                    // Another "process" holds the write lock until it is told to commit.
                    let (holding, releaseSink) = await Self.holdWriteLock(holder, inserting: 1)
                    let attempts = Mutex(0)
                    try await writer.retryingOnContention {
                        // The first attempt meets the held lock; before the second, it is released.
                        if attempts.withLock({ $0 += 1; return $0 }) == 2 {
                            releaseSink.yield()
                            try await holding.value
                        }
                        _ = try await writer.transaction { try await $0.execute("INSERT INTO t VALUES (2)") }
                    }
                    #expect(attempts.withLock { $0 } == 2)
                    let rows = try await writer.withConnection { try await $0.query("SELECT COUNT(*) FROM t")[0].decode(Int64.self, at: 0) }
                    #expect(rows == 2)

                    // Held for good: three attempts, then the busy error as it came.
                    let (holdingAgain, endSink) = await Self.holdWriteLock(holder, inserting: 3)
                    attempts.withLock { $0 = 0 }
                    let error = await #expect(throws: DatabaseError.self) {
                        try await writer.retryingOnContention {
                            attempts.withLock { $0 += 1 }
                            _ = try await writer.transaction { try await $0.execute("INSERT INTO t VALUES (4)") }
                        }
                    }
                    #expect(error?.code == .busy && attempts.withLock { $0 } == 3)
                    endSink.yield()
                    try await holdingAgain.value

                    // Not contention: not run again.
                    attempts.withLock { $0 = 0 }
                    await #expect(throws: DatabaseError.self) {
                        try await writer.retryingOnContention {
                            attempts.withLock { $0 += 1 }
                            _ = try await writer.transaction { try await $0.execute("INSERT INTO missing VALUES (1)") }
                        }
                    }
                    #expect(attempts.withLock { $0 } == 1)
                }
            }
        }
    }

    /// Starts a transaction on `holder` that inserts `value` into `t` and then holds the write
    /// lock; returns once the lock is held, with the transaction's task and what releases it.
    static func holdWriteLock(
        _ holder: ConnectionPool, inserting value: Int64
    ) async -> (holding: Task<Void, any Error>, release: AsyncStream<Void>.Continuation) {
        let (held, heldSink) = AsyncStream<Void>.makeStream()
        let (release, releaseSink) = AsyncStream<Void>.makeStream()
        let holding = Task {
            try await holder.transaction { connection in
                _ = try await connection.execute("INSERT INTO t VALUES ($1)", [.int(value)])
                heldSink.yield()
                for await _ in release { break }
            }
        }
        var iterator = held.makeAsyncIterator()
        await iterator.next()
        return (holding, releaseSink)
    }

    @Test("two pools writing the same file concurrently both succeed")
    func twoWriters() async throws {
        try await Self.withFile { url in
            // Writers queue on the busy timeout. The whole suite runs in parallel on two cores, where
            // a lock holder can wait seconds for a thread between its statements: a generous timeout
            // keeps this about queueing rather than about the machine's load.
            let configuration = ConnectionPool.Configuration(maximumConnections: 3, busyTimeout: hangLimit)
            try await ConnectionPool.withPool(url: url, configuration: configuration) { first in
                try await ConnectionPool.withPool(url: url, configuration: configuration) { second in
                    try await first.withConnection {
                        try await $0.executeScript("CREATE TABLE W (ID INTEGER PRIMARY KEY, WRITER TEXT NOT NULL)")
                    }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (name, pool) in [("first", first), ("second", second)] {
                            for worker in 0..<3 {
                                group.addTask {
                                    for n in 0..<100 {
                                        let id = Int64(name == "first" ? 0 : 10_000) + Int64(worker * 1000 + n)
                                        try await pool.transaction { tx in
                                            // Read, then write: the pattern that fails on a DEFERRED transaction.
                                            _ = try await tx.query("SELECT count(*) FROM W")
                                            try await tx.execute("INSERT INTO W (ID, WRITER) VALUES ($1, $2)", [.int(id), .text(name)])
                                        }
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    let counts = try await second.withConnection {
                        try await $0.query("SELECT WRITER, count(*) AS N FROM W GROUP BY WRITER ORDER BY WRITER")
                            .map { (try $0.decode(String.self, "WRITER"), try $0.decode(Int64.self, "N")) }
                    }
                    #expect(counts.map(\.0) == ["first", "second"])
                    #expect(counts.map(\.1) == [300, 300])
                }
            }
        }
    }

    @Test("a writer that waits longer than the busy timeout gets busy; a reader is never blocked")
    func busy() async throws {
        try await Self.withFile { url in
            try await ConnectionPool.withPool(url: url) { holder in
                try await ConnectionPool.withPool(url: url, configuration: .init(busyTimeout: .milliseconds(200))) { other in
                    try await holder.withConnection { try await $0.executeScript("CREATE TABLE B (ID INTEGER PRIMARY KEY)") }
                    try await holder.transaction { tx in
                        try await tx.execute("INSERT INTO B (ID) VALUES (1)")
                        let started = ContinuousClock.now
                        let error = await #expect(throws: DatabaseError.self) {
                            try await other.transaction { try await $0.execute("INSERT INTO B (ID) VALUES (2)") }
                        }
                        // It waited out the busy timeout, not less.
                        #expect(started.duration(to: .now) >= .milliseconds(200))
                        #expect(error?.code == .busy)
                        #expect(error?.isTransient == true)
                        #expect(error?.driverCode?.hasPrefix("SQLITE_BUSY") == true)
                        #expect(error?.hint?.contains("busy timeout") == true)
                        // WAL: the reader sees the last committed state while the write is open.
                        let seen = try await other.withConnection {
                            try await $0.query("SELECT count(*) FROM B").first?.decode(Int64.self, at: 0)
                        }
                        #expect(seen == 0)
                    }
                    #expect(other.statistics.discarded == 0)
                    try await other.transaction { try await $0.execute("INSERT INTO B (ID) VALUES (2)") }
                }
            }
        }
    }

    @Test("opening a file that is not there, or not a database, is a clear error")
    func badFiles() async throws {
        let missingDirectory = DatabaseURL(.sqliteFile(path: "/nonexistent-dir-\(UUID().uuidString)/x.db"))
        let cantOpen = await #expect(throws: DatabaseError.self) { try await ConnectionPool.withPool(url: missingDirectory) { _ in } }
        #expect(cantOpen?.code == .connectionFailed)
        #expect(cantOpen?.description.lowercased().contains("check that the directory exists") == true)

        let readOnlyMissing = DatabaseURL(.sqliteFile(path: NSTemporaryDirectory() + "/missing-\(UUID().uuidString).db"))
        let notFound = await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: readOnlyMissing, configuration: .init(createIfMissing: false)) { _ in }
        }
        #expect(notFound?.code == .databaseNotFound)

        let garbage = NSTemporaryDirectory() + "/garbage-\(UUID().uuidString).db"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let notADatabase = await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: DatabaseURL(.sqliteFile(path: garbage))) { _ in }
        }
        #expect(notADatabase?.code == .ioError)
        #expect(notADatabase?.driverCode?.hasPrefix("SQLITE_NOTADB") == true)
    }
}
