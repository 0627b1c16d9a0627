import Properties

/// A property with an unusable value is bad input.
extension PropertyError: CategorizedError {
    /// Always ``ErrorCategory/badInput``.
    public var category: ErrorCategory { .badInput }
}
