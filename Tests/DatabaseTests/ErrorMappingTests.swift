import Database
import DatabaseTestSupport
import Testing

@Suite("Driver errors map to one typed error")
struct ErrorMappingTests {
    static func setUp(_ database: TestDatabase, _ connection: SQLConnection) async throws {
        try await connection.executeScript(
            """
            CREATE TABLE PARENT (ID \(database.bigint) NOT NULL PRIMARY KEY, NAME VARCHAR(20) NOT NULL,
                CONSTRAINT PARENT_NAME_UN UNIQUE (NAME));
            CREATE TABLE CHILD (ID \(database.bigint) NOT NULL PRIMARY KEY, PARENT_ID \(database.bigint) NOT NULL,
                CONSTRAINT CHILD_PARENT_FK FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID));
            """)
        try await connection.execute("INSERT INTO PARENT (ID, NAME) VALUES ($1, $2)", [1, "first"])
    }

    /// Runs `sql` expecting a failure, and returns it.
    static func failure(_ connection: SQLConnection, _ sql: String, _ binds: [SQLValue] = []) async -> DatabaseError? {
        await #expect(throws: DatabaseError.self) { try await connection.execute(sql, binds) }
    }

    @Test("a unique violation is recognisable by its code, with the driver's code and the statement", arguments: TestDatabase.allCases)
    func unique(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                let sql = "INSERT INTO PARENT (ID, NAME) VALUES ($1, $2)"
                let error = await Self.failure(connection, sql, [2, "first"])
                #expect(error?.code == .uniqueViolation)
                #expect(error?.statement == sql)
                #expect(error?.driverCode == (database == .sqlite ? "SQLITE_CONSTRAINT_UNIQUE (2067)" : "23505"))
                #expect(error?.description.contains("\n") == false, "one line")
                let primaryKey = await Self.failure(connection, sql, [1, "other"])
                #expect(primaryKey?.code == .uniqueViolation)
                #expect(primaryKey?.isTransient == false)
                // The connection is still usable after the failed statement.
                #expect(try await connection.query("SELECT count(*) FROM PARENT").first?.decode(Int64.self, at: 0) == 1)
            }
        }
    }

    @Test("a foreign-key violation is enforced and mapped (SQLite runs with foreign_keys=ON)", arguments: TestDatabase.allCases)
    func foreignKey(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                let error = await Self.failure(connection, "INSERT INTO CHILD (ID, PARENT_ID) VALUES (1, 99)")
                #expect(error?.code == .foreignKeyViolation)
                #expect(error?.driverCode == (database == .sqlite ? "SQLITE_CONSTRAINT_FOREIGNKEY (787)" : "23503"))
                try await connection.execute("INSERT INTO CHILD (ID, PARENT_ID) VALUES (1, 1)")
                let delete = await Self.failure(connection, "DELETE FROM PARENT WHERE ID = 1")
                #expect(delete?.code == .foreignKeyViolation)
            }
        }
    }

    @Test("NOT NULL, syntax, unknown table and column, parameter count", arguments: TestDatabase.allCases)
    func others(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                let notNull = await Self.failure(connection, "INSERT INTO PARENT (ID, NAME) VALUES (5, $1)", [nil])
                #expect(notNull?.code == .notNullViolation)
                let syntax = await Self.failure(connection, "INSRT INTO PARENT VALUES (1)")
                #expect(syntax?.code == .syntaxError)
                #expect(syntax?.statement == "INSRT INTO PARENT VALUES (1)")
                let table = await Self.failure(connection, "SELECT * FROM NO_SUCH_TABLE")
                #expect(table?.code == .undefinedObject)
                let column = await Self.failure(connection, "SELECT NO_SUCH_COLUMN FROM PARENT")
                #expect(column?.code == .undefinedObject)
                let binds = await Self.failure(connection, "SELECT NAME FROM PARENT WHERE ID = $1", [1, 2])
                #expect(binds?.code == .bindMismatch)
                #expect(binds?.message.contains("takes 1 value(s) but 2 were given") == true)
                if database == .postgresql {
                    // SQLite does not enforce VARCHAR lengths; PostgreSQL does (SQLSTATE 22001).
                    let tooLong = await Self.failure(
                        connection, "INSERT INTO PARENT (ID, NAME) VALUES (9, $1)", [.text(String(repeating: "x", count: 30))])
                    #expect(tooLong?.code == .dataException)
                    #expect(tooLong?.driverCode == "22001")
                }
            }
        }
    }
}
