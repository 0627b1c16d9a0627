import BatchRuntime
import Foundation
import TaskRuntime

extension JobOperations {
    /// How a restart writes and changes the job parameters.
    public struct RestartOptions: Sendable, Hashable {
        /// Write the added parameters in Spring Batch 5's JSON notation (Data Flow's
        /// `useJsonJobParameters`) instead of `name=value,type,identifying`.
        public var useJsonJobParameters: Bool
        /// New values for non-identifying parameters, each a list of `name=value[,type[,identifying]]`
        /// (or JSON notation) separated by commas; a bare `name=value` keeps the parameter's type.
        public var jobParameters: [String]

        /// Creates options.
        public init(useJsonJobParameters: Bool = false, jobParameters: [String] = []) {
            self.useJsonJobParameters = useJsonJobParameters
            self.jobParameters = jobParameters
        }
    }

    /// Restarts a job execution as Data Flow does: relaunches the task that ran it, on the
    /// platform of its original launch, with the original arguments and every identifying job
    /// parameter they lack, so the app resumes the same job instance after its last committed
    /// chunk. Beyond Data Flow: a dead execution is recorded FAILED with the reason first; a
    /// task app without definition is launched directly; only the job restarted reruns; and
    /// non-identifying parameters may change (``RestartOptions/jobParameters``).
    /// - Returns: The new task execution's id.
    /// - Throws: ``ServerError`` `noSuchJobExecution` (404), `jobNotRestartable` (422) with Data
    ///   Flow's message and the reason, `noSuchTaskBatch` (404) when no task ran it,
    ///   `noSuchTaskDefinition` (404), `badRequest` (400) for the platform or the parameters, and
    ///   whatever the launch throws (429 at the platform's limit).
    public func restart(jobExecutionId id: Int64, options: RestartOptions = RestartOptions(), user: String?) async throws -> Int64 {
        let execution = try await require(id)
        let state = try await explorer.state(of: execution, livenessTimeout: livenessTimeout)
        guard state.restartable else {
            throw ServerError(
                .jobNotRestartable,
                "JobExecution with Id '\(id)' and state '\(execution.status.rawValue)' is not restartable."
                    + (state.notRestartableReason.map { " \(Self.sentence($0))" } ?? ""))
        }
        let overrides = RestartArguments.split(options.jobParameters)
        _ = try RestartArguments.resolve(overrides, against: execution.parameters)
        guard let taskExecutionId = try await taskExplorer.taskExecutionId(ofJobExecution: id) else {
            throw ServerError(
                .noSuchTaskBatch,
                "No corresponding taskExecutionId for jobExecutionId \(id).  This indicates that Spring Batch application has been executed that is not a Spring Cloud Task.")
        }
        guard let task = try await taskExplorer.taskExecution(id: taskExecutionId) else {
            throw ServerError(.noSuchTaskExecution, "Could not find TaskExecution with id \(taskExecutionId), which ran job execution \(id)")
        }
        let relaunch = try await launcher.relaunchPlan(of: task)
        let arguments = try RestartArguments.build(
            original: relaunch.originalArguments, jobName: execution.jobName, parameters: execution.parameters,
            overrides: overrides, notation: options.useJsonJobParameters ? .json : .spring)
        if state.isDead { try await recoverDead(execution, state: state) }
        let launched = try await launcher.relaunch(relaunch, arguments: arguments, user: user)
        var metadata = metadata(execution)
        metadata["task.execution_id"] = "\(launched)"
        metadata["task.name"] = "\(relaunch.definition.name)"
        logger.info("restarted: relaunched its task\(relaunch.appOnly ? " app (no definition)" : "")", metadata: metadata)
        return launched
    }

    /// `text` with a capital first letter and a final period.
    static func sentence(_ text: String) -> String {
        let capital = text.prefix(1).uppercased() + text.dropFirst()
        return capital.hasSuffix(".") ? capital : capital + "."
    }
}
