import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

/// The pool survives PostgreSQL killing its connections (what a server restart or a
/// failover does to a pool): broken connections are replaced, and only the statement
/// that met a broken connection fails, with ``DatabaseError/Code/connectionLost``.
@Suite("PostgreSQL connection loss")
struct RecoveryTests {
    static func backendPID(_ connection: SQLConnection) async throws -> Int64 {
        try await connection.query("SELECT pg_backend_pid() AS PID").first!.decode(Int64.self, "PID")
    }

    /// Terminates backends from a separate admin connection and waits until they are gone.
    static func terminate(_ pids: [Int64]) async throws {
        try await TestDatabase.admin { admin in
            for pid in pids {
                let done = try await admin.query("SELECT pg_terminate_backend($1) AS OK", [.int(pid)])
                #expect(try done.first?.decode(Bool.self, "OK") == true)
            }
            try await waitUntil("the backends to exit") {
                let left = try await admin.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(string_to_array($1, ',')::int[])",
                    [.text(pids.map(String.init).joined(separator: ","))])
                return try left.first!.decode(Int64.self, at: 0) == 0
            }
        }
    }

    @Test("a statement on a killed connection fails with connectionLost; the next caller gets a new connection")
    func killedWhileLent() async throws {
        try await TestDatabase.postgresql.withPool(.init(maximumConnections: 2)) { pool in
            let (oldPID, lost) = try await pool.withConnection { connection in
                let pid = try await Self.backendPID(connection)
                try await Self.terminate([pid])
                let error = await #expect(throws: DatabaseError.self) { try await connection.query("SELECT 1") }
                return (pid, error)
            }
            #expect(lost?.code == .connectionLost)
            #expect(lost?.isTransient == true)
            #expect(lost?.statement == "SELECT 1")
            #expect(pool.statistics.discarded == 1, "the broken connection was not put back")
            let newPID = try await pool.withConnection { try await Self.backendPID($0) }
            #expect(newPID != oldPID)
        }
    }

    @Test("idle connections killed by the server are replaced before anyone sees an error")
    func killedWhileIdle() async throws {
        try await TestDatabase.postgresql.withPool(.init(maximumConnections: 3)) { pool in
            // Open three connections at once, so three sit idle afterwards.
            let pids = try await pool.withConnection { a in
                try await pool.withConnection { b in
                    try await pool.withConnection { c in
                        [try await Self.backendPID(a), try await Self.backendPID(b), try await Self.backendPID(c)]
                    }
                }
            }
            #expect(pool.statistics.idle == 3)
            try await Self.terminate(pids)  // what a server restart does to them
            for _ in 0..<5 {
                let pid = try await pool.withConnection { try await Self.backendPID($0) }
                #expect(!pids.contains(pid))
            }
            #expect(pool.statistics.discarded == 3)
        }
    }

    @Test("a connection killed inside a transaction is discarded, never reused mid-transaction")
    func killedInTransaction() async throws {
        try await TestDatabase.postgresql.withPool(.init(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await $0.executeScript("CREATE TABLE K (ID BIGINT PRIMARY KEY)") }
            let error = await #expect(throws: DatabaseError.self) {
                try await pool.transaction { tx in
                    try await tx.execute("INSERT INTO K (ID) VALUES (1)")
                    try await Self.terminate([try await Self.backendPID(tx)])
                    try await tx.execute("INSERT INTO K (ID) VALUES (2)")
                }
            }
            #expect(error?.code == .connectionLost)
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) FROM K").first!.decode(Int64.self, at: 0) }
            #expect(count == 0, "the killed transaction committed nothing")
        }
    }
}

/// Blocking C calls run on the pool's own threads: while every connection is blocked in
/// the server, Swift's cooperative pool (two threads on a two-core machine) keeps running.
@Suite("Blocking calls stay off the cooperative pool")
struct ExecutorTests {
    @Test("four connections blocked in the server do not stall other async work")
    func cooperativePoolStaysFree() async throws {
        // The four calls block on an advisory lock another session holds, until the test lets
        // them go: no race with a timer on a busy machine.
        let key = Int64.random(in: 1...Int64(Int32.max))
        try await TestDatabase.admin { admin in
            _ = try await admin.query("SELECT pg_advisory_lock($1)", [.int(key)])
            try await TestDatabase.postgresql.withPool(.testing(maximumConnections: 4)) { pool in
                let finished = Counter()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            try await pool.withConnection { _ = try await $0.query("SELECT pg_advisory_xact_lock_shared($1)", [.int(key)]) }
                            finished.value.add(1, ordering: .sequentiallyConsistent)
                        }
                    }
                    try await waitUntil("four backends waiting for the lock") {
                        let rows = try await admin.query(
                            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_advisory_xact_lock_shared%' AND wait_event_type = 'Lock'")
                        return try rows.first!.decode(Int64.self, at: 0) == 4
                    }
                    // More cooperative work than there are cooperative threads.
                    let sums = await withTaskGroup(of: Int.self) { inner in
                        for n in 0..<16 { inner.addTask { (0...n * 1000).reduce(0, +) } }
                        return await inner.reduce(0, +)
                    }
                    #expect(sums > 0)
                    #expect(finished.value.load(ordering: .sequentiallyConsistent) == 0, "async work ran while all four calls blocked")
                    _ = try await admin.query("SELECT pg_advisory_unlock($1)", [.int(key)])
                    try await group.waitForAll()
                }
                #expect(finished.value.load(ordering: .sequentiallyConsistent) == 4)
            }
        }
    }
}

/// A counter tasks can share.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
