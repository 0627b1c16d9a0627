import Database
import DatabaseTestSupport

/// The reference schema (../shared/reference/batch-metadata.md), transcribed independently of
/// the migration files: Spring Batch 5 and Spring Cloud Task 3, table by table, column by column.
enum SpringSchema {
    struct Column {
        let name: String
        let postgres: String
        let sqlite: String
        let nullable: Bool

        func type(_ dialect: SQLDialect) -> String { dialect == .sqlite ? sqlite : postgres }
    }

    struct Table {
        let name: String
        let columns: [Column]
        /// Constraint names Spring's DDL gives explicitly.
        let constraints: [String]
        /// Whether the table has an unnamed inline primary key (PostgreSQL names it `<table>_pkey`).
        let inlinePrimaryKey: Bool
    }

    static func id(_ name: String, nullable: Bool = false) -> Column {
        Column(name: name, postgres: "BIGINT", sqlite: "INTEGER", nullable: nullable)
    }
    static func text(_ name: String, _ length: Int, nullable: Bool = true) -> Column {
        Column(name: name, postgres: "VARCHAR(\(length))", sqlite: "VARCHAR(\(length))", nullable: nullable)
    }
    static func time(_ name: String, nullable: Bool = true) -> Column {
        Column(name: name, postgres: "TIMESTAMP", sqlite: "TIMESTAMP", nullable: nullable)
    }
    /// EXIT_CODE is VARCHAR(2500) in Spring's PostgreSQL script but VARCHAR(100) in its SQLite script.
    static let exitCode = Column(name: "EXIT_CODE", postgres: "VARCHAR(2500)", sqlite: "VARCHAR(100)", nullable: true)
    static func context(_ table: String, key: String, constraint: String) -> Table {
        Table(
            name: table,
            columns: [
                id(key), text("SHORT_CONTEXT", 2500, nullable: false),
                Column(name: "SERIALIZED_CONTEXT", postgres: "TEXT", sqlite: "CLOB", nullable: true),
            ],
            constraints: [constraint], inlinePrimaryKey: true)
    }

    static let tables: [Table] = [
        Table(
            name: "BATCH_JOB_INSTANCE",
            columns: [
                id("JOB_INSTANCE_ID"), id("VERSION", nullable: true), text("JOB_NAME", 100, nullable: false),
                text("JOB_KEY", 32, nullable: false),
            ],
            constraints: ["JOB_INST_UN"], inlinePrimaryKey: true),
        Table(
            name: "BATCH_JOB_EXECUTION",
            columns: [
                id("JOB_EXECUTION_ID"), id("VERSION", nullable: true), id("JOB_INSTANCE_ID"),
                time("CREATE_TIME", nullable: false), time("START_TIME"), time("END_TIME"), text("STATUS", 10),
                exitCode, text("EXIT_MESSAGE", 2500), time("LAST_UPDATED"),
            ],
            constraints: ["JOB_INST_EXEC_FK"], inlinePrimaryKey: true),
        Table(
            name: "BATCH_JOB_EXECUTION_PARAMS",
            columns: [
                id("JOB_EXECUTION_ID"), text("PARAMETER_NAME", 100, nullable: false),
                text("PARAMETER_TYPE", 100, nullable: false), text("PARAMETER_VALUE", 2500),
                Column(name: "IDENTIFYING", postgres: "CHAR(1)", sqlite: "CHAR(1)", nullable: false),
            ],
            constraints: ["JOB_EXEC_PARAMS_FK"], inlinePrimaryKey: false),
        Table(
            name: "BATCH_STEP_EXECUTION",
            columns: [
                id("STEP_EXECUTION_ID"), id("VERSION"), text("STEP_NAME", 100, nullable: false), id("JOB_EXECUTION_ID"),
                time("CREATE_TIME", nullable: false), time("START_TIME"), time("END_TIME"), text("STATUS", 10),
            ] + [
                "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT", "READ_SKIP_COUNT", "WRITE_SKIP_COUNT",
                "PROCESS_SKIP_COUNT", "ROLLBACK_COUNT",
            ].map { id($0, nullable: true) } + [exitCode, text("EXIT_MESSAGE", 2500), time("LAST_UPDATED")],
            constraints: ["JOB_EXEC_STEP_FK"], inlinePrimaryKey: true),
        context("BATCH_STEP_EXECUTION_CONTEXT", key: "STEP_EXECUTION_ID", constraint: "STEP_EXEC_CTX_FK"),
        context("BATCH_JOB_EXECUTION_CONTEXT", key: "JOB_EXECUTION_ID", constraint: "JOB_EXEC_CTX_FK"),
        Table(
            name: "TASK_EXECUTION",
            columns: [
                id("TASK_EXECUTION_ID"), time("START_TIME"), time("END_TIME"), text("TASK_NAME", 100),
                Column(name: "EXIT_CODE", postgres: "INTEGER", sqlite: "INTEGER", nullable: true),
                text("EXIT_MESSAGE", 2500), text("ERROR_MESSAGE", 2500), time("LAST_UPDATED"),
                text("EXTERNAL_EXECUTION_ID", 255), id("PARENT_EXECUTION_ID", nullable: true),
            ],
            constraints: [], inlinePrimaryKey: true),
        Table(
            name: "TASK_EXECUTION_PARAMS", columns: [id("TASK_EXECUTION_ID"), text("TASK_PARAM", 2500)],
            constraints: ["TASK_EXEC_PARAMS_FK"], inlinePrimaryKey: false),
        Table(
            name: "TASK_TASK_BATCH", columns: [id("TASK_EXECUTION_ID"), id("JOB_EXECUTION_ID")],
            constraints: ["TASK_EXEC_BATCH_FK"], inlinePrimaryKey: false),
        Table(
            name: "TASK_LOCK",
            columns: [
                Column(name: "LOCK_KEY", postgres: "CHAR(36)", sqlite: "CHAR(36)", nullable: false),
                text("REGION", 100, nullable: false),
                Column(name: "CLIENT_ID", postgres: "CHAR(36)", sqlite: "CHAR(36)", nullable: true),
                time("CREATED_DATE", nullable: false),
            ],
            constraints: ["LOCK_PK"], inlinePrimaryKey: false),
    ]

    /// Id generators: PostgreSQL sequences, SQLite one-column tables.
    static let sequences = ["BATCH_JOB_EXECUTION_SEQ", "BATCH_JOB_SEQ", "BATCH_STEP_EXECUTION_SEQ", "TASK_SEQ"]

    /// The indexes versions 2 and 5 add: (table, columns). Names are ours (SB_ prefix).
    static let indexes: [(table: String, columns: [String])] = [
        ("BATCH_JOB_INSTANCE", ["JOB_NAME"]),
        ("BATCH_JOB_EXECUTION", ["JOB_INSTANCE_ID"]),
        ("BATCH_JOB_EXECUTION", ["START_TIME"]),
        ("BATCH_JOB_EXECUTION", ["STATUS", "JOB_EXECUTION_ID"]),  // version 5: a status's executions in id order
        ("BATCH_JOB_EXECUTION_PARAMS", ["JOB_EXECUTION_ID"]),
        ("BATCH_STEP_EXECUTION", ["JOB_EXECUTION_ID"]),
        ("TASK_EXECUTION", ["TASK_NAME"]),
        ("TASK_EXECUTION", ["END_TIME"]),
        ("TASK_EXECUTION", ["START_TIME"]),
        ("TASK_EXECUTION", ["PARENT_EXECUTION_ID"]),
        ("TASK_EXECUTION_PARAMS", ["TASK_EXECUTION_ID"]),
        ("TASK_TASK_BATCH", ["TASK_EXECUTION_ID"]),
        ("TASK_TASK_BATCH", ["JOB_EXECUTION_ID"]),
        // version 6: the server's lookups
        ("APP_REGISTRATION", ["TYPE", "NAME", "VERSION"]),
        ("TASK_DEPLOYMENT", ["TASK_DEFINITION_NAME", "ID"]),
        ("AUDIT_RECORDS", ["CREATED_ON", "ID"]),
        ("TASK_EXECUTION_METADATA", ["TASK_EXECUTION_ID"]),
        // version 7: the server's launches
        ("SB_TASK_LAUNCH", ["PLATFORM_NAME", "STATE", "PRIORITY", "TASK_EXECUTION_ID"]),
        ("SB_TASK_LAUNCH", ["LAUNCH_ID"]),
        // version 10: what runs now (partial: running rows only)
        ("BATCH_JOB_EXECUTION", ["JOB_EXECUTION_ID", "VERSION"]),
        ("BATCH_STEP_EXECUTION", ["STEP_EXECUTION_ID", "VERSION"]),
        ("TASK_EXECUTION", ["TASK_EXECUTION_ID"]),
        // version 12: which running rows were written lately (partial: running or unended rows only)
        ("BATCH_JOB_EXECUTION", ["LAST_UPDATED", "JOB_EXECUTION_ID"]),
        ("BATCH_STEP_EXECUTION", ["LAST_UPDATED", "JOB_EXECUTION_ID"]),
        ("TASK_EXECUTION", ["LAST_UPDATED", "TASK_EXECUTION_ID"]),
        // version 13: the server's schedules, by due time and by definition
        ("SB_TASK_SCHEDULE", ["NEXT_FIRE_TIME"]),
        ("SB_TASK_SCHEDULE", ["TASK_DEFINITION_NAME"]),
    ]

    /// Data Flow 2.11's own tables (version 6), with their columns in order.
    static let dataflowTables: [(name: String, columns: [String])] = [
        ("APP_REGISTRATION", ["ID", "OBJECT_VERSION", "DEFAULT_VERSION", "METADATA_URI", "NAME", "TYPE", "URI", "VERSION", "BOOT_VERSION"]),
        ("AUDIT_RECORDS", ["ID", "AUDIT_ACTION", "AUDIT_DATA", "AUDIT_OPERATION", "CORRELATION_ID", "CREATED_BY", "CREATED_ON", "PLATFORM_NAME"]),
        ("TASK_DEFINITIONS", ["DEFINITION_NAME", "DEFINITION", "DESCRIPTION"]),
        ("TASK_DEPLOYMENT", ["ID", "OBJECT_VERSION", "TASK_DEPLOYMENT_ID", "TASK_DEFINITION_NAME", "PLATFORM_NAME", "CREATED_ON"]),
        ("TASK_EXECUTION_METADATA", ["ID", "TASK_EXECUTION_ID", "TASK_EXECUTION_MANIFEST"]),
    ]

    /// Data Flow's id generators: PostgreSQL sequences, SQLite one-column tables.
    static let dataflowSequences = ["HIBERNATE_SEQUENCE", "TASK_EXECUTION_METADATA_SEQ"]
}
