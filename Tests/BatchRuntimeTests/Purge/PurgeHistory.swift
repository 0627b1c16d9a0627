import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation

/// A job and task history written through the real repositories, holding every case a purge
/// judges (each job with executions of every status, restarted instances, one instance of a
/// job without identifying parameters, running executions alive and dead, never-started rows,
/// tasks with several job executions, composed tasks), with the facts the oracle decides from.
/// The cases come round three times, interleaved, so that instances span purge batches.
struct PurgeHistory: Sendable {
    struct Job: Sendable, Hashable {
        var id: Int64
        var name: String
        var instanceId: Int64
        var status: BatchStatus
        /// When it ended, or, never started, when it was created; nil when it started and has no end.
        var age: Date?
    }

    struct Task: Sendable, Hashable {
        var id: Int64
        var name: String
        var ended: Bool { endTime != nil }
        var endTime: Date?
        var parentId: Int64?
        var jobIds: [Int64]
    }

    var jobs: [Job] = []
    var tasks: [Task] = []
    /// The FAILED execution of `beta` that awaits its restart, in round 0 (its "work" step
    /// stopped after 30 of 50 items).
    var restartable: Int64 = 0

    /// The age the tests purge at; the old executions are 30 days old, the recent ones a day.
    static let olderThan: Duration = .seconds(10 * 86_400)

    private let now = Date()
    private let jobRepository: JobRepository
    private let taskRepository: TaskRepository

    private init(pool: ConnectionPool) {
        jobRepository = JobRepository(pool: pool)
        taskRepository = TaskRepository(pool: pool)
    }

    enum Age {
        case old, recent
    }

    /// Seeds a fresh, migrated database and runs `body` with its pool and the history.
    static func with<T>(
        _ database: TestDatabase, isolation: isolated (any Actor)? = #isolation, _ body: (ConnectionPool, PurgeHistory) async throws -> T
    ) async throws -> T {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            var history = PurgeHistory(pool: pool)
            for round in 0..<3 { try await history.seed(round: round) }
            return try await body(pool, history)
        }
    }

    private var clock = 0
    /// A time of `age`, a minute later than the last one (so ids and times keep the same order).
    private mutating func time(_ age: Age) -> Date {
        clock += 1
        let base = age == .old ? now.addingTimeInterval(-30 * 86_400) : now.addingTimeInterval(-86_400)
        return base.addingTimeInterval(Double(clock) * 60)
    }

    private mutating func seed(round: Int) async throws {
        let r = round * 100
        // One execution each, in a task: complete old, complete recent; abandoned old without a task.
        try await inTask("task-alpha", .old, exitCode: 0) { try await $0.run("alpha", r + 1, .completed, .old, task: $1) }
        try await inTask("task-alpha", .recent, exitCode: 0) { try await $0.run("alpha", r + 2, .completed, .recent, task: $1) }
        try await run("alpha", r + 3, .abandoned, .old)
        // Restarted and done: FAILED then COMPLETED, each in its own task.
        try await inTask("task-beta", .old, exitCode: 1) { try await $0.run("beta", r + 4, .failed, .old, task: $1) }
        try await inTask("task-beta", .old, exitCode: 0) { try await $0.run("beta", r + 4, .completed, .old, task: $1) }
        // Awaiting a restart: FAILED in a task; STOPPED; FAILED twice.
        try await inTask("task-beta", .old, exitCode: 1) { history, task in
            let id = try await history.run("beta", r + 5, .failed, .old, task: task, position: 30)
            if round == 0 { history.restartable = id }
            return id
        }
        try await run("gamma", r + 6, .stopped, .old)
        try await run("gamma", r + 7, .failed, .old)
        try await run("gamma", r + 7, .failed, .old)
        // A FAILED execution whose instance runs again now, in a task that has not ended.
        try await run("gamma", r + 8, .failed, .old)
        let running = try await taskRepository.startTaskExecution(try TaskSettings(taskName: "task-gamma"), owner: nil, at: time(.recent))
        let rerun = try await run("gamma", r + 8, .started, .recent, task: running.executionId)
        tasks.append(Task(id: running.executionId, name: "task-gamma", endTime: nil, parentId: nil, jobIds: [rerun]))
        // The job without identifying parameters: one instance, COMPLETED twice, then FAILED.
        try await run("nightly", nil, round < 2 ? .completed : .failed, .old)
        // Running: STARTED without an owner, STARTED with a dead owner, STOPPING; all started long ago.
        try await run("alpha", r + 9, .started, .old)
        try await run("beta", r + 10, .started, .old, owner: ExecutionOwner(
            host: ProcessInfo.processInfo.hostName, pid: 999_999_999, processStart: nil, heartbeat: time(.old)))
        try await run("gamma", r + 11, .stopping, .old)
        // Never started: ABANDONED without times (judged by its creation), UNKNOWN without an end (never old enough).
        try await run("alpha", r + 12, .abandoned, .old, started: false)
        try await run("beta", r + 13, .unknown, .old, ended: false)
        // A task with several job executions: one complete, one awaiting a restart.
        try await inTask("multi", .old, exitCode: 1) { history, task in
            _ = try await history.run("alpha", r + 14, .completed, .old, task: task)
            return try await history.run("gamma", r + 15, .failed, .old, task: task)
        }
        // Plain tasks: ended old twice, ended recently, running, created and never launched.
        for age in [Age.old, .old, .recent] { try await inTask("plain", age, exitCode: 0) { _, _ in nil } }
        let plainRunning = try await taskRepository.startTaskExecution(try TaskSettings(taskName: "plain"), owner: nil, at: time(.old))
        tasks.append(Task(id: plainRunning.executionId, name: "plain", endTime: nil, parentId: nil, jobIds: []))
        let created = try await taskRepository.createTaskExecution(name: "plain")
        tasks.append(Task(id: created.executionId, name: "plain", endTime: nil, parentId: nil, jobIds: []))
        // Composed tasks: a parent with two ended children (one ran a job); a parent with a child still running.
        let parent = try await inTask("composed", .old, exitCode: 0) { _, _ in nil }
        try await inTask("composed-a", .old, exitCode: 0, parent: parent) { try await $0.run("alpha", r + 16, .completed, .old, task: $1) }
        try await inTask("composed-b", .old, exitCode: 0, parent: parent) { _, _ in nil }
        let other = try await inTask("composed", .old, exitCode: 0) { _, _ in nil }
        let child = try await taskRepository.startTaskExecution(
            try TaskSettings(taskName: "composed-a", parentExecutionId: other), owner: nil, at: time(.old))
        tasks.append(Task(id: child.executionId, name: "composed-a", endTime: nil, parentId: other, jobIds: []))
    }

    /// A task execution started and ended at `age` with `exitCode`, running `body`'s job execution.
    @discardableResult
    private mutating func inTask(
        _ name: String, _ age: Age, exitCode: Int32, parent: Int64? = nil,
        _ body: (inout PurgeHistory, Int64) async throws -> Int64?
    ) async throws -> Int64 {
        let start = time(age)
        let execution = try await taskRepository.startTaskExecution(
            try TaskSettings(taskName: name, parentExecutionId: parent, arguments: ["--name=\(name)", "--at=\(clock)"]), owner: nil, at: start)
        _ = try await body(&self, execution.executionId)
        let end = time(age)
        try await taskRepository.completeTaskExecution(executionId: execution.executionId, exitCode: exitCode, at: end)
        tasks.append(Task(
            id: execution.executionId, name: name, endTime: end, parentId: parent,
            jobIds: jobLinks.filter { $0.task == execution.executionId }.map(\.job)))
        return execution.executionId
    }

    private var jobLinks: [(task: Int64, job: Int64)] = []

    /// One job execution of `name` (`run.id` = `runId`, or no parameters), ended (or not) at `age`
    /// with `status`, with a COMPLETED step "prepare" and a step "work" of the same status whose
    /// reader stopped at `position`.
    @discardableResult
    mutating func run(
        _ name: String, _ runId: Int?, _ status: BatchStatus, _ age: Age, task: Int64? = nil, owner: ExecutionOwner? = nil,
        started: Bool = true, ended: Bool = true, position: Int64 = 10
    ) async throws -> Int64 {
        let parameters = try JobParameters(parsing: runId.map { ["run.id=\($0),java.lang.Long", "note=\(name)\($0),java.lang.String,false"] } ?? [])
        var execution = try await jobRepository.createJobExecution(jobName: name, parameters: parameters, owner: owner, taskExecutionId: task)
        let start = time(age)
        execution.createTime = start.addingTimeInterval(-1)
        execution.startTime = started ? start : nil
        execution.status = status
        execution.exitStatus = ExitStatus(status.rawValue)
        let end = status.isRunning || !ended || !started ? nil : time(age)
        execution.endTime = end
        try await jobRepository.update(&execution)
        for (stepName, stepStatus) in [("prepare", BatchStatus.completed), ("work", status)] where started {
            var step = StepExecution(id: 0, stepName: stepName, jobExecutionId: execution.id, createTime: start, startTime: start)
            try await jobRepository.add(&step)
            step.status = stepStatus
            step.endTime = stepStatus.isRunning ? nil : end
            step.executionContext["hooked.position"] = .int(stepName == "prepare" ? 0 : position)
            try await jobRepository.update(&step)
        }
        let age = started ? end : execution.createTime
        jobs.append(Job(id: execution.id, name: name, instanceId: execution.instance.id, status: status, age: age))
        if let task { jobLinks.append((task, execution.id)) }
        return execution.id
    }
}
