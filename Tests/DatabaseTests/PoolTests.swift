import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Connection pool")
struct PoolTests {
    @Test("an exhausted pool fails with poolTimeout, then serves again once a connection is back", arguments: TestDatabase.allCases)
    func exhaustion(_ database: TestDatabase) async throws {
        try await database.withPool(.init(maximumConnections: 2, acquireTimeout: .milliseconds(300))) { pool in
            try await pool.withConnection { _ in
                try await pool.withConnection { _ in
                    #expect(pool.statistics.leased == 2)
                    let error = await #expect(throws: DatabaseError.self) {
                        try await pool.withConnection { _ in }
                    }
                    #expect(error?.code == .poolTimeout)
                    #expect(error?.message.contains("all 2 connection(s) of the pool are in use") == true)
                }
            }
            #expect(pool.statistics.waiting == 0)
            let one = try await pool.withConnection { try await $0.query("SELECT 1 AS ONE").first?.decode(Int64.self, at: 0) }
            #expect(one == 1)
            #expect(pool.statistics.opened == 2, "connections are reused, not reopened")
        }
    }

    @Test("a waiting caller gets the connection the moment it is released", arguments: TestDatabase.allCases)
    func handOff(_ database: TestDatabase) async throws {
        try await database.withPool(.init(maximumConnections: 1, acquireTimeout: .seconds(300))) { pool in
            try await withThrowingTaskGroup(of: Int64.self) { group in
                try await pool.withConnection { _ in
                    group.addTask {
                        try await pool.withConnection { try await $0.query("SELECT 7 AS N").first!.decode(Int64.self, at: 0) }
                    }
                    try await waitUntil("the second caller to wait") { pool.statistics.waiting == 1 }
                }
                #expect(try await group.next() == 7)
            }
            #expect(pool.statistics.opened == 1)
        }
    }

    @Test("many concurrent transactions share a bounded pool", arguments: TestDatabase.allCases)
    func concurrentUsers(_ database: TestDatabase) async throws {
        try await database.withPool(.testing(maximumConnections: 4)) { pool in
            try await pool.withConnection { try await $0.executeScript("CREATE TABLE C (ID \(database.bigint) PRIMARY KEY)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 0..<64 {
                    group.addTask {
                        _ = try await pool.transaction { try await $0.execute("INSERT INTO C (ID) VALUES ($1)", [.int(Int64(id))]) }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await pool.withConnection { try await $0.query("SELECT count(*) FROM C").first?.decode(Int64.self, at: 0) }
            #expect(count == 64)
            #expect(pool.statistics.opened <= 4)
            #expect(pool.statistics.open <= 4)
        }
    }

    @Test("a closed pool refuses new work with poolClosed")
    func closed() async throws {
        let pool = ConnectionPool(url: DatabaseURL(.sqliteMemory))
        try await pool.withConnection { _ = try await $0.query("SELECT 1") }
        await pool.close()
        let error = await #expect(throws: DatabaseError.self) { try await pool.withConnection { _ in } }
        #expect(error?.code == .poolClosed)
    }

    @Test("a connection used after it went back to the pool fails with misuse")
    func useAfterRelease() async throws {
        try await ConnectionPool.withPool(url: DatabaseURL(.sqliteMemory)) { pool in
            let escaped = try await pool.withConnection { $0 }
            let error = await #expect(throws: DatabaseError.self) { try await escaped.query("SELECT 1") }
            #expect(error?.code == .misuse)
        }
    }

    @Test("an unreachable server fails fast with connectionFailed and what to check")
    func unreachable() async throws {
        // A port nothing listens on: bind one, learn its number, close it.
        let port = try closedLoopbackPort()
        let url = try DatabaseURL("postgres://u:pw@127.0.0.1:\(port)/db")
        let error = await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: url) { _ in }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("pw") == false)
    }

    @Test("a wrong password is authenticationFailed, a missing database databaseNotFound")
    func credentials() async throws {
        guard case .postgres(var settings) = try TestDatabase.postgresURL().location else {
            throw TestSetupError("TEST_DATABASE_URL is not PostgreSQL")
        }
        var wrong = settings
        wrong.password = "definitely-wrong"
        let auth = await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: DatabaseURL(.postgres(wrong))) { _ in }
        }
        #expect(auth?.code == .authenticationFailed)
        #expect(auth?.description.contains("definitely-wrong") == false)
        settings.database = "no_such_database"
        let missing = await #expect(throws: DatabaseError.self) {
            try await ConnectionPool.withPool(url: DatabaseURL(.postgres(settings))) { _ in }
        }
        #expect(missing?.code == .databaseNotFound)
    }
}
