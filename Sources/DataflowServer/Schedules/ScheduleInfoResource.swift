import Foundation
import TaskRuntime

/// A schedule as `/tasks/schedules` shows it: Data Flow's `ScheduleInfoResource`
/// (`scheduleName`, `taskDefinitionName`, `scheduleProperties`, where the cron expression is
/// `spring.cloud.scheduler.cron.expression` whichever key it was given under), and, beyond
/// Data Flow, what its local scheduler knows: `platformName`, `timeZone`, `misfirePolicy`,
/// `concurrencyPolicy`, `nextFireTimes` (the next five), `lastFireTime`,
/// `lastTaskExecutionId` and `lastOutcome`. Data Flow's clients ignore fields they do not know.
struct ScheduleInfoResource: Encodable, Sendable {
    var schedule: TaskSchedule
    var nextFireTimes: [Date]
    var links: Links

    init(_ schedule: TaskSchedule, base: RequestBase) {
        self.schedule = schedule
        self.nextFireTimes = schedule.nextFireTime.map { [$0] + TaskSchedules.nextFireTimes(of: schedule, after: $0, count: 4) } ?? []
        self.links = .this(base.link("/tasks/schedules/\(schedule.name)").href)
    }

    enum Keys: String, CodingKey {
        case scheduleName, taskDefinitionName, scheduleProperties, platformName, timeZone, misfirePolicy, concurrencyPolicy
        case nextFireTimes, lastFireTime, lastTaskExecutionId, lastOutcome
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(schedule.name, forKey: .scheduleName)
        try container.encode(schedule.definitionName, forKey: .taskDefinitionName)
        var properties = schedule.properties.filter { !ScheduleProperties.isScheduleKey($0.key) }
        properties["spring.cloud.scheduler.cron.expression"] = schedule.cronExpression
        properties["spring.cloud.scheduler.cron.time-zone"] = schedule.timeZone
        try container.encode(
            Dictionary(uniqueKeysWithValues: properties.map { ($0.key, SecretMasking.value($0.value, key: $0.key)) }), forKey: .scheduleProperties)
        try container.encode(schedule.platform, forKey: .platformName)
        try container.encode(schedule.timeZone, forKey: .timeZone)
        try container.encode(schedule.misfirePolicy == .runOnce ? "run-once" : "skip", forKey: .misfirePolicy)
        try container.encode(schedule.concurrencyPolicy.rawValue.capitalized, forKey: .concurrencyPolicy)
        try container.encode(nextFireTimes.map(WireTime.string), forKey: .nextFireTimes)
        try container.encode(schedule.lastFireTime.map(WireTime.string), forKey: .lastFireTime)
        try container.encode(schedule.lastTaskExecutionId, forKey: .lastTaskExecutionId)
        try container.encode(schedule.lastOutcome, forKey: .lastOutcome)
        try container.encode(links, forKey: .links)
    }
}
