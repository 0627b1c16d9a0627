import Database

/// How the edges treat a batch failure.
extension BatchError: CategorizedError {
    /// The category of this failure; a repository failure takes its cause's.
    ///
    /// A job the application does not declare is bad input (the command named something the
    /// application does not offer; exit code 2, as Spring Batch's runner), while an execution
    /// id that does not exist is not found.
    public var category: ErrorCategory {
        switch code {
        case .noSuchJob, .invalidParameters, .invalidDeclaration, .invalidPolicy: .badInput
        case .noSuchExecution: .notFound
        case .alreadyRunning, .alreadyComplete, .stillRunning, .optimisticLockingFailure: .conflict
        case .notRestartable, .notRunning, .startLimitExceeded: .notRestartable
        case .repositoryFailed: cause.map { ErrorCategory.of($0) } ?? .unavailable
        default: .internal
        }
    }
}
