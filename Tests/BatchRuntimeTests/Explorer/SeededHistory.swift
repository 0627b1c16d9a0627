import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation

/// A history of task and job executions written through the real repositories, with the
/// facts every explorer query is checked against (the oracle).
struct SeededHistory: Sendable {
    struct Job: Sendable {
        var id: Int64
        var name: String
        var instanceId: Int64
        var status: BatchStatus
        var startTime: Date
        var taskExecutionId: Int64?
        var stepIds: [Int64]
        var ownerIsDead: Bool?
    }

    struct Task: Sendable {
        var id: Int64
        var name: String
        var status: TaskStatus
        var startTime: Date?
        var jobExecutionIds: [Int64]
        var hasOwner: Bool
    }

    var jobs: [Job] = []
    var tasks: [Task] = []

    static let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let jobNames = ["alpha", "beta", "gamma"]
    /// A process id no Linux system hands out (above any pid_max), so its owner is dead.
    static let deadPid: Int64 = 999_999_999

    /// The statuses the executions cycle through; the fourth fails and the fifth restarts it.
    static func status(_ index: Int) -> BatchStatus {
        [BatchStatus.completed, .stopped, .started, .failed, .completed][index % 5]
    }

    /// Writes `count` job executions (with steps, contexts and, for two in three, the task
    /// execution that ran them) and `count / 5` task executions of each other kind.
    static func seed(_ count: Int, pool: ConnectionPool) async throws -> SeededHistory {
        let repository = JobRepository(pool: pool)
        let tasks = TaskRepository(pool: pool)
        var history = SeededHistory()
        for index in 0..<count {
            let name = jobNames[index % jobNames.count]
            let status = status(index)
            let start = base.addingTimeInterval(Double(index) * 60)
            let run = index % 5 == 4 ? index - 1 : index
            let parameters = try JobParameters(parsing: ["run.id=\(run),java.lang.Long", "api.token=secret\(index),java.lang.String,false"])
            var task: Task?
            if index % 3 != 2 {
                let settings = try TaskSettings(taskName: "task-\(name)", arguments: ["--run=\(index)", "--spring.datasource.password=pw"])
                let owner = status == .started && index % 2 == 0 ? deadOwner() : nil
                let execution = try await tasks.startTaskExecution(settings, owner: owner, at: start)
                task = Task(id: execution.executionId, name: settings.taskName, status: .running, startTime: start, jobExecutionIds: [],
                            hasOwner: owner != nil)
            }
            let jobOwner: ExecutionOwner? = status == .started ? (index % 2 == 0 ? deadOwner() : nil) : nil
            var execution = try await repository.createJobExecution(
                jobName: name, parameters: parameters, owner: jobOwner, taskExecutionId: task?.id)
            execution.startTime = start
            execution.status = status
            execution.exitStatus = ExitStatus(status.rawValue)
            if !status.isRunning { execution.endTime = start.addingTimeInterval(30) }
            try await repository.update(&execution)
            var stepIds: [Int64] = []
            for stepName in ["read", "write"] {
                var step = StepExecution(id: 0, stepName: stepName, jobExecutionId: execution.id, createTime: start, startTime: start)
                try await repository.add(&step)
                step.status = status
                step.counts.read = Int64(index * 10)
                step.counts.write = Int64(index * 9)
                step.executionContext["position"] = .int(Int64(index))
                step.executionContext["step"] = .string(stepName)
                try await repository.update(&step)
                stepIds.append(step.id)
            }
            if var finished = task {
                finished.jobExecutionIds = [execution.id]
                if !status.isRunning {
                    let code: Int32 = status == .completed ? 0 : 1
                    try await tasks.completeTaskExecution(executionId: finished.id, exitCode: code, at: start.addingTimeInterval(31))
                    finished.status = code == 0 ? .complete : .error
                }
                history.tasks.append(finished)
                task = finished
            }
            history.jobs.append(Job(
                id: execution.id, name: name, instanceId: execution.instance.id, status: status, startTime: start,
                taskExecutionId: task?.id, stepIds: stepIds, ownerIsDead: jobOwner.map { _ in true }))
        }
        try await history.seedPlainTasks(count / 5, repository: tasks)
        return history
    }

    /// Task executions without jobs: created but never started, failed with exit code 2, completed.
    private mutating func seedPlainTasks(_ count: Int, repository: TaskRepository) async throws {
        for index in 0..<count {
            let created = try await repository.createTaskExecution(name: "plain")
            tasks.append(Task(id: created.executionId, name: "plain", status: .unknown, startTime: nil, jobExecutionIds: [], hasOwner: false))
            for code: Int32 in [2, 0] {
                let start = Self.base.addingTimeInterval(Double(100_000 + index * 10 + Int(code)))
                let execution = try await repository.startTaskExecution(try TaskSettings(taskName: "plain"), owner: nil, at: start)
                try await repository.completeTaskExecution(executionId: execution.executionId, exitCode: code, at: start.addingTimeInterval(1))
                tasks.append(Task(
                    id: execution.executionId, name: "plain", status: code == 0 ? .complete : .error, startTime: start,
                    jobExecutionIds: [], hasOwner: false))
            }
        }
    }

    static func deadOwner() -> ExecutionOwner {
        ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: deadPid, processStart: nil, heartbeat: base)
    }

    /// Seeds a fresh database and runs `body` with its pool and the oracle.
    static func with<T>(
        _ database: TestDatabase, _ count: Int, isolation: isolated (any Actor)? = #isolation,
        _ body: (ConnectionPool, SeededHistory) async throws -> T
    ) async throws -> T {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            return try await body(pool, try await seed(count, pool: pool))
        }
    }
}
