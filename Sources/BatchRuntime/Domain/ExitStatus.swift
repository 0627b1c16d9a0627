/// The exit code and description of a job or step execution (`EXIT_CODE`, `EXIT_MESSAGE`).
///
/// Codes combine by severity as in Spring Batch: `EXECUTING` < `COMPLETED` < `NOOP` <
/// `STOPPED` < `FAILED` < `UNKNOWN` < any custom code.
public struct ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The code, such as `COMPLETED` or a custom code a listener chose.
    public var exitCode: String
    /// A free-text description; for failures, the error and where it happened.
    public var exitDescription: String

    /// Creates an exit status.
    public init(_ exitCode: String, description: String = "") {
        self.exitCode = exitCode
        self.exitDescription = description
    }

    /// The execution is still running.
    public static let executing = ExitStatus("EXECUTING")
    /// The execution finished successfully.
    public static let completed = ExitStatus("COMPLETED")
    /// There was nothing to do.
    public static let noop = ExitStatus("NOOP")
    /// The execution stopped on request.
    public static let stopped = ExitStatus("STOPPED")
    /// The execution failed.
    public static let failed = ExitStatus("FAILED")
    /// The outcome is not known.
    public static let unknown = ExitStatus("UNKNOWN")

    /// Spring's severity of the code: 1 (`EXECUTING`) ... 6 (`UNKNOWN`), 7 for custom codes.
    public var severity: Int {
        switch exitCode {
        case "EXECUTING": 1
        case "COMPLETED": 2
        case "NOOP": 3
        case "STOPPED": 4
        case "FAILED": 5
        case "UNKNOWN": 6
        default: 7
        }
    }

    /// Combines two statuses: the more severe code wins (ties are broken by the code's text),
    /// and descriptions are joined with `"; "`.
    public func and(_ other: ExitStatus) -> ExitStatus {
        var result = adding(description: other.exitDescription)
        if severity < other.severity || (severity == other.severity && exitCode < other.exitCode) {
            result.exitCode = other.exitCode
        }
        return result
    }

    /// This status with `description` appended (joined with `"; "`, duplicates ignored).
    public func adding(description: String) -> ExitStatus {
        guard !description.isEmpty, description != exitDescription else { return self }
        var result = self
        result.exitDescription = exitDescription.isEmpty ? description : exitDescription + "; " + description
        return result
    }

    /// `FAILED` with the error's description and where it came from.
    public static func failed(_ error: any Error) -> ExitStatus {
        ExitStatus("FAILED", description: BatchError.describe(error))
    }

    /// The exit status that goes with a final batch status.
    public init(for status: BatchStatus) {
        switch status {
        case .completed: self = .completed
        case .stopped, .stopping: self = .stopped
        case .failed: self = .failed
        case .starting, .started: self = .executing
        case .abandoned, .unknown: self = .unknown
        }
    }

    /// `CODE` or `CODE: description`.
    public var description: String { exitDescription.isEmpty ? exitCode : "\(exitCode): \(exitDescription)" }
}
