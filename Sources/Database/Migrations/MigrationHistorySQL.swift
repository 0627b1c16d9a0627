/// The SQL of our own history table, `SWIFT_BATCH_SCHEMA_HISTORY`: a name that neither Spring
/// Batch, Spring Cloud Task nor Flyway (`flyway_schema_history`) uses.
enum MigrationHistorySQL {
    static let table = "SWIFT_BATCH_SCHEMA_HISTORY"

    static func create(_ dialect: SQLDialect) -> String {
        let bigint = dialect == .sqlite ? "INTEGER" : "BIGINT"
        return """
            CREATE TABLE IF NOT EXISTS \(table) (
                VERSION \(bigint) NOT NULL PRIMARY KEY,
                DESCRIPTION VARCHAR(200) NOT NULL,
                SCRIPT VARCHAR(1000) NOT NULL,
                CHECKSUM VARCHAR(64) NOT NULL,
                INSTALLED_ON TIMESTAMP NOT NULL,
                EXECUTION_MS \(bigint) NOT NULL,
                INSTALLED_BY VARCHAR(100)
            )
            """
    }

    static func exists(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'"
        case .postgresql: "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = lower('\(table)')"
        }
    }

    static let select = """
        SELECT VERSION, DESCRIPTION, SCRIPT, CHECKSUM, INSTALLED_ON, EXECUTION_MS
        FROM \(table) ORDER BY VERSION
        """

    static let insert = """
        INSERT INTO \(table) (VERSION, DESCRIPTION, SCRIPT, CHECKSUM, INSTALLED_ON, EXECUTION_MS, INSTALLED_BY)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """

    /// A session-level advisory lock per schema, so that migrations of different schemas do not wait on each other.
    static let lock = "SELECT pg_advisory_lock(1935827556, hashtext(coalesce(current_schema(), '')))"
    static let unlock = "SELECT pg_advisory_unlock(1935827556, hashtext(coalesce(current_schema(), '')))"
}
