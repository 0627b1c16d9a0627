import BatchRuntime
import DataflowServer
import Logging

/// The step that runs one child of the composed task: it launches the child definition through
/// the server with `--spring.cloud.task.parent-execution-id=<this run's task execution>` and the
/// child's launch properties, then polls the child's task execution until it ends. The step's
/// outcome is the child's (``ComposedChildOutcome``): completed for exit code 0, with the exit
/// message (else COMPLETED or FAILED) as its exit status.
///
/// A stop (SIGTERM from the server's stop, or a stop of the job execution) while the child runs
/// asks the server to stop the child, waits for its end and ends the step STOPPED, so a restart
/// runs the child again. A platform at its limit (429) is asked again at every check until it
/// takes the launch. A restart after this runner died while its child ran waits for that child
/// instead of launching it again.
struct ChildTaskStep: Sendable {
    let settings: RunnerSettings
    let client: ServerClient
    let logger: Logger

    /// How long the server may stay unreachable while a child runs before the step fails.
    static let serverSilenceLimit: Duration = .seconds(300)

    /// The step for the child definition `child`.
    func step(for child: String) -> ExternalStep {
        ExternalStep(child) { step in
            var logger = self.logger
            logger[metadataKey: "composed.child.name"] = "\(child)"
            if let reason = try await step.stopRequested() {
                step.status = .stopped
                step.exitStatus = ExitStatus("STOPPED", description: reason)
                return
            }
            let id: Int64
            if step.step.isRestart, let running = await stillRunning(step.executionContext) {
                id = running
                logger.notice("child \(child) execution \(id) still runs from the run before; waiting for it")
            } else {
                guard let launched = try await launch(child, step: &step, logger: logger) else { return }
                id = launched
                step.executionContext[ComposedChildOutcome.executionIdKey] = .int(id)
                try await step.save()
            }
            logger[metadataKey: "composed.child.execution_id"] = "\(id)"
            let (ended, stopReason) = try await waitForEnd(id, step: &step, logger: logger)
            step.executionContext[ComposedChildOutcome.exitCodeKey] = ended.exitCode.map { .int(Int64($0)) }
            if let stopReason {
                step.status = .stopped
                step.exitStatus = ExitStatus("STOPPED", description: "\(stopReason); child \(child) execution \(id) was stopped")
                return
            }
            let outcome = ComposedChildOutcome(exitCode: ended.exitCode, exitMessage: ended.exitMessage)
            step.status = outcome.status
            step.exitStatus = outcome.exitStatus
            logger.info("child \(child) execution \(id) ended with exit code \(ended.exitCode.map(String.init) ?? "none"): \(outcome.exitStatus.exitCode)")
        }
    }

    /// The child execution a previous execution of the step launched, when it has not ended
    /// (nil too when it cannot be read: the child is then launched again).
    private func stillRunning(_ context: ExecutionContext) async -> Int64? {
        guard let previous = context.int(ComposedChildOutcome.executionIdKey),
            let execution = try? await client.execution(previous)
        else { return nil }
        return execution.endTime == nil ? previous : nil
    }

    /// Launches `child`; at the platform's limit (429), asks again at every check. Nil when the
    /// step was stopped before the launch was taken (the step is then STOPPED).
    private func launch(_ child: String, step: inout ExternalStepContext, logger: Logger) async throws -> Int64? {
        var arguments = settings.taskExecutionId.map { ["--spring.cloud.task.parent-execution-id=\($0)"] } ?? []
        if !settings.childArguments.isEmpty { arguments.append(settings.childArguments) }
        let prefix = settings.jobName + "-"
        let properties = child.hasPrefix(prefix) ? settings.properties(forScope: String(child.dropFirst(prefix.count))) : ""
        while true {
            do {
                let id = try await client.launch(name: child, arguments: arguments.joined(separator: " "), properties: properties)
                logger.info("launched child \(child) as task execution \(id)")
                return id
            } catch let refusal as ServerClient.Refusal where refusal.status == 429 {
                logger.notice("the platform is at its limit; child \(child) is launched when a slot frees: \(refusal.message)")
            }
            try await Task.sleep(for: settings.interval)
            if let reason = try await step.stopRequested() {
                step.status = .stopped
                step.exitStatus = ExitStatus("STOPPED", description: "\(reason) before child \(child) could be launched")
                return nil
            }
        }
    }

    /// Polls execution `id` until it ended; on a stop request, asks the server to stop it once
    /// and goes on waiting. Returns the ended execution and the stop's reason, if any.
    private func waitForEnd(_ id: Int64, step: inout ExternalStepContext, logger: Logger) async throws
        -> (ServerClient.Execution, stopReason: String?)
    {
        var stopReason: String?
        var lastAnswer = ContinuousClock.now
        while true {
            if stopReason == nil, let reason = try await step.stopRequested() {
                stopReason = reason
                logger.notice("\(reason): stopping child execution \(id)")
                do {
                    try await client.stop(id)
                } catch {
                    logger.notice("the stop of child execution \(id) was not taken (it may have ended): \(error)")
                }
            }
            do {
                let execution = try await client.execution(id)
                if execution.endTime != nil { return (execution, stopReason) }
                lastAnswer = .now
            } catch let unreachable as ServerClient.Unreachable {
                guard ContinuousClock.now - lastAnswer < Self.serverSilenceLimit else { throw unreachable }
                logger.warning("\(unreachable); asking again")
            }
            try await Task.sleep(for: settings.interval)
        }
    }
}
