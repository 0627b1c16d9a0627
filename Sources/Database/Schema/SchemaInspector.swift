/// Reads what tables, columns and sequences a database has, the same way on both dialects.
///
/// Used by `dataflow db info` and by the tests that compare the schema with Spring's.
public struct SchemaInspector: Sendable {
    /// A column as the catalog describes it.
    public struct Column: Sendable, Hashable {
        /// The name in upper case.
        public let name: String
        /// The declared type in upper case, such as `BIGINT`, `VARCHAR(100)`, `TIMESTAMP`.
        public let type: String
        /// Whether the column accepts NULL.
        public let nullable: Bool
        /// Whether the column is (part of) the primary key.
        public let primaryKey: Bool
    }

    /// A sequence that hands out ids: a PostgreSQL sequence, or an SQLite `*_SEQ` table (and Data Flow's `hibernate_sequence`).
    public struct Sequence: Sendable, Hashable {
        /// The name in upper case.
        public let name: String
        /// The maximum value (PostgreSQL; nil on SQLite).
        public let maximum: Int64?
        /// Whether it cycles (PostgreSQL; false on SQLite).
        public let cycles: Bool
    }

    /// An index as the catalog describes it.
    public struct Index: Sendable, Hashable {
        /// The name in upper case.
        public let name: String
        /// The indexed table, upper case.
        public let table: String
        /// The indexed columns in order, upper case.
        public let columns: [String]
    }

    let connection: SQLConnection

    /// Creates an inspector over a connection.
    public init(_ connection: SQLConnection) {
        self.connection = connection
    }

    /// The base tables of the current schema (PostgreSQL) or database (SQLite), upper case, sorted.
    public func tables() async throws -> [String] {
        let sql = switch connection.dialect {
        case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        case .postgresql:
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
        return try await connection.query(sql).map { try $0.decode(String.self, at: 0).uppercased() }.sorted()
    }

    /// The columns of `table` in their declared order.
    public func columns(of table: String) async throws -> [Column] {
        switch connection.dialect {
        case .sqlite:
            return try await connection.query("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)", [.text(table)])
                .map { row in
                    Column(
                        name: try row.decode(String.self, "name").uppercased(),
                        type: try row.decode(String.self, "type").uppercased(),
                        nullable: try row.decode(Int64.self, "notnull") == 0,
                        primaryKey: try row.decode(Int64.self, "pk") > 0)
                }
        case .postgresql:
            let keys = try await connection.query(
                """
                SELECT kcu.column_name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu
                  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                WHERE tc.table_schema = current_schema() AND tc.table_name = lower($1) AND tc.constraint_type = 'PRIMARY KEY'
                """, [.text(table)]
            ).map { try $0.decode(String.self, at: 0).uppercased() }
            return try await connection.query(
                """
                SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = lower($1) ORDER BY ordinal_position
                """, [.text(table)]
            ).map { row in
                let name = try row.decode(String.self, "column_name").uppercased()
                return Column(
                    name: name,
                    type: Self.postgresType(
                        try row.decode(String.self, "data_type"), length: try row.decode(Int64?.self, "character_maximum_length")),
                    nullable: try row.decode(String.self, "is_nullable") == "YES",
                    primaryKey: keys.contains(name))
            }
        }
    }

    /// The id sequences.
    public func sequences() async throws -> [Sequence] {
        switch connection.dialect {
        case .sqlite:
            return try await tables().filter { $0.hasSuffix("_SEQ") || $0 == "HIBERNATE_SEQUENCE" }.map { Sequence(name: $0, maximum: nil, cycles: false) }
        case .postgresql:
            return try await connection.query(
                """
                SELECT sequence_name, maximum_value, cycle_option FROM information_schema.sequences
                WHERE sequence_schema = current_schema() ORDER BY sequence_name
                """
            ).map { row in
                Sequence(
                    name: try row.decode(String.self, "sequence_name").uppercased(),
                    maximum: try row.decode(Int64.self, "maximum_value"),
                    cycles: try row.decode(String.self, "cycle_option") == "YES")
            }
        }
    }

    /// The names of the constraints on `table` (primary, unique, foreign keys), upper case, sorted.
    ///
    /// SQLite keeps constraint names only in the table's `CREATE` text, so they are read from there.
    public func constraintNames(of table: String) async throws -> [String] {
        switch connection.dialect {
        case .sqlite:
            let sql = try await connection.query(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1", [.text(table)]
            ).first?.decode(String.self, at: 0) ?? ""
            let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == "," })
            return zip(words, words.dropFirst()).filter { $0.0.lowercased() == "constraint" }
                .map { String($0.1).uppercased() }.sorted()
        case .postgresql:
            return try await connection.query(
                """
                SELECT constraint_name FROM information_schema.table_constraints
                WHERE table_schema = current_schema() AND table_name = lower($1)
                  AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
                """, [.text(table)]
            ).map { try $0.decode(String.self, at: 0).uppercased() }.sorted()
        }
    }

    /// The indexes that are not there to back a primary key or unique constraint, sorted by name.
    public func indexes() async throws -> [Index] {
        switch connection.dialect {
        case .sqlite:
            let names = try await connection.query(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            var result: [Index] = []
            for row in names {
                let name = try row.decode(String.self, "name")
                let columns = try await connection.query("SELECT name FROM pragma_index_info($1) ORDER BY seqno", [.text(name)])
                result.append(
                    Index(
                        name: name.uppercased(), table: try row.decode(String.self, "tbl_name").uppercased(),
                        columns: try columns.map { try $0.decode(String.self, at: 0).uppercased() }))
            }
            return result
        case .postgresql:
            return try await connection.query(
                """
                SELECT i.relname AS index_name, t.relname AS table_name,
                       string_agg(a.attname, ',' ORDER BY k.ordinality) AS columns
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ordinality)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE n.nspname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                GROUP BY i.relname, t.relname ORDER BY i.relname
                """
            ).map { row in
                Index(
                    name: try row.decode(String.self, "index_name").uppercased(),
                    table: try row.decode(String.self, "table_name").uppercased(),
                    columns: try row.decode(String.self, "columns").uppercased().split(separator: ",").map(String.init))
            }
        }
    }

    /// The number of rows in `table`; the name must come from ``tables()``.
    public func rowCount(of table: String) async throws -> Int64 {
        guard table.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw DatabaseError(.misuse, "'\(table)' is not a plain table name")
        }
        return try await connection.query("SELECT count(*) FROM \(table)").first?.decode(Int64.self, at: 0) ?? 0
    }

    /// Maps information_schema type names to the names the DDL uses.
    static func postgresType(_ dataType: String, length: Int64?) -> String {
        switch dataType {
        case "bigint": "BIGINT"
        case "integer": "INTEGER"
        case "character varying": "VARCHAR(\(length ?? 0))"
        case "character": "CHAR(\(length ?? 1))"
        case "timestamp without time zone": "TIMESTAMP"
        case "text": "TEXT"
        default: dataType.uppercased()
        }
    }
}
