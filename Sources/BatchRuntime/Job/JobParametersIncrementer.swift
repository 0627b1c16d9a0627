/// Derives the parameters of a job's next instance from the last run's (`start --next`).
public protocol JobParametersIncrementer: Sendable {
    /// The next parameters.
    /// - Parameter previous: The last execution's parameters, or empty when the job never ran.
    func next(after previous: JobParameters) -> JobParameters
}

/// Spring's `RunIdIncrementer`: `run.id` (a `java.lang.Long`) one above the previous run's, or 1.
public struct RunIdIncrementer: JobParametersIncrementer {
    /// The parameter's name.
    public var key: String

    /// Creates the incrementer.
    public init(key: String = "run.id") { self.key = key }

    /// The previous parameters with `run.id` incremented.
    public func next(after previous: JobParameters) -> JobParameters {
        var next = previous
        var current: Int64 = 0
        if case .long(let value) = previous[key]?.value { current = value }
        if case .string(let text) = previous[key]?.value, let value = Int64(text) { current = value }
        next[key] = JobParameter(.long(current + 1))
        return next
    }
}
