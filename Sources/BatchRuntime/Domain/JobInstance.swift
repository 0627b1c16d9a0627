/// A job run with one set of identifying parameters (`BATCH_JOB_INSTANCE`); its executions are
/// the attempts to complete it.
public struct JobInstance: Sendable, Hashable, Identifiable {
    /// `JOB_INSTANCE_ID`.
    public var id: Int64
    /// `VERSION`.
    public var version: Int64
    /// `JOB_NAME`.
    public var jobName: String
    /// `JOB_KEY`: see ``JobParameters/jobKey``.
    public var jobKey: String

    /// Creates an instance value.
    public init(id: Int64, version: Int64 = 0, jobName: String, jobKey: String) {
        self.id = id
        self.version = version
        self.jobName = jobName
        self.jobKey = jobKey
    }
}
