/// How many items a chunk holds: fixed, or read from a job parameter.
public enum CommitInterval: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// Always this many items.
    case fixed(Int)
    /// The value of a `java.lang.Long` (or numeric string) job parameter, or the default when absent.
    case parameter(String, default: Int)

    /// A fixed interval.
    public init(integerLiteral value: Int) { self = .fixed(value) }

    /// The interval for one execution.
    /// - Throws: ``BatchError/Code/invalidParameters`` when the parameter is not a positive integer.
    func resolve(_ parameters: JobParameters) throws(BatchError) -> Int {
        let value: Int64
        switch self {
        case .fixed(let fixed): value = Int64(fixed)
        case .parameter(let name, let defaultValue): value = try parameters.long(name, default: Int64(defaultValue))
        }
        guard value > 0, value <= 10_000_000 else {
            throw BatchError(.invalidParameters, "the commit interval must be between 1 and 10000000, not \(value)")
        }
        return Int(value)
    }
}
