import Foundation

/// How many job executions of one status started in one hour (UTC).
public struct HourlyExecutionCount: Sendable, Hashable {
    /// The start of the hour in UTC (minutes, seconds and fraction zero).
    public var hourStart: Date
    /// The executions' current status.
    public var status: BatchStatus
    /// How many executions of that status started in that hour (never zero in a result).
    public var count: Int64

    /// Creates a count.
    public init(hourStart: Date, status: BatchStatus, count: Int64) {
        self.hourStart = hourStart
        self.status = status
        self.count = count
    }
}
