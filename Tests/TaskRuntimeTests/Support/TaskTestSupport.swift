import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime

/// A migrated, isolated database for one test, with a task repository over it.
func withTaskRepository<T>(
    _ database: TestDatabase, isolation: isolated (any Actor)? = #isolation,
    _ body: (TaskRepository) async throws -> T
) async throws -> T {
    try await database.withPool { pool in
        try await Migrator(pool: pool).migrate()
        return try await body(TaskRepository(pool: pool))
    }
}

/// Fast heartbeats, for tests.
let testTaskConfiguration = TaskConfiguration(heartbeatInterval: .milliseconds(200), livenessTimeout: .seconds(5))

/// The raw `TASK_EXECUTION` row, column by column, as a Spring tool reads it.
struct RawTaskRow: Equatable, CustomStringConvertible {
    var startTimeSet: Bool
    var endTimeSet: Bool
    var taskName: String?
    var exitCode: Int64?
    var exitMessage: String?
    var errorMessage: String?
    var lastUpdatedSet: Bool
    var externalExecutionId: String?
    var parentExecutionId: Int64?

    var description: String {
        "start=\(startTimeSet) end=\(endTimeSet) name=\(taskName ?? "nil") exit=\(exitCode.map(String.init) ?? "nil") message=\(exitMessage ?? "nil") error=\(errorMessage ?? "nil") updated=\(lastUpdatedSet) external=\(externalExecutionId ?? "nil") parent=\(parentExecutionId.map(String.init) ?? "nil")"
    }
}

/// Reads a row and its parameters with plain SQL (not through the repository under test).
func rawRow(_ pool: ConnectionPool, _ id: Int64) async throws -> (row: RawTaskRow, params: [String], owner: Bool)? {
    try await pool.withConnection { connection in
        guard
            let row = try await connection.query(
                "SELECT * FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID = $1", [.int(id)]
            ).first
        else { return nil }
        let raw = RawTaskRow(
            startTimeSet: try row.decode(Date?.self, "START_TIME") != nil, endTimeSet: try row.decode(Date?.self, "END_TIME") != nil,
            taskName: try row.decode(String?.self, "TASK_NAME"), exitCode: try row.decode(Int64?.self, "EXIT_CODE"),
            exitMessage: try row.decode(String?.self, "EXIT_MESSAGE"), errorMessage: try row.decode(String?.self, "ERROR_MESSAGE"),
            lastUpdatedSet: try row.decode(Date?.self, "LAST_UPDATED") != nil,
            externalExecutionId: try row.decode(String?.self, "EXTERNAL_EXECUTION_ID"),
            parentExecutionId: try row.decode(Int64?.self, "PARENT_EXECUTION_ID"))
        let params = try await connection.query(
            "SELECT TASK_PARAM FROM TASK_EXECUTION_PARAMS WHERE TASK_EXECUTION_ID = $1", [.int(id)]
        ).map { try $0.decode(String.self, "TASK_PARAM") }
        let owners = try await connection.query(
            "SELECT COUNT(*) AS N FROM SB_TASK_EXECUTION_OWNER WHERE TASK_EXECUTION_ID = $1", [.int(id)])
        return (raw, params, try owners[0].decode(Int64.self, "N") > 0)
    }
}

/// The pid of a process that has certainly exited (and been reaped): a dead owner.
func deadPid() async throws -> Int64 {
    let null = open("/dev/null", O_RDWR | O_CLOEXEC)
    defer { close(null) }
    let process = try ChildProcess("/bin/true", [], environment: ["PATH": "/usr/bin:/bin"], stdin: null, stdout: null, stderr: null)
    _ = await process.wait()
    return Int64(process.pid)
}

/// Inserts a started execution owned by `owner`, as a process that then vanished would leave it.
func insertRunning(_ repository: TaskRepository, name: String, owner: ExecutionOwner?) async throws -> TaskExecution {
    try await repository.startTaskExecution(try TaskSettings(taskName: name), owner: owner)
}

struct Boom: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` with a fresh migrated database (its URL as text, for command lines), a scratch
/// directory to run processes in, and an explorer over the database.
func withTaskDatabase(_ database: TestDatabase, _ body: (String, URL, TaskExplorer) async throws -> Void) async throws {
    try await database.withIsolatedURLText { url in
        try await withTemporaryDirectory { directory in
            try await ConnectionPool.withPool(url: try DatabaseURL(url)) { pool in
                try await Migrator(pool: pool).migrate()
                try await body(url, directory, TaskExplorer(pool: pool))
            }
        }
    }
}
