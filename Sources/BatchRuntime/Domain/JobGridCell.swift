import Foundation

/// One job execution as the dashboard's grid and charts draw it: its outcome and its times,
/// read without parameters, contexts or steps.
public struct JobGridCell: Sendable, Hashable, Identifiable {
    /// `JOB_EXECUTION_ID`.
    public var id: Int64
    /// `STATUS`.
    public var status: BatchStatus
    /// `EXIT_CODE` (`UNKNOWN` when the row has none).
    public var exitCode: String
    /// `START_TIME`; nil before the execution started.
    public var startTime: Date?
    /// `END_TIME`; nil while the execution runs.
    public var endTime: Date?
    /// `CREATE_TIME`.
    public var createTime: Date

    /// How long the execution ran (`endTime - startTime`), or nil while it has no start or no end.
    public var duration: TimeInterval? {
        guard let startTime, let endTime else { return nil }
        return endTime.timeIntervalSince(startTime)
    }

    /// Creates a cell.
    public init(id: Int64, status: BatchStatus, exitCode: String, startTime: Date?, endTime: Date?, createTime: Date) {
        self.id = id
        self.status = status
        self.exitCode = exitCode
        self.startTime = startTime
        self.endTime = endTime
        self.createTime = createTime
    }
}
