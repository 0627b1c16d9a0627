import Database
import Foundation

/// The read side of task metadata, with keyset-paged lists that load their arguments in one
/// query per page (never one per row).
public struct TaskExplorer: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool

    /// Creates an explorer.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// One execution with its arguments, or nil.
    public func taskExecution(id: Int64) async throws -> TaskExecution? {
        try await read("read task execution \(id)") { connection in
            guard var execution = try await TaskExecutionStore.find(id: id, on: connection) else { return nil }
            execution.arguments = try await TaskExecutionStore.arguments(of: [id], on: connection)[id] ?? []
            return execution
        }
    }

    /// A page of executions, newest first.
    /// - Parameters:
    ///   - name: Only this task name.
    ///   - beforeId: Only ids below this one (the last id of the previous page).
    ///   - limit: The page size.
    public func taskExecutions(name: String? = nil, beforeId: Int64? = nil, limit: Int = 20) async throws -> [TaskExecution] {
        try await read("list task executions") { connection in
            var page = try await TaskExecutionStore.page(name: name, beforeId: beforeId, limit: limit, on: connection)
            let arguments = try await TaskExecutionStore.arguments(of: page.map(\.executionId), on: connection)
            for index in page.indices { page[index].arguments = arguments[page[index].executionId] ?? [] }
            return page
        }
    }

    /// The job executions a task execution ran, in id order.
    public func jobExecutionIds(ofTaskExecution id: Int64) async throws -> [Int64] {
        try await read("read the job executions of task execution \(id)") { connection in
            try await TaskBatchStore.jobExecutionIds(taskExecutionId: id, on: connection)
        }
    }

    /// The task execution that ran a job execution, if any.
    public func taskExecutionId(ofJobExecution id: Int64) async throws -> Int64? {
        try await read("read the task execution of job execution \(id)") { connection in
            try await TaskBatchStore.taskExecutionId(jobExecutionId: id, on: connection)
        }
    }

    /// Started executions that have not ended, with the process that owns each where known.
    public func runningExecutions(name: String? = nil) async throws -> [(execution: TaskExecution, owner: ExecutionOwner?)] {
        try await read("list running task executions") { connection in
            try await TaskExecutionStore.running(name: name, on: connection).map { (execution: $0.0, owner: $0.1) }
        }
    }

    private func read<T>(_ action: String, _ body: (SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { try await body($0) }
        } catch {
            throw TaskError.repository(action, error)
        }
    }
}
