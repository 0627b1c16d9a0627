import BatchRuntime
import DataflowServer
import Foundation
import Logging
import TaskRuntime

/// The composed-task runner: a batch application whose one job is the composed task's graph
/// (``ComposedTaskFlow``), one step per child definition, each launched through the Data Flow
/// server and awaited (``ChildTaskStep``). The server launches it for a composed definition,
/// with `--graph`, `--dataflow-server-uri` and the definition's name as the task's (and the
/// job's) name; its task execution is the children's parent.
///
/// It runs as every ``BatchApplication`` does: a launch after a FAILED or STOPPED run (or a
/// restart of its job execution through the server) resumes that job instance, so the children
/// that completed are not run again; a launch after a COMPLETED run is a new instance (run.id).
/// Its exit code follows its job: 0 completed, 1 failed, 128 + the signal when stopped.
enum ComposedTaskRunner {
    /// The application for `arguments`, or the exit code of a problem already reported.
    static func application(arguments: [String], environment: [String: String]) -> Result<BatchApplication, RunnerError> {
        let settings: RunnerSettings
        let graph: TaskGraph
        do {
            settings = try RunnerSettings(arguments: arguments, environment: environment)
            graph = try TaskDSL.parse(settings.graph)
        } catch let error as RunnerError {
            return .failure(error)
        } catch let error as TaskDSLError {
            return .failure(RunnerError("--graph does not parse: \(error)"))
        } catch {
            return .failure(RunnerError("\(error)"))
        }
        var logger = Logger(label: "composed-task-runner")
        logger.logLevel = .info
        logger[metadataKey: "batch.job.name"] = "\(settings.jobName)"
        if let id = settings.taskExecutionId { logger[metadataKey: "task.execution_id"] = "\(id)" }
        let children = ChildTaskStep(settings: settings, client: ServerClient(base: settings.serverURI, authorization: settings.authorization), logger: logger)
        do {
            let job = try ComposedTaskFlow.job(named: settings.jobName, graph: graph) { app in children.step(for: app.name) }
            return .success(BatchApplication(name: "composed-task-runner", jobs: [job], options: RunnerSettings.options))
        } catch {
            return .failure(RunnerError("\(error)"))
        }
    }
}
