import Database

/// The server's own failures: what a request asked for that the server's rules refuse. Each
/// carries the name Data Flow gives the same failure (its exception's class name, the `logref`
/// of the error body), so clients written for Data Flow read it as they read Data Flow's.
///
/// ```swift
/// throw ServerError(.noSuchTaskDefinition, "Could not find task definition named \(name)")
/// ```
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with Data Flow's name for it and the category the edges read.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// Data Flow's exception class name for the failure: the error body's `logref`.
        public let logref: String
        /// How the edges treat it (HTTP status, exit code).
        public let category: ErrorCategory

        init(_ logref: String, _ category: ErrorCategory) {
            self.logref = logref
            self.category = category
        }

        /// The `logref`.
        public var description: String { logref }

        /// No task definition has the name.
        public static let noSuchTaskDefinition = Code("NoSuchTaskDefinitionException", .notFound)
        /// A task definition of that name exists.
        public static let duplicateTaskDefinition = Code("DuplicateTaskException", .conflict)
        /// No app is registered under that type, name and version.
        public static let noSuchApp = Code("NoSuchAppRegistrationException", .notFound)
        /// The app is registered already (and `force` was not given).
        public static let appAlreadyRegistered = Code("AppAlreadyRegisteredException", .conflict)
        /// The app is used by a task definition.
        public static let appInUse = Code("AppInUseException", .conflict)
        /// The DSL text does not parse.
        public static let invalidDefinition = Code("ParseException", .badInput)
        /// A request parameter is missing or malformed.
        public static let badRequest = Code("IllegalArgumentException", .badInput)
        /// A request lacks a parameter its endpoint requires (`/jobs/instances` without `name`),
        /// as Spring MVC refuses a request no mapping's parameter conditions hold for.
        public static let unsatisfiedParameters = Code("UnsatisfiedServletRequestParameterException", .badInput)
        /// No task execution has the id.
        public static let noSuchTaskExecution = Code("NoSuchTaskExecutionException", .notFound)
        /// The operation needs a state the execution is not in (stop an ended execution).
        public static let invalidState = Code("TaskExecutionStateException", .notRestartable)
        /// The request body is larger than the server accepts.
        public static let payloadTooLarge = Code("PayloadTooLargeException", .badInput)
        /// The platform cannot launch the task (no such platform, an app it cannot run).
        public static let platformRefused = Code("IllegalStateException", .badInput)
        /// No audit record has the id.
        public static let noSuchAuditRecord = Code("NoSuchAuditRecordException", .notFound)
        /// The platform is at its concurrency limit and has no queue (Data Flow answers 500; we answer 429).
        public static let limitReached = Code("IllegalStateException", .limitReached)
        /// No job execution has the id.
        public static let noSuchJobExecution = Code("NoSuchJobExecutionException", .notFound)
        /// No step execution of the job execution has the id.
        public static let noSuchStepExecution = Code("NoSuchStepExecutionException", .notFound)
        /// No job instance has the id.
        public static let noSuchJobInstance = Code("NoSuchJobInstanceException", .notFound)
        /// No job has run under the name.
        public static let noSuchJob = Code("NoSuchJobException", .notFound)
        /// The job execution cannot be restarted (completed, abandoned, or its instance runs).
        public static let jobNotRestartable = Code("JobNotRestartableException", .notRestartable)
        /// The job execution is not running, so it cannot be stopped.
        public static let jobNotRunning = Code("JobExecutionNotRunningException", .notRestartable)
        /// The job execution is running (alive), so it cannot be abandoned.
        public static let jobAlreadyRunning = Code("JobExecutionAlreadyRunningException", .notRestartable)
        /// The server itself is broken (a resource missing from its build).
        public static let internalError = Code("IllegalStateException", .internal)
        /// 404: no schedule by that name.
        public static let noSuchSchedule = Code("NoSuchScheduleException", .notFound)
        /// 409: a schedule by that name exists.
        public static let duplicateSchedule = Code("CreateScheduleException", .conflict)
        /// The feature is switched off.
        public static let featureDisabled = Code("FeatureDisabledException", .notFound)
    }

    /// What went wrong.
    public let code: Code
    /// A precise message: what, where, and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension ServerError: CategorizedError {
    /// The code's category.
    public var category: ErrorCategory { code.category }
}
