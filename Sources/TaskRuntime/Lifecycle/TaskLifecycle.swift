import Database
import Dispatch
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Signals
import Synchronization

/// Runs work as a recorded task, as Spring Cloud Task's lifecycle does: the start is recorded
/// (on the row a server pre-created, or a new one), listeners run, the work runs beside a
/// heartbeat, and the end is recorded with the exit code and messages, whatever way the work
/// ends: returning, throwing, reporting a failure, or being stopped by SIGTERM or SIGINT.
///
/// ```swift
/// let lifecycle = TaskLifecycle(settings: try TaskSettings(arguments: arguments, defaultName: "export"))
/// let outcome = try await lifecycle.run(repository: TaskRepository(pool: pool)) { task in
///     try await export()
///     task.setExitMessage("exported")
/// }
/// exit(outcome.exitCode)
/// ```
///
/// Exit code: the one the work set (``TaskContext/setExitCode(_:)``); else 128 + the signal
/// when a signal stopped it (143 SIGTERM, 130 SIGINT); else 1 when it failed; else 0. Exit
/// message precedence: end listener > failed listener > the work's own > startup listener >
/// the lifecycle's note of a signal. `ERROR_MESSAGE` holds the error's type and description.
///
/// On the first SIGTERM or SIGINT the work's stop handlers run (``TaskContext/onStopSignal(_:)``),
/// or, when it registered none, the work is cancelled; a second signal records the end and
/// exits at once. A process killed with SIGKILL cannot record anything: its liveness row
/// lets ``TaskRepository/recoverDeadExecutions(name:livenessTimeout:)`` close it later.
public struct TaskLifecycle: Sendable {
    /// The launch contract of this run.
    public var settings: TaskSettings
    /// Liveness and signal settings.
    public var configuration: TaskConfiguration
    /// Listeners, called in order.
    public var listeners: [any TaskExecutionListener]
    /// The logger; events carry `task.name` and `task.execution_id`.
    public var logger: Logger
    /// Called after a second SIGTERM or SIGINT once the end is recorded, with the exit code
    /// (128 + the signal): an executable's main exits the process there (``TaskApplication/main(arguments:_:)``
    /// does). Without it, the work is cancelled and ``run(repository:_:)`` returns as usual.
    public var onSecondSignal: (@Sendable (_ exitCode: Int32) -> Void)?

    /// How a run ended.
    public struct Outcome: Sendable, Hashable {
        /// The execution as recorded at its end.
        public var execution: TaskExecution
        /// The process's exit code (the recorded one).
        public var exitCode: Int32
    }

    /// Creates a lifecycle.
    public init(
        settings: TaskSettings, configuration: TaskConfiguration = TaskConfiguration(),
        listeners: [any TaskExecutionListener] = [], logger: Logger = Logger(label: "swift-batch.task")
    ) {
        self.settings = settings
        self.configuration = configuration
        self.listeners = listeners
        self.logger = logger
    }

    /// Records the start, runs `work`, and records the end.
    ///
    /// With ``TaskSettings/metrics`` enabled, the process's metrics go to a Prometheus RSocket
    /// proxy: the connection opens before the start is recorded (metrics created before this
    /// call are not exported: the backend is bootstrapped here), every series is tagged
    /// `application=<task name>-<execution id>`, and the final values are pushed once the end is
    /// recorded, waiting at most the configured timeout.
    /// - Returns: The recorded end. Failures of the work are in it, not thrown.
    /// - Throws: ``TaskError`` when the task could not start: the execution id does not exist or
    ///   has ended, the single-instance lock is held (``TaskError/Code/alreadyRunning``; the
    ///   refused run is recorded as failed first, as Spring does), or the repository failed.
    public func run(repository: TaskRepository, _ work: @escaping @Sendable (TaskContext) async throws -> Void)
        async throws -> Outcome
    {
        let export = MetricsExport.begin(settings.metrics, application: settings.taskName, logger: logger)
        // The metrics client runs beside the whole run; it pushes once the end is recorded.
        return try await MetricsExport.running(export, logger: logger) {
            let execution = try await repository.startTaskExecution(settings, owner: .current())
            export?.tag(application: "\(settings.taskName)-\(execution.executionId)")
            return try await run(execution, repository: repository, work)
        }
    }

    private func run(
        _ started: TaskExecution, repository: TaskRepository, _ work: @escaping @Sendable (TaskContext) async throws -> Void
    ) async throws -> Outcome {
        var execution = started
        var logger = self.logger
        logger[metadataKey: "task.name"] = "\(settings.taskName)"
        logger[metadataKey: "task.execution_id"] = "\(execution.executionId)"
        logger.info("task \(settings.taskName) started")
        if settings.singleInstanceEnabled {
            do {
                try await repository.acquireLock(
                    taskName: settings.taskName, executionId: execution.executionId, ttl: settings.singleInstanceLockTTL,
                    livenessTimeout: configuration.livenessTimeout)
            } catch {
                _ = try? await repository.completeTaskExecution(
                    executionId: execution.executionId, exitCode: 1, errorMessage: TaskError.describe(error))
                throw error
            }
        }
        for listener in listeners { await listener.onTaskStartup(&execution) }
        let context = TaskContext(execution: execution, repository: repository, failOnJobFailure: settings.failOnJobFailure)
        let started = ContinuousClock.now
        let active = Meter(label: "spring.cloud.task.active", dimensions: Self.tags(execution))
        active.increment()
        var activeDecremented = false
        defer { if !activeDecremented { active.decrement() } }
        let startupMessage = execution.exitMessage
        let thrown = await perform(work, context: context, logger: logger)
        await conclude(&execution, context: context, thrown: thrown, startupMessage: startupMessage)
        let exitCode = execution.exitCode ?? 0
        await recordEnd(execution, exitCode: exitCode, context: context, repository: repository, logger: logger)
        if settings.singleInstanceEnabled {
            do {
                try await repository.releaseLock(taskName: settings.taskName, executionId: execution.executionId)
            } catch {
                logger.warning("could not release the lock of task \(settings.taskName): \(TaskError.describe(error))")
            }
        }
        active.decrement()
        activeDecremented = true
        Metrics.Timer(
            label: "spring.cloud.task",
            dimensions: Self.tags(execution) + [
                ("spring.cloud.task.exit.code", String(exitCode)),
                ("spring.cloud.task.status", execution.errorMessage == nil ? "success" : "failure"),
            ]
        ).recordNanoseconds(started.duration(to: .now).nanoseconds)
        logger.info("task \(settings.taskName) ended with exit code \(exitCode)")
        return Outcome(execution: execution, exitCode: exitCode)
    }

    /// The outcome as Spring Cloud Task decides it: exit code (the work's own, else 128 + the
    /// signal, else 1 on failure, else 0), exit message (end listener > failed listener > the
    /// work's > startup listener > a signal's note), the error, and the listeners' say.
    private func conclude(_ execution: inout TaskExecution, context: TaskContext, thrown: (any Error)?, startupMessage: String?) async {
        let state = context.state.withLock { $0 }
        var failure = state.failure
        if let thrown, !(state.signal != 0 && thrown is CancellationError) {
            failure = Self.errorMessage(thrown)
        }
        execution.exitCode = state.exitCode ?? (state.signal != 0 ? 128 + state.signal : failure != nil ? 1 : 0)
        execution.exitMessage = state.exitMessage ?? startupMessage ?? (state.signal != 0 ? "stopped by \(state.signalName)" : nil)
        execution.errorMessage = failure
        if let failure {
            for listener in listeners { await listener.onTaskFailed(&execution, error: failure) }
        }
        for listener in listeners { await listener.onTaskEnd(&execution) }
        execution.endTime = Date()
        execution.lastUpdated = execution.endTime
    }

    /// Records the end; the work is done, so its exit code stands even when the end cannot be recorded.
    private func recordEnd(
        _ execution: TaskExecution, exitCode: Int32, context: TaskContext, repository: TaskRepository, logger: Logger
    ) async {
        do {
            let recorded = try await Self.complete(execution, exitCode: exitCode, repository: repository)
            if !recorded && !context.endRecordedEarly {
                logger.warning("task execution \(execution.executionId) had already been closed (by recovery?); its end was not recorded")
            }
        } catch {
            logger.error(
                "could not record the end of task execution \(execution.executionId) (exit code \(exitCode)): \(TaskError.describe(error)); 'dataflow task recover' closes it once this process has exited")
        }
    }

    /// Runs the work beside the heartbeat in one service group, under the one signal story
    /// when the lifecycle traps signals; returns what the work threw.
    private func perform(_ work: @escaping @Sendable (TaskContext) async throws -> Void, context: TaskContext, logger: Logger)
        async -> (any Error)?
    {
        let repository = context.repository
        let id = context.execution.executionId
        let heartbeat = Heartbeat(interval: configuration.heartbeatInterval) {
            do {
                if try await !repository.heartbeat(executionId: id), context.noteLivenessRowGone() {
                    logger.warning("the liveness row of task execution \(id) is gone: recovery closed it while it ran")
                }
            } catch {
                logger.warning("heartbeat failed: \(TaskError.describe(error))")
            }
        }
        let service = WorkService(work: work, context: context)
        // Shut down in reverse order: the work first, the heartbeat once the work has ended.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: heartbeat),
                    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
                ], logger: logger))
        do {
            if configuration.trapsSignals {
                try await ShutdownSignals.run(group, logger: logger) { caught in
                    await handle(caught, context: context, logger: logger)
                }
            } else {
                try await group.run()
            }
        } catch {
            return error
        }
        return service.thrown
    }

    /// The first signal asks the work to stop (its stop handlers, else cancellation); the second
    /// records the end at once and hands over to ``onSecondSignal`` (an executable's main exits there).
    private func handle(_ caught: ShutdownSignals.Caught, context: TaskContext, logger: Logger) async {
        if caught.count == 1 {
            logger.notice("\(caught.name) received: stopping")
            context.recordStopSignal(caught.number, name: caught.name)
            return
        }
        FileHandle.standardError.write(Data("\(caught.name) again: recording the end and exiting now\n".utf8))
        let exitCode = 128 + caught.number
        do {
            _ = try await context.repository.completeTaskExecution(
                executionId: context.execution.executionId, exitCode: exitCode,
                exitMessage: "stopped by \(caught.name) received twice: exited at once without waiting for the work to stop")
            context.noteEndRecordedEarly()
        } catch {
            logger.error("could not record the end of task execution \(context.execution.executionId): \(TaskError.describe(error))")
        }
        onSecondSignal?(exitCode)
    }

    /// Records the end; a connection lost meanwhile (a database restart) gets one retry on a
    /// fresh connection, as the pool replaces broken ones.
    static func complete(_ execution: TaskExecution, exitCode: Int32, repository: TaskRepository) async throws -> Bool {
        for attempt in 1...2 {
            do {
                return try await repository.completeTaskExecution(
                    executionId: execution.executionId, exitCode: exitCode, exitMessage: execution.exitMessage,
                    errorMessage: execution.errorMessage, at: execution.endTime ?? Date())
            } catch let error as TaskError where attempt == 1 && (error.cause as? DatabaseError)?.code == .connectionLost {
                continue
            }
        }
        return false
    }

    /// Spring Cloud Task's metric tags of an execution.
    static func tags(_ execution: TaskExecution) -> [(String, String)] {
        [
            ("spring.cloud.task.name", execution.taskName ?? "unknown"),
            ("spring.cloud.task.execution.id", String(execution.executionId)),
            ("spring.cloud.task.parent.execution.id", execution.parentExecutionId.map(String.init) ?? "unknown"),
            ("spring.cloud.task.external.execution.id", execution.externalExecutionId ?? "unknown"),
        ]
    }

    /// `ERROR_MESSAGE` for an error: its description, with its type for errors from outside swift-batch.
    static func errorMessage(_ error: any Error) -> String {
        TaskError.describe(error)
    }
}
