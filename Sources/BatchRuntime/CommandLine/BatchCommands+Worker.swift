import Foundation
import Logging

/// `worker`: runs one partition of a remote ``PartitionStep`` (see ``ProcessPartitionLauncher``).
extension BatchCommands {
    /// Takes the partition's step execution named by Spring Cloud Task's properties
    /// (`--spring.cloud.task.job-execution-id`, `--spring.cloud.task.step-execution-id`,
    /// `--spring.cloud.task.step-name`) and runs it. Exit code 0 when it completed, 1 when it
    /// failed or was stopped, 128 + the signal that stopped it.
    func partitionWorker(_ jobOperator: JobOperator) async throws -> Int32 {
        let assignment = try workerAssignment()
        let runner = PartitionWorkerRunner(jobs: jobOperator.jobs, launcher: jobOperator.launcher)
        var logger = Logger(label: application.name)
        logger.logLevel = arguments.flags.contains("verbose") ? .info : .warning
        return try await runUnderSignals(logger: logger) { control in
            let step = try await runner.run(assignment, control: control)
            switch step.status {
            case .completed:
                return 0
            case .stopped:
                return control.stopSignal != 0 ? 128 + control.stopSignal : 1
            default:
                Self.announce("error: partition \(step.stepName) \(step.status.rawValue): \(step.exitStatus.exitDescription)")
                return 1
            }
        }
    }

    private func workerAssignment() throws -> PartitionWorkerRunner.Assignment {
        func value(_ name: String) throws -> String {
            guard let value = arguments.properties["spring.cloud.task.\(name)"]?.text, !value.isEmpty else {
                throw BatchError(
                    .invalidParameters,
                    "a partition worker needs --spring.cloud.task.job-execution-id, --spring.cloud.task.step-execution-id and --spring.cloud.task.step-name (its manager passes them); --spring.cloud.task.\(name) is missing")
            }
            return value
        }
        func id(_ name: String) throws -> Int64 {
            let text = try value(name)
            guard let id = Int64(text), id > 0 else {
                throw BatchError(.invalidParameters, "--spring.cloud.task.\(name) must be an execution id, not '\(text)'")
            }
            return id
        }
        return PartitionWorkerRunner.Assignment(
            jobExecutionId: try id("job-execution-id"), stepExecutionId: try id("step-execution-id"), stepName: try value("step-name"))
    }
}
