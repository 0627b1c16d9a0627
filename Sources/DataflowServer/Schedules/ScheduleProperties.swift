import Foundation

/// The schedule's own settings among the properties a schedule is created with.
///
/// Data Flow takes the cron expression from `scheduler.cron.expression` or
/// `deployer.cron.expression` (both also under `spring.cloud.`); the rest of the `scheduler.`
/// keys are ours, for what the local platform's scheduler adds:
///
/// | Property | Values | Default |
/// |---|---|---|
/// | `scheduler.cron.time-zone` | an IANA zone (`Europe/Berlin`) | the server's zone |
/// | `scheduler.misfire-policy` | `run-once`, `skip` | `run-once` |
/// | `scheduler.concurrency-policy` | `Allow`, `Forbid`, `Replace` (any case) | `Forbid` |
///
/// Every other property is a launch property of each fire (`app.<app>.k`, `deployer.<app>.k`, ...).
struct ScheduleProperties: Sendable, Hashable {
    var cronExpression: String
    var cron: CronExpression
    var timeZone: TimeZone
    /// The zone's name as given (Foundation on Linux names `UTC` `GMT`).
    var timeZoneName: String
    var misfirePolicy: TaskSchedule.MisfirePolicy
    var concurrencyPolicy: TaskSchedule.ConcurrencyPolicy

    /// The prefixes under which schedule settings may be written.
    static let prefixes = ["spring.cloud.scheduler.", "scheduler.", "spring.cloud.deployer.cron.", "deployer.cron."]

    /// Whether `key` configures the schedule rather than the launches it makes.
    static func isScheduleKey(_ key: String) -> Bool {
        prefixes.contains { key.hasPrefix($0) }
    }

    /// The value of `name` (after a prefix: `cron.expression`, `misfire-policy`), written under any prefix.
    static func value(_ name: String, in properties: [String: String]) -> String? {
        for prefix in prefixes {
            let key = prefix.hasSuffix("cron.") ? (name.hasPrefix("cron.") ? prefix + name.dropFirst("cron.".count) : nil) : prefix + name
            if let key, let value = properties[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// Reads and checks the settings.
    /// - Throws: ``ServerError`` `badRequest` naming the property, the value and what is accepted.
    init(_ properties: [String: String], serverZone: TimeZone = .current) throws {
        guard let expression = Self.value("cron.expression", in: properties) else {
            throw ServerError(
                .badRequest,
                "a schedule needs a cron expression: give scheduler.cron.expression (or deployer.cron.expression) in its properties, such as scheduler.cron.expression=0 0 2 * * *")
        }
        do {
            cron = try CronExpression(expression)
        } catch {
            throw ServerError(.badRequest, "scheduler.cron.expression: \(error.description)")
        }
        cronExpression = expression.trimmingCharacters(in: .whitespaces)
        if let zone = Self.value("cron.time-zone", in: properties) {
            guard let parsed = TimeZone(identifier: zone) else {
                throw ServerError(.badRequest, "scheduler.cron.time-zone: '\(zone)' is not a time zone; give an IANA name such as Europe/Berlin or UTC")
            }
            timeZone = parsed
            timeZoneName = zone.trimmingCharacters(in: .whitespaces)
        } else {
            timeZone = serverZone
            timeZoneName = serverZone.identifier
        }
        misfirePolicy = try Self.policy(
            "misfire-policy", properties, default: .runOnce, spellings: [.runOnce: "run-once", .skip: "skip"])
        concurrencyPolicy = try Self.policy(
            "concurrency-policy", properties, default: .forbid, spellings: [.allow: "Allow", .forbid: "Forbid", .replace: "Replace"])
    }

    private static func policy<P: Hashable>(
        _ name: String, _ properties: [String: String], default fallback: P, spellings: [P: String]
    ) throws -> P {
        guard let text = value(name, in: properties) else { return fallback }
        let normalized = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if let match = spellings.first(where: { $0.value.lowercased() == normalized }) { return match.key }
        let accepted = spellings.values.sorted().joined(separator: ", ")
        throw ServerError(.badRequest, "scheduler.\(name): '\(text)' is not one of \(accepted)")
    }
}
