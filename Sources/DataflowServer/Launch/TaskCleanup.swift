import BatchRuntime
import Database
import Foundation
import TaskRuntime

/// Data Flow's cleanup of task executions: `CLEANUP` removes what a launch left on its platform
/// (its working directory and logs), `REMOVE_DATA` deletes the task rows with their job data in
/// foreign-key order, 100 executions per transaction. Running executions are never touched.
public struct TaskCleanup: Sendable {
    /// What to do.
    public struct Actions: OptionSet, Sendable {
        /// The raw bits.
        public let rawValue: Int
        /// Creates a set.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Remove platform resources (logs, working directories).
        public static let cleanup = Actions(rawValue: 1)
        /// Delete the rows.
        public static let removeData = Actions(rawValue: 2)

        /// Parses Data Flow's `action` values (`CLEANUP`, `REMOVE_DATA`, comma separated or repeated).
        static func parse(_ values: [String]) throws -> Actions {
            var actions: Actions = []
            for value in values.flatMap({ $0.split(separator: ",") }) {
                switch value.trimmingCharacters(in: .whitespaces).uppercased() {
                case "CLEANUP": actions.insert(.cleanup)
                case "REMOVE_DATA": actions.insert(.removeData)
                default: throw ServerError(.badRequest, "The parameter 'action' must contain one of the following values: 'CLEANUP, REMOVE_DATA'")
                }
            }
            return actions.isEmpty ? .cleanup : actions
        }
    }

    let pool: ConnectionPool
    let platforms: Platforms
    let explorer: TaskExplorer

    /// Creates the service.
    public init(pool: ConnectionPool, platforms: Platforms) {
        self.pool = pool
        self.platforms = platforms
        self.explorer = TaskExplorer(pool: pool)
    }

    /// Cleans up the given executions; one unknown id fails the whole request before anything is done.
    /// - Throws: ``ServerError`` `noSuchTaskExecution`; `invalidState` for a running execution;
    ///   `badRequest` for REMOVE_DATA on a child of a composed task (Data Flow's rule).
    public func cleanup(ids: [Int64], actions: Actions, user: String?) async throws {
        var executions: [TaskExecution] = []
        for id in ids {
            guard let execution = try await explorer.taskExecution(id: id) else {
                throw ServerError(.noSuchTaskExecution, "Could not find TaskExecution with id \(id)")
            }
            if execution.endTime == nil && execution.startTime != nil {
                throw ServerError(.invalidState, "Task execution \(id) is still running; stop it first, then clean it up")
            }
            if actions.contains(.removeData), execution.parentExecutionId != nil {
                throw ServerError(
                    .badRequest,
                    "Task execution \(id) is a child of task execution \(execution.parentExecutionId!); remove the data of the parent, which removes its children too")
            }
            executions.append(execution)
        }
        try await perform(executions.map(\.executionId), actions: actions, user: user)
    }

    /// Cleans up every ended execution (optionally only of `taskName`, ended more than `days` ago).
    /// - Returns: How many executions were cleaned up.
    @discardableResult
    public func cleanupAll(actions: Actions, taskName: String?, days: Int?, user: String?) async throws -> Int {
        var filter = TaskExecutionFilter(taskName: taskName, ended: true)
        if let days { filter.endedBefore = Date().addingTimeInterval(-Double(days) * 86_400) }
        var total = 0
        var before: Int64?
        while true {
            let page = try await explorer.taskExecutions(filter, beforeId: before, limit: 500, arguments: false)
            guard let last = page.last else { break }
            before = last.executionId
            // Every matching execution goes, children of composed tasks included (the per-id
            // form refuses a child, as Data Flow does; a bulk cleanup by name or age takes them).
            try await perform(page.map(\.executionId), actions: actions, user: user)
            total += page.count
        }
        return total
    }

    /// Runs the actions on ended executions, with their children for REMOVE_DATA.
    private func perform(_ ids: [Int64], actions: Actions, user: String?) async throws {
        var all = ids
        if actions.contains(.removeData) {
            var seen = Set(ids)
            for id in ids {
                for child in try await explorer.taskExecutions(TaskExecutionFilter(parentExecutionId: id), limit: 10_000, arguments: false)
                where child.endTime != nil && seen.insert(child.executionId).inserted {
                    all.append(child.executionId)
                }
            }
        }
        if actions.contains(.cleanup) || actions.contains(.removeData) {
            for id in all {
                guard let launch = try await pool.withConnection({ try await TaskLaunchStore.find(executionId: id, on: $0) }) else { continue }
                try platforms[launch.platformName]?.platform.cleanup(launch)
            }
        }
        guard actions.contains(.removeData) else { return }
        for start in stride(from: 0, to: all.count, by: 100) {
            let batch = Array(all[start..<min(start + 100, all.count)])
            try await pool.transaction { connection in
                try await LaunchManifestStore.delete(executionIds: batch, on: connection)
                let jobs = try await TaskRepository.deleteTaskExecutions(ids: batch, on: connection)
                try await JobRepository.deleteJobExecutions(ids: jobs, on: connection)
                try await AuditTrail.record(
                    AuditRecord(action: .delete, operation: .task, correlationId: Self.correlationId(batch),
                                data: "{\"action\":\"REMOVE_DATA\",\"taskExecutionIds\":[\(batch.map(String.init).joined(separator: ","))]}",
                                createdBy: user), on: connection)
            }
        }
    }

    /// The ids of a batch as an audit record's correlation id: the list while it fits Data
    /// Flow's `correlation_id VARCHAR(255)`, else the first and last with the count (the data
    /// carries every id).
    static func correlationId(_ ids: [Int64]) -> String {
        let list = ids.map(String.init).joined(separator: ",")
        guard list.utf8.count > 255, let first = ids.first, let last = ids.last else { return list }
        return "\(first)..\(last) (\(ids.count) executions)"
    }
}
