/// How the edges treat a database failure: the database (or the URL leading to it) is the
/// problem far more often than the request.
extension DatabaseError: CategorizedError {
    /// The category of this failure.
    public var category: ErrorCategory {
        switch code {
        case .invalidURL, .notNullViolation, .checkViolation, .dataException, .invalidValue:
            .badInput
        case .uniqueViolation, .foreignKeyViolation:
            .conflict
        case .connectionFailed, .authenticationFailed, .connectionLost, .poolTimeout, .poolClosed, .databaseNotFound,
            .busy, .deadlock, .serializationFailure, .transactionAborted, .cancelled, .readOnly, .ioError,
            .migrationFailed, .checksumMismatch:
            .unavailable
        default:
            .internal
        }
    }
}
