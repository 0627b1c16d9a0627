/// One job of the dashboard's grid: its name and its latest executions, oldest first, so a
/// row reads left to right as the job's recent history with the newest execution last.
public struct JobGridRow: Sendable, Hashable, Identifiable {
    /// `JOB_NAME`.
    public var jobName: String
    /// The job's latest executions by id, oldest first (newest last); empty for a job whose
    /// instances have no execution.
    public var executions: [JobGridCell]

    /// The job's name.
    public var id: String { jobName }

    /// Creates a row.
    public init(jobName: String, executions: [JobGridCell]) {
        self.jobName = jobName
        self.executions = executions
    }
}
