import Database
import TaskRuntime

/// The one error type of `BatchRuntime`.
///
/// Each error carries a ``Code`` that callers switch on without string matching, a message
/// that says what failed and what to do, the underlying cause when there is one, and where
/// it was raised (the file and line in the framework, or the input location for item errors).
///
/// ```swift
/// do {
///     try await launcher.run(job, parameters: parameters)
/// } catch let error as BatchError where error.code == .alreadyRunning {
///     print("another process runs it: \(error.message)")
/// }
/// ```
public struct BatchError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        fileprivate init(_ name: String) { self.name = name }

        /// An execution of the same job instance is running.
        public static let alreadyRunning = Code("alreadyRunning")
        /// The job instance already completed; change the identifying parameters or use `--next`.
        public static let alreadyComplete = Code("alreadyComplete")
        /// The job or execution cannot be restarted (not restartable, status UNKNOWN, nothing to restart).
        public static let notRestartable = Code("notRestartable")
        /// A step was started more often than its start limit allows.
        public static let startLimitExceeded = Code("startLimitExceeded")
        /// No job with that name is registered.
        public static let noSuchJob = Code("noSuchJob")
        /// No job or step execution with that id exists.
        public static let noSuchExecution = Code("noSuchExecution")
        /// Job parameters are malformed or rejected by the job's validator.
        public static let invalidParameters = Code("invalidParameters")
        /// Another writer updated the same execution row first (optimistic lock).
        public static let optimisticLockingFailure = Code("optimisticLockingFailure")
        /// The operation needs a running execution and this one is not running.
        public static let notRunning = Code("notRunning")
        /// The operation needs an execution that is not running.
        public static let stillRunning = Code("stillRunning")
        /// An item could not be read: malformed input, wrong column count, unreadable file.
        public static let readFailed = Code("readFailed")
        /// An item was rejected by a processor (validation).
        public static let processFailed = Code("processFailed")
        /// A chunk could not be written.
        public static let writeFailed = Code("writeFailed")
        /// A reader or writer could not be opened, updated or closed.
        public static let streamFailed = Code("streamFailed")
        /// The job repository failed (database error).
        public static let repositoryFailed = Code("repositoryFailed")
        /// The job or step was declared inconsistently.
        public static let invalidDeclaration = Code("invalidDeclaration")
        /// A fault-tolerant step skipped as many items as its skip limit allows and another failed.
        public static let skipLimitExceeded = Code("skipLimitExceeded")
        /// Partitions of a partitioned step did not complete.
        public static let partitionFailed = Code("partitionFailed")
        /// A purge policy cannot be applied (a negative age or count, a batch size below 1).
        public static let invalidPolicy = Code("invalidPolicy")

        /// The code's name, such as `alreadyRunning`.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and what to do, in one line.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int
    /// For a failed write: the 0-based position in the chunk of the item that failed, when the
    /// writer could tell (``SQLBatchWriter`` does, from the database's row).
    public var itemIndex: Int?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, cause: (any Error)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// The message, followed by the cause's description when the message does not include it.
    public var description: String {
        guard let cause else { return message }
        let causeText = BatchError.describe(cause)
        let plain = String(describing: cause)
        return message.contains(causeText) || message.contains(plain) ? message : "\(message): \(causeText)"
    }

    /// A description of any error (``ErrorText/describe(_:)``): swift-batch's errors describe
    /// themselves; other errors show their type and `String(describing:)`.
    public static func describe(_ error: any Error) -> String {
        ErrorText.describe(error)
    }

    /// `error` itself when it is a `BatchError`, else a new one with `code` and `message` and `error` as the cause.
    static func wrapping(_ error: any Error, _ code: Code, _ message: String) -> BatchError {
        if let error = error as? BatchError { return error }
        return BatchError(code, message, cause: error)
    }

    /// Wraps a database failure of the repository.
    static func repository(_ action: String, _ error: any Error, file: String = #fileID, line: Int = #line) -> BatchError {
        if let error = error as? BatchError { return error }
        return BatchError(
            .repositoryFailed, "the job repository could not \(action)", cause: error,
            file: file, line: line)
    }
}
