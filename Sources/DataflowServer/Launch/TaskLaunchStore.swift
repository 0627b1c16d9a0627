import Database
import Foundation

/// `SB_TASK_LAUNCH`: the server's launches.
enum TaskLaunchStore {
    static let columns = """
        TASK_EXECUTION_ID, TASK_NAME, PLATFORM_NAME, LAUNCH_ID, STATE, PRIORITY, QUEUED_AT, LAUNCHED_AT, ENDED_AT, HOST, PID,
        PROCESS_START, WORK_DIR, START_DEADLINE, RUN_DEADLINE, STOP_REQUESTED, EXIT_CODE, REQUEST
        """

    /// Inserts a launch. It holds a slot of its platform unless it calls the server back (a
    /// composed task's runner, which only waits for its children: schema version 14).
    static func insert(_ launch: TaskLaunchRecord, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO SB_TASK_LAUNCH (\(columns), HOLDS_SLOT)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """, try binds(launch) + [.int(launch.holdsSlot ? 1 : 0)])
    }

    /// Writes every column of an existing launch.
    static func update(_ launch: TaskLaunchRecord, on connection: SQLConnection) async throws {
        var values = try binds(launch)
        let id = values.removeFirst()
        try await connection.execute(
            """
            UPDATE SB_TASK_LAUNCH SET TASK_NAME = $1, PLATFORM_NAME = $2, LAUNCH_ID = $3, STATE = $4, PRIORITY = $5, QUEUED_AT = $6,
                LAUNCHED_AT = $7, ENDED_AT = $8, HOST = $9, PID = $10, PROCESS_START = $11, WORK_DIR = $12, START_DEADLINE = $13,
                RUN_DEADLINE = $14, STOP_REQUESTED = $15, EXIT_CODE = $16, REQUEST = $17
            WHERE TASK_EXECUTION_ID = $18
            """, values + [id])
    }

    static func find(executionId: Int64, on connection: SQLConnection) async throws -> TaskLaunchRecord? {
        try await connection.query("SELECT \(columns) FROM SB_TASK_LAUNCH WHERE TASK_EXECUTION_ID = $1", [.int(executionId)])
            .first.map(decode)
    }

    /// The launches of `executionIds` that exist; 500 per query.
    static func find(executionIds: [Int64], on connection: SQLConnection) async throws -> [TaskLaunchRecord] {
        try await connection.query(ids: executionIds) { "SELECT \(columns) FROM SB_TASK_LAUNCH WHERE TASK_EXECUTION_ID IN (\($0))" }
            .map(decode)
    }

    static func find(launchId: String, on connection: SQLConnection) async throws -> TaskLaunchRecord? {
        try await connection.query("SELECT \(columns) FROM SB_TASK_LAUNCH WHERE LAUNCH_ID = $1", [.text(launchId)]).first.map(decode)
    }

    /// Launches in `state`, on one platform or all, queued ones by priority then age.
    static func list(state: TaskLaunchRecord.State, platform: String? = nil, taskName: String? = nil, limit: Int? = nil,
                     on connection: SQLConnection) async throws -> [TaskLaunchRecord] {
        var binds: [SQLValue] = [.text(state.rawValue)]
        var sql = "SELECT \(columns) FROM SB_TASK_LAUNCH WHERE STATE = $1"
        if let platform {
            binds.append(.text(platform))
            sql += " AND PLATFORM_NAME = $\(binds.count)"
        }
        if let taskName {
            binds.append(.text(taskName))
            sql += " AND TASK_NAME = $\(binds.count)"
        }
        sql += " ORDER BY PRIORITY DESC, TASK_EXECUTION_ID"
        if let limit { sql += " LIMIT \(limit)" }
        return try await connection.query(sql, binds).map(decode)
    }

    /// How many launches are in `state` on `platform` (and of `taskName`, when given).
    static func count(state: TaskLaunchRecord.State, platform: String, taskName: String? = nil, on connection: SQLConnection) async throws -> Int {
        try await count(states: [state], platform: platform, taskName: taskName, on: connection)
    }

    /// The launches that hold a slot of `platform` (LAUNCHING or RUNNING), in ONE statement: under
    /// PostgreSQL's READ COMMITTED each statement sees a new snapshot, so counting the two states
    /// in two statements missed a launch that moved from LAUNCHING to RUNNING in between, and a
    /// full platform took one launch too many. With `taskName`, that definition's launches,
    /// runners included (a definition's own limit counts its runs).
    static func countBusy(platform: String, taskName: String? = nil, on connection: SQLConnection) async throws -> Int {
        try await count(states: [.launching, .running], platform: platform, taskName: taskName, slotsOnly: taskName == nil, on: connection)
    }

    private static func count(
        states: [TaskLaunchRecord.State], platform: String, taskName: String?, slotsOnly: Bool = false, on connection: SQLConnection
    ) async throws -> Int {
        var binds: [SQLValue] = [.text(platform)]
        var sql = "SELECT COUNT(*) AS N FROM SB_TASK_LAUNCH WHERE PLATFORM_NAME = $1 AND STATE IN ("
        sql += states.map { state in
            binds.append(.text(state.rawValue))
            return "$\(binds.count)"
        }.joined(separator: ", ") + ")"
        if let taskName {
            binds.append(.text(taskName))
            sql += " AND TASK_NAME = $\(binds.count)"
        }
        if slotsOnly { sql += " AND HOLDS_SLOT = 1" }
        return Int(try await connection.query(sql, binds)[0].decode(Int64.self, "N"))
    }

    static func binds(_ launch: TaskLaunchRecord) throws -> [SQLValue] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [
            .int(launch.executionId), .text(launch.taskName), .text(launch.platformName), launch.launchId.sqlValue,
            .text(launch.state.rawValue), .int(Int64(launch.priority)), .date(launch.queuedAt), launch.launchedAt.sqlValue,
            launch.endedAt.sqlValue, launch.host.sqlValue, launch.pid.sqlValue, launch.processStart.sqlValue,
            launch.workDirectory.sqlValue, launch.startDeadline.sqlValue, launch.runDeadline.sqlValue,
            launch.stopRequested.sqlValue, launch.exitCode.map { .int(Int64($0)) } ?? .null,
            .text(String(decoding: try encoder.encode(launch.request), as: UTF8.self)),
        ]
    }

    static func decode(_ row: SQLRow) throws -> TaskLaunchRecord {
        let requestText = try row.decode(String.self, "REQUEST")
        let request = try JSONDecoder().decode(LaunchRequest.self, from: Data(requestText.utf8))
        return TaskLaunchRecord(
            executionId: try row.decode(Int64.self, "TASK_EXECUTION_ID"), taskName: try row.decode(String.self, "TASK_NAME"),
            platformName: try row.decode(String.self, "PLATFORM_NAME"), launchId: try row.decode(String?.self, "LAUNCH_ID"),
            state: TaskLaunchRecord.State(rawValue: try row.decode(String.self, "STATE")) ?? .ended,
            priority: Int(try row.decode(Int64.self, "PRIORITY")), queuedAt: try row.decode(Date.self, "QUEUED_AT"),
            launchedAt: try row.decode(Date?.self, "LAUNCHED_AT"), endedAt: try row.decode(Date?.self, "ENDED_AT"),
            host: try row.decode(String?.self, "HOST"), pid: try row.decode(Int64?.self, "PID"),
            processStart: try row.decode(String?.self, "PROCESS_START"), workDirectory: try row.decode(String?.self, "WORK_DIR"),
            startDeadline: try row.decode(Date?.self, "START_DEADLINE"), runDeadline: try row.decode(Date?.self, "RUN_DEADLINE"),
            stopRequested: try row.decode(Date?.self, "STOP_REQUESTED"),
            exitCode: try row.decode(Int64?.self, "EXIT_CODE").map { Int32(truncatingIfNeeded: $0) }, request: request)
    }
}
