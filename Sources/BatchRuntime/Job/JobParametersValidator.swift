/// Checks a job's parameters before an execution is created.
public protocol JobParametersValidator: Sendable {
    /// Throws when the parameters are unusable.
    /// - Throws: ``BatchError/Code/invalidParameters`` saying which parameter and why.
    func validate(_ parameters: JobParameters) throws
}

/// Spring's `DefaultJobParametersValidator`: required keys must be present; when optional keys
/// are given too, no other keys are allowed.
public struct DefaultJobParametersValidator: JobParametersValidator {
    /// Keys that must be present.
    public var required: Set<String>
    /// Keys that may be present; empty means any.
    public var optional: Set<String>

    /// Creates the validator.
    public init(required: Set<String>, optional: Set<String> = []) {
        self.required = required
        self.optional = optional
    }

    /// Checks the keys.
    public func validate(_ parameters: JobParameters) throws {
        let names = Set(parameters.names)
        let missing = required.subtracting(names)
        if !missing.isEmpty {
            throw BatchError(
                .invalidParameters,
                "missing job parameter(s) \(missing.sorted().joined(separator: ", ")); pass them as name=value")
        }
        if !optional.isEmpty {
            let unknown = names.subtracting(required).subtracting(optional)
            if !unknown.isEmpty {
                throw BatchError(
                    .invalidParameters,
                    "unknown job parameter(s) \(unknown.sorted().joined(separator: ", ")); allowed: \(required.union(optional).sorted().joined(separator: ", "))"
                )
            }
        }
    }
}
