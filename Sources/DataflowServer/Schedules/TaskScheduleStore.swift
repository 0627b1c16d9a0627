import Database
import Foundation

/// `SB_TASK_SCHEDULE`: the server's schedules.
enum TaskScheduleStore {
    static let columns = """
        SCHEDULE_NAME, TASK_DEFINITION_NAME, PLATFORM_NAME, CRON_EXPRESSION, TIME_ZONE, MISFIRE_POLICY, CONCURRENCY_POLICY,
        PROPERTIES, ARGUMENTS, CREATED_TIME, NEXT_FIRE_TIME, LAST_FIRE_TIME, LAST_TASK_EXECUTION_ID, LAST_OUTCOME, VERSION
        """

    static func insert(_ schedule: TaskSchedule, on connection: SQLConnection) async throws {
        try await connection.execute(
            "INSERT INTO SB_TASK_SCHEDULE (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            try binds(schedule))
    }

    static func find(name: String, on connection: SQLConnection) async throws -> TaskSchedule? {
        try await connection.query("SELECT \(columns) FROM SB_TASK_SCHEDULE WHERE SCHEDULE_NAME = $1", [.text(name)]).first.map(decode)
    }

    /// A page of schedules by name, of one definition or all, and how many there are.
    static func list(definition: String?, limit: Int, offset: Int, on connection: SQLConnection) async throws -> ([TaskSchedule], Int64) {
        let filter = definition == nil ? "" : " WHERE TASK_DEFINITION_NAME = $1"
        let binds: [SQLValue] = definition.map { [.text($0)] } ?? []
        let rows = try await connection.query(
            "SELECT \(columns) FROM SB_TASK_SCHEDULE\(filter) ORDER BY SCHEDULE_NAME LIMIT \(limit) OFFSET \(offset)", binds)
        let total = try await connection.query("SELECT COUNT(*) AS N FROM SB_TASK_SCHEDULE\(filter)", binds)[0].decode(Int64.self, "N")
        return (try rows.map(decode), total)
    }

    /// The schedules due at `now`, the most overdue first (by the index on `NEXT_FIRE_TIME`).
    static func due(at now: Date, limit: Int, on connection: SQLConnection) async throws -> [TaskSchedule] {
        try await connection.query(
            "SELECT \(columns) FROM SB_TASK_SCHEDULE WHERE NEXT_FIRE_TIME <= $1 ORDER BY NEXT_FIRE_TIME, SCHEDULE_NAME LIMIT \(limit)",
            [.date(now)]
        ).map(decode)
    }

    /// The earliest due time of all schedules, if any has one.
    static func earliestDue(on connection: SQLConnection) async throws -> Date? {
        try await connection.query("SELECT MIN(NEXT_FIRE_TIME) AS NEXT FROM SB_TASK_SCHEDULE")[0].decode(Date?.self, "NEXT")
    }

    /// Takes the fire due at `due`: moves the schedule to `next` if it is still at `version`.
    /// - Returns: Whether this call took it (false: another server did, or the schedule changed or went).
    static func take(name: String, version: Int64, due: Date, next: Date?, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute(
            """
            UPDATE SB_TASK_SCHEDULE SET NEXT_FIRE_TIME = $1, LAST_FIRE_TIME = $2, VERSION = VERSION + 1
            WHERE SCHEDULE_NAME = $3 AND VERSION = $4
            """, [next.sqlValue, .date(due), .text(name), .int(version)]) == 1
    }

    /// Records how a fire went (without touching the version: it is the fire's own row change).
    static func recordOutcome(name: String, executionId: Int64?, outcome: String, on connection: SQLConnection) async throws {
        if let executionId {
            try await connection.execute(
                "UPDATE SB_TASK_SCHEDULE SET LAST_TASK_EXECUTION_ID = $1, LAST_OUTCOME = $2 WHERE SCHEDULE_NAME = $3",
                [.int(executionId), .text(String(outcome.prefix(2500))), .text(name)])
        } else {
            try await connection.execute(
                "UPDATE SB_TASK_SCHEDULE SET LAST_OUTCOME = $1 WHERE SCHEDULE_NAME = $2", [.text(String(outcome.prefix(2500))), .text(name)])
        }
    }

    /// Deletes one schedule. - Returns: Whether it existed.
    static func delete(name: String, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute("DELETE FROM SB_TASK_SCHEDULE WHERE SCHEDULE_NAME = $1", [.text(name)]) == 1
    }

    /// Deletes the schedules of a definition. - Returns: Their names.
    static func delete(definition: String, on connection: SQLConnection) async throws -> [String] {
        let names = try await connection.query(
            "SELECT SCHEDULE_NAME FROM SB_TASK_SCHEDULE WHERE TASK_DEFINITION_NAME = $1 ORDER BY SCHEDULE_NAME", [.text(definition)]
        ).map { try $0.decode(String.self, "SCHEDULE_NAME") }
        try await connection.execute("DELETE FROM SB_TASK_SCHEDULE WHERE TASK_DEFINITION_NAME = $1", [.text(definition)])
        return names
    }

    static func binds(_ schedule: TaskSchedule) throws -> [SQLValue] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [
            .text(schedule.name), .text(schedule.definitionName), .text(schedule.platform), .text(schedule.cronExpression),
            .text(schedule.timeZone), .text(schedule.misfirePolicy.rawValue), .text(schedule.concurrencyPolicy.rawValue),
            .text(String(decoding: try encoder.encode(schedule.properties), as: UTF8.self)), schedule.arguments.sqlValue,
            .date(schedule.createdAt), schedule.nextFireTime.sqlValue, schedule.lastFireTime.sqlValue,
            schedule.lastTaskExecutionId.sqlValue, schedule.lastOutcome.sqlValue, .int(schedule.version),
        ]
    }

    static func decode(_ row: SQLRow) throws -> TaskSchedule {
        let properties = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(String.self, "PROPERTIES").utf8))
        return TaskSchedule(
            name: try row.decode(String.self, "SCHEDULE_NAME"), definitionName: try row.decode(String.self, "TASK_DEFINITION_NAME"),
            platform: try row.decode(String.self, "PLATFORM_NAME"), cronExpression: try row.decode(String.self, "CRON_EXPRESSION"),
            timeZone: try row.decode(String.self, "TIME_ZONE"),
            misfirePolicy: TaskSchedule.MisfirePolicy(rawValue: try row.decode(String.self, "MISFIRE_POLICY")) ?? .runOnce,
            concurrencyPolicy: TaskSchedule.ConcurrencyPolicy(rawValue: try row.decode(String.self, "CONCURRENCY_POLICY")) ?? .forbid,
            properties: properties, arguments: try row.decode(String?.self, "ARGUMENTS"),
            createdAt: try row.decode(Date.self, "CREATED_TIME"), nextFireTime: try row.decode(Date?.self, "NEXT_FIRE_TIME"),
            lastFireTime: try row.decode(Date?.self, "LAST_FIRE_TIME"), lastTaskExecutionId: try row.decode(Int64?.self, "LAST_TASK_EXECUTION_ID"),
            lastOutcome: try row.decode(String?.self, "LAST_OUTCOME"), version: try row.decode(Int64.self, "VERSION"))
    }
}
