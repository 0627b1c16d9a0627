import Database

/// The one error type of `TaskRuntime`.
///
/// Each error carries a ``Code`` to switch on, a message that says what failed and what to do,
/// the underlying cause when there is one, and the framework file and line that raised it.
///
/// ```swift
/// do {
///     try await TaskLifecycle(settings: settings).run { _ in try work() }
/// } catch let error as TaskError where error.code == .alreadyRunning {
///     print(error.message)   // Task with name "nightly" is already running.
/// }
/// ```
public struct TaskError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        fileprivate init(_ name: String) { self.name = name }

        /// The launch arguments or settings are malformed (bad id, name too long, unknown option).
        public static let invalidArguments = Code("invalidArguments")
        /// No task execution with that id exists.
        public static let noSuchExecution = Code("noSuchExecution")
        /// The task execution given to start on has already ended.
        public static let alreadyEnded = Code("alreadyEnded")
        /// A single-instance task of that name is running (Spring's message).
        public static let alreadyRunning = Code("alreadyRunning")
        /// The task's execution is still running, so it cannot be closed.
        public static let stillRunning = Code("stillRunning")
        /// The task repository failed (database error).
        public static let repositoryFailed = Code("repositoryFailed")
        /// A command could not be started (not found, not executable).
        public static let commandFailed = Code("commandFailed")

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

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// The message, followed by the cause's description when the message does not include it.
    public var description: String {
        guard let cause else { return message }
        let causeText = TaskError.describe(cause)
        return message.contains(causeText) ? message : "\(message): \(causeText)"
    }

    /// A description of any error (``ErrorText/describe(_:)``): swift-batch's errors describe
    /// themselves; other errors show their type and `String(describing:)`.
    public static func describe(_ error: any Error) -> String {
        ErrorText.describe(error)
    }

    /// Wraps a database failure of the task repository.
    static func repository(_ action: String, _ error: any Error, file: String = #fileID, line: Int = #line) -> TaskError {
        if let error = error as? TaskError { return error }
        return TaskError(.repositoryFailed, "the task repository could not \(action)", cause: error, file: file, line: line)
    }
}
