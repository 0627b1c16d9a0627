import BatchRuntime
import Database
import Foundation
import TaskRuntime

/// Job executions written through the real repositories for the job endpoint tests: the task
/// execution that ran each (when asked), the job with its status and times, its steps.
enum JobHistory {
    static let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// A process id no Linux system hands out (above any pid_max): an owner with it is dead.
    static let deadPid: Int64 = 999_999_999

    /// The owner row of a process that died: on this host, with a pid that cannot be alive.
    static func deadOwner() -> ExecutionOwner {
        ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: deadPid, processStart: nil, heartbeat: base)
    }

    struct Step: Sendable {
        var name: String
        var status: BatchStatus = .completed
        var read: Int64 = 0
        var written: Int64 = 0
        var seconds: Double? = 1
        var context: [String: ExecutionContext.Value] = [:]
    }

    struct Written: Sendable {
        var execution: JobExecution
        var steps: [StepExecution]
        var taskExecutionId: Int64?
    }

    /// Writes one job execution.
    /// - Parameters:
    ///   - task: The name of the task execution that runs it (ended with the job unless it runs), or nil for none.
    ///   - owner: The owner row of the job execution (a dead one makes a running job dead).
    ///   - start: Seconds after ``base`` it started.
    static func write(
        _ pool: ConnectionPool, job: String, parameters: [String] = [], status: BatchStatus = .completed, task: String? = nil,
        taskOwner: ExecutionOwner? = nil, owner: ExecutionOwner? = nil, start: Double = 0, steps: [Step] = [Step(name: "step1")],
        context: [String: ExecutionContext.Value] = [:]
    ) async throws -> Written {
        let started = base.addingTimeInterval(start)
        var taskId: Int64?
        if let task {
            let settings = try TaskSettings(taskName: task, arguments: ["--run=\(start)"])
            taskId = try await TaskRepository(pool: pool).startTaskExecution(settings, owner: taskOwner, at: started).executionId
        }
        let repository = JobRepository(pool: pool)
        var execution = try await repository.createJobExecution(
            jobName: job, parameters: try JobParameters(parsing: parameters), owner: owner, taskExecutionId: taskId)
        execution.startTime = started
        execution.status = status
        execution.exitStatus = status.isRunning ? .executing : ExitStatus(status.rawValue)
        for (key, value) in context { execution.executionContext[key] = value }
        var written: [StepExecution] = []
        for (index, seed) in steps.enumerated() {
            let stepStart = started.addingTimeInterval(Double(index))
            var step = StepExecution(id: 0, stepName: seed.name, jobExecutionId: execution.id, createTime: stepStart, startTime: stepStart)
            try await repository.add(&step)
            step.status = seed.status
            step.counts.read = seed.read
            step.counts.write = seed.written
            step.counts.commit = seed.read > 0 ? 1 : 0
            step.exitStatus = seed.status.isRunning ? .executing : ExitStatus(seed.status.rawValue)
            if !seed.status.isRunning, let seconds = seed.seconds { step.endTime = stepStart.addingTimeInterval(seconds) }
            for (key, value) in seed.context { step.executionContext[key] = value }
            try await repository.update(&step)
            written.append(step)
        }
        if !status.isRunning { execution.endTime = started.addingTimeInterval(Double(max(steps.count, 1)) + 1) }
        try await repository.update(&execution)
        if !context.isEmpty { try await repository.updateExecutionContext(of: execution) }
        if let taskId, !status.isRunning {
            try await TaskRepository(pool: pool).completeTaskExecution(
                executionId: taskId, exitCode: status == .completed ? 0 : 1, at: execution.endTime!)
        }
        return Written(execution: execution, steps: written, taskExecutionId: taskId)
    }
}

extension JSON {
    /// The value as compact JSON with sorted keys, for comparing whole objects with a literal.
    var canonical: String {
        guard let value, let data = try? JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "nil" }
        return String(decoding: data, as: UTF8.self)
    }
}
