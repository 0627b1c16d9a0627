import Database
import Foundation
import TaskRuntime

/// Creates, lists and deletes schedules: the only writer of `SB_TASK_SCHEDULE` besides the
/// scheduler's fires.
public struct TaskSchedules: Sendable {
    let pool: ConnectionPool
    let definitions: TaskDefinitions
    let platforms: Platforms
    /// Tells this server's scheduler a schedule changed.
    public let wakeup: ScheduleWakeup
    /// The zone of schedules created without `scheduler.cron.time-zone`.
    let serverZone: TimeZone

    /// Creates the service.
    public init(pool: ConnectionPool, definitions: TaskDefinitions, platforms: Platforms, wakeup: ScheduleWakeup = ScheduleWakeup(),
                serverZone: TimeZone = .current) {
        self.pool = pool
        self.definitions = definitions
        self.platforms = platforms
        self.wakeup = wakeup
        self.serverZone = serverZone
    }

    /// Creates a schedule of `definitionName`.
    /// - Parameters:
    ///   - properties: Data Flow's properties string (`scheduler.cron.expression=0 0 2 * * *,app.x.k=v`).
    ///   - arguments: Launch arguments, as for a launch.
    ///   - platform: The platform account; the definition's usual choice when nil.
    /// - Throws: ``ServerError``: `badRequest` (name, properties, cron expression, zone, policies,
    ///   unknown platform), `noSuchTaskDefinition`, `duplicateSchedule`.
    @discardableResult
    public func create(
        name: String, definitionName: String, properties: String?, arguments: String?, platform: String?, user: String?,
        now: Date = Date()
    ) async throws -> TaskSchedule {
        try Self.checkName(name)
        let given = Dictionary(try LaunchParameters.properties(properties, alsoAllowed: ScheduleProperties.prefixes).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        let settings = try ScheduleProperties(given, serverZone: serverZone)
        _ = try LaunchParameters.arguments(arguments)
        _ = try await definitions.require(definitionName)
        let platformName = try choosePlatform(platform ?? given["spring.cloud.dataflow.task.platformName"])
        let schedule = TaskSchedule(
            name: name, definitionName: definitionName, platform: platformName, cronExpression: settings.cronExpression,
            timeZone: settings.timeZoneName, misfirePolicy: settings.misfirePolicy, concurrencyPolicy: settings.concurrencyPolicy,
            properties: given, arguments: arguments.flatMap { $0.isEmpty ? nil : $0 }, createdAt: now,
            nextFireTime: settings.cron.next(after: now, in: settings.timeZone), version: 0)
        try await pool.transaction { connection in
            if try await TaskScheduleStore.find(name: name, on: connection) != nil {
                throw ServerError(.duplicateSchedule, "a schedule named \(name) exists; delete it first or choose another name")
            }
            try await TaskScheduleStore.insert(schedule, on: connection)
            try await AuditTrail.record(
                AuditRecord(
                    action: .create, operation: .schedule, correlationId: name,
                    data: "\(definitionName): \(settings.cronExpression) (\(settings.timeZoneName))", createdBy: user,
                    platformName: platformName), on: connection)
        }
        wakeup.wake()
        return schedule
    }

    /// One schedule, or nil.
    public func schedule(named name: String) async throws -> TaskSchedule? {
        try await pool.withConnection { try await TaskScheduleStore.find(name: name, on: $0) }
    }

    /// One schedule. - Throws: ``ServerError`` `noSuchSchedule`.
    public func require(_ name: String) async throws -> TaskSchedule {
        guard let schedule = try await schedule(named: name) else { throw Self.noSuchSchedule(name) }
        return schedule
    }

    /// A page of schedules by name, of one definition or all.
    public func schedules(definition: String? = nil, page: PageRequest) async throws -> Page<TaskSchedule> {
        try await pool.withConnection { connection in
            let (schedules, total) = try await TaskScheduleStore.list(definition: definition, limit: page.size, offset: page.offset, on: connection)
            return Page(elements: schedules, number: page.number, size: page.size, totalElements: total)
        }
    }

    /// Deletes a schedule; a run it launched goes on. - Throws: ``ServerError`` `noSuchSchedule`.
    public func delete(_ name: String, user: String?) async throws {
        try await pool.transaction { connection in
            guard try await TaskScheduleStore.delete(name: name, on: connection) else { throw Self.noSuchSchedule(name) }
            try await AuditTrail.record(AuditRecord(action: .delete, operation: .schedule, correlationId: name, data: nil, createdBy: user), on: connection)
        }
        wakeup.wake()
    }

    /// The next `count` times `schedule` fires after `date`.
    public static func nextFireTimes(of schedule: TaskSchedule, after date: Date = Date(), count: Int) -> [Date] {
        guard let cron = try? CronExpression(schedule.cronExpression), let zone = TimeZone(identifier: schedule.timeZone) else { return [] }
        return cron.nextFireTimes(after: date, count: count, in: zone)
    }

    /// Names as Kubernetes allows them for a CronJob (Data Flow's own limit there is 52
    /// characters): lower-case letters, digits and `-`, starting with a letter. Stricter than
    /// the local platform needs, so that a schedule moves to Kubernetes unchanged.
    static func checkName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        guard !name.isEmpty, name.count <= 52, allowed, let first = name.utf8.first, first >= 97, first <= 122, !name.hasSuffix("-") else {
            throw ServerError(
                .badRequest,
                "'\(name)' is not a schedule name: use 1 to 52 lower-case letters, digits and '-', starting with a letter and not ending with '-' (as a Kubernetes CronJob is named), such as nightly-import")
        }
    }

    private func choosePlatform(_ requested: String?) throws -> String {
        if let requested, !requested.isEmpty {
            guard platforms[requested] != nil else {
                let known = platforms.all.map(\.account.name).joined(separator: ", ")
                throw ServerError(.badRequest, "no platform named \(requested); this server has \(known)")
            }
            return requested
        }
        guard !platforms.all.isEmpty else { throw ServerError(.badRequest, "this server has no platform to schedule on") }
        return platforms.defaultName
    }

    static func noSuchSchedule(_ name: String) -> ServerError {
        ServerError(.noSuchSchedule, "Schedule \(name) does not exist")
    }
}
