/// The one classification of failures that both edges read: the exit codes of the command
/// lines and the HTTP statuses of the server.
///
/// Each module's error type maps onto it once (``CategorizedError``); callers never switch on
/// module codes to pick an exit code or a status.
///
/// | Category | Exit code | HTTP | Examples |
/// |---|---|---|---|
/// | ``notFound`` | 1 | 404 | no task or job execution with that id |
/// | ``conflict`` | 1 | 409 | already running, already complete, in use, changed by another process |
/// | ``notRestartable`` | 1 | 422 | not restartable, not running (nothing to stop), start limit reached |
/// | ``badInput`` | 2 | 400 | a malformed argument, parameter or URL; a job the application does not have |
/// | ``unavailable`` | 1 | 503 | the database or platform cannot be reached, is locked, full or read-only |
/// | ``limitReached`` | 1 | 429 | a platform at its concurrency limit, with no queue: try again later |
/// | ``internal`` | 1 | 500 | anything else: a failure of the work itself, or a bug |
///
/// ```swift
/// } catch {
///     exit(ErrorCategory.of(error).exitCode)
/// }
/// ```
public enum ErrorCategory: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The thing asked for does not exist.
    case notFound
    /// The request contradicts the current state: already running, already complete, in use, changed meanwhile.
    case conflict
    /// The execution is not in a state that allows the operation (Data Flow's 422): not
    /// restartable, not running, its start limit reached.
    case notRestartable
    /// The input is malformed or names something the program does not offer.
    case badInput
    /// A resource the work depends on (the database, the platform) cannot be used right now.
    case unavailable
    /// A limit is reached (a platform's concurrent launches); the same request can succeed later.
    case limitReached
    /// Anything else: the work itself failed, or a bug.
    case `internal`

    /// The process exit code of a command line that failed this way: 2 for bad input (bad
    /// usage, as shells and Spring Batch's runner use it), else 1.
    public var exitCode: Int32 {
        self == .badInput ? 2 : 1
    }

    /// The HTTP status the server answers with.
    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .conflict: 409
        case .notRestartable: 422
        case .badInput: 400
        case .unavailable: 503
        case .limitReached: 429
        case .internal: 500
        }
    }

    /// The category's name, such as `notFound`.
    public var description: String { rawValue }

    /// The category of any error: the error's own when it is a ``CategorizedError``, else ``internal``.
    public static func of(_ error: any Error) -> ErrorCategory {
        (error as? any CategorizedError)?.category ?? .internal
    }
}

/// An error that knows its ``ErrorCategory``. Each module's error type conforms once, in one
/// place (`<Error>+Category.swift`).
public protocol CategorizedError: Error {
    /// How the edges treat this error.
    var category: ErrorCategory { get }
}

/// Descriptions of errors, the same everywhere they are shown or stored.
public enum ErrorText {
    /// Describes any error: swift-batch's own errors (``CategorizedError``s that are
    /// `CustomStringConvertible`) describe themselves; other errors show their type too, since
    /// their description alone may not say where they came from.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as any CategorizedError & CustomStringConvertible: error.description
        case let error as any CustomStringConvertible: "\(type(of: error)): \(error.description)"
        default: "\(type(of: error)): \(String(describing: error))"
        }
    }

    /// ``describe(_:)`` on one line: line breaks become spaces (for terminals and logs).
    public static func line(_ error: any Error) -> String {
        describe(error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
