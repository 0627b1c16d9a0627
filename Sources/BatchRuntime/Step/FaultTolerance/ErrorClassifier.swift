/// Which errors a fault-tolerance rule applies to: by ``BatchError/Code``, by the type of the
/// error (or of the error a `BatchError` wraps), or by a predicate.
///
/// The engine wraps what a reader, processor or writer throws in a ``BatchError``
/// (`readFailed`, `processFailed`, `writeFailed`) unless it already is one; a classifier looks
/// at the error and at every cause below it, so `.types(TimeoutError.self)` still matches a
/// timeout wrapped by the engine.
///
/// ```swift
/// let skippable: ErrorClassifier = .codes(.readFailed) || .types(ValidationError.self)
/// ```
public struct ErrorClassifier: Sendable {
    private let test: @Sendable (any Error) -> Bool

    /// A classifier from a predicate over the error and each of its causes.
    public init(_ matches: @escaping @Sendable (any Error) -> Bool) {
        self.test = matches
    }

    /// Whether `error`, or an error it wraps, is of this class.
    public func matches(_ error: any Error) -> Bool {
        var current: (any Error)? = error
        var depth = 0
        while let error = current, depth < 16 {
            if test(error) { return true }
            current = (error as? BatchError)?.cause
            depth += 1
        }
        return false
    }

    /// Every error.
    public static let any = ErrorClassifier { _ in true }
    /// No error.
    public static let none = ErrorClassifier { _ in false }

    /// Errors with one of these codes.
    public static func codes(_ codes: BatchError.Code...) -> ErrorClassifier {
        let set = Set(codes)
        return ErrorClassifier { error in (error as? BatchError).map { set.contains($0.code) } ?? false }
    }

    /// Errors of one of these types.
    public static func types(_ types: any Error.Type...) -> ErrorClassifier {
        let identifiers = Set(types.map { ObjectIdentifier($0) })
        return ErrorClassifier { error in identifiers.contains(ObjectIdentifier(type(of: error))) }
    }

    /// Errors of either class.
    public static func || (lhs: ErrorClassifier, rhs: ErrorClassifier) -> ErrorClassifier {
        ErrorClassifier { lhs.test($0) || rhs.test($0) }
    }
}
