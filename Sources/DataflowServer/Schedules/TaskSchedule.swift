import Foundation

/// A schedule of a task definition: when it fires (a cron expression in a time zone), what a
/// fire launches (the definition with the schedule's launch properties and arguments), and what
/// happens to fires the server missed or that would overlap a run still going.
public struct TaskSchedule: Sendable, Hashable {
    /// What to do with fires that fell due while no server ran (a restart, an outage).
    public enum MisfirePolicy: String, Sendable, Hashable, CaseIterable {
        /// Fire once for all the missed times, as soon as a server runs again (Quartz's
        /// "fire once now"); the default.
        case runOnce = "RUN_ONCE"
        /// Fire none of them; wait for the next time.
        case skip = "SKIP"
    }

    /// What a fire does while the schedule's previous run still runs, as Kubernetes CronJobs'
    /// `concurrencyPolicy`.
    public enum ConcurrencyPolicy: String, Sendable, Hashable, CaseIterable {
        /// Launch beside it.
        case allow = "ALLOW"
        /// Skip this fire; the default (a batch job rarely wants two runs of itself at once).
        case forbid = "FORBID"
        /// Stop the running one, then launch.
        case replace = "REPLACE"
    }

    /// The schedule's name, unique on the server.
    public var name: String
    /// The task definition it launches.
    public var definitionName: String
    /// The platform account it launches on.
    public var platform: String
    /// The cron expression as given (six-field Spring, five-field Unix, or a macro).
    public var cronExpression: String
    /// The time zone the expression's fields are read in (an IANA identifier).
    public var timeZone: String
    /// Missed fires.
    public var misfirePolicy: MisfirePolicy
    /// Overlapping fires.
    public var concurrencyPolicy: ConcurrencyPolicy
    /// The schedule's properties as given (Data Flow's `scheduleProperties`); those not about the
    /// schedule itself are the launch properties of each fire.
    public var properties: [String: String]
    /// The launch arguments of each fire (Data Flow's space-separated string), if any.
    public var arguments: String?
    /// When it was created.
    public var createdAt: Date
    /// The next time it is due; nil when the expression has no time left (a past year).
    public var nextFireTime: Date?
    /// When it last fired (or skipped a fire), if ever.
    public var lastFireTime: Date?
    /// The task execution its last fire launched, if any.
    public var lastTaskExecutionId: Int64?
    /// How the last fire went, in one line ("launched task execution 12", "skipped: ...").
    public var lastOutcome: String?
    /// Optimistic lock: a fire is taken by moving `nextFireTime` with this as the guard.
    public var version: Int64

    /// The properties a fire launches with: the given ones without those that configure the schedule.
    public var launchProperties: [String: String] {
        properties.filter { !ScheduleProperties.isScheduleKey($0.key) }
    }
}
