/// A batch job: a name and the steps it runs in order.
///
/// ```swift
/// let job = Job("importTransactions", incrementer: RunIdIncrementer()) {
///     ChunkStep("import", reader: { _ in InMemoryReader([1, 2, 3]) }, writer: { _ in InMemoryWriter<Int>() })
///     TaskletStep("report") { _ in .finished }
/// }
/// ```
public struct Job: Sendable {
    /// The job's name (`JOB_NAME`, at most 100 characters).
    public let name: String
    /// The steps, in the order they run; for a job with a flow, every step of the flow.
    public let steps: [any Step]
    /// The states and transitions the job runs through, for a job declared with a flow; nil
    /// runs ``steps`` in order.
    public let flow: Flow?
    /// Whether a failed or stopped execution may be restarted (Spring's default: true).
    public var restartable: Bool
    /// Derives the next run's parameters for `start --next`.
    public var incrementer: (any JobParametersIncrementer)?
    /// Checks parameters before an execution is created.
    public var validator: (any JobParametersValidator)?
    /// Hooks around each execution.
    public var listeners: [any JobExecutionListener]

    /// Declares a job.
    /// - Parameters:
    ///   - name: The job's name.
    ///   - restartable: Whether failed or stopped executions may be restarted.
    ///   - incrementer: Derives the next run's parameters (`start --next`).
    ///   - validator: Checks parameters before an execution is created.
    ///   - listeners: Hooks around each execution.
    ///   - steps: The steps in order.
    public init(
        _ name: String, restartable: Bool = true, incrementer: (any JobParametersIncrementer)? = nil,
        validator: (any JobParametersValidator)? = nil, listeners: [any JobExecutionListener] = [],
        @StepsBuilder steps: () -> [any Step]
    ) {
        self.name = name
        self.steps = steps()
        self.flow = nil
        self.restartable = restartable
        self.incrementer = incrementer
        self.validator = validator
        self.listeners = listeners
    }

    /// Declares a job that runs through a flow: states, transitions, decisions and splits.
    /// - Parameters:
    ///   - name: The job's name.
    ///   - restartable: Whether failed or stopped executions may be restarted.
    ///   - incrementer: Derives the next run's parameters (`start --next`).
    ///   - validator: Checks parameters before an execution is created.
    ///   - listeners: Hooks around each execution.
    ///   - flow: The flow.
    public init(
        _ name: String, restartable: Bool = true, incrementer: (any JobParametersIncrementer)? = nil,
        validator: (any JobParametersValidator)? = nil, listeners: [any JobExecutionListener] = [], flow: Flow
    ) {
        self.name = name
        self.steps = flow.steps
        self.flow = flow
        self.restartable = restartable
        self.incrementer = incrementer
        self.validator = validator
        self.listeners = listeners
    }

    /// Checks the declaration: a name that fits `JOB_NAME`, at least one step, unique step names
    /// that fit `STEP_NAME`; for a flow, transitions to states that exist and every state
    /// reachable.
    /// - Throws: ``BatchError/Code/invalidDeclaration``.
    public func validateDeclaration() throws(BatchError) {
        guard !name.isEmpty, name.count <= 100 else {
            throw BatchError(.invalidDeclaration, "job name '\(name)' must have 1 to 100 characters")
        }
        if let flow {
            var names = Set<String>()
            try flow.validate(job: name, names: &names, topLevel: true)
        }
        guard !steps.isEmpty else { throw BatchError(.invalidDeclaration, "job \(name) has no steps") }
        var seen = Set<String>()
        for step in steps {
            guard !step.name.isEmpty, step.name.count <= 100 else {
                throw BatchError(.invalidDeclaration, "step name '\(step.name)' in job \(name) must have 1 to 100 characters")
            }
            guard seen.insert(step.name).inserted else {
                throw BatchError(.invalidDeclaration, "job \(name) has two steps named \(step.name)")
            }
        }
    }
}

/// Collects the steps of a ``Job`` declaration.
@resultBuilder
public enum StepsBuilder {
    /// One step.
    public static func buildExpression(_ step: any Step) -> [any Step] { [step] }
    /// Several steps.
    public static func buildBlock(_ steps: [any Step]...) -> [any Step] { steps.flatMap { $0 } }
    /// Steps declared under `if`.
    public static func buildOptional(_ steps: [any Step]?) -> [any Step] { steps ?? [] }
    /// Steps declared under `if`/`else`.
    public static func buildEither(first steps: [any Step]) -> [any Step] { steps }
    /// Steps declared under `if`/`else`.
    public static func buildEither(second steps: [any Step]) -> [any Step] { steps }
    /// Steps declared in a loop.
    public static func buildArray(_ steps: [[any Step]]) -> [any Step] { steps.flatMap { $0 } }
}
