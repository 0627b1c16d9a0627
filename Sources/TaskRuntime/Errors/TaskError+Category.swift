import Database

/// How the edges treat a task failure.
extension TaskError: CategorizedError {
    /// The category of this failure; a repository failure takes its cause's.
    public var category: ErrorCategory {
        switch code {
        case .invalidArguments, .commandFailed: .badInput
        case .noSuchExecution: .notFound
        case .alreadyEnded, .alreadyRunning, .stillRunning: .conflict
        case .repositoryFailed: cause.map { ErrorCategory.of($0) } ?? .unavailable
        default: .internal
        }
    }
}
