import BatchRuntime
import Foundation

/// The dashboard's reads: the job grid, a job's latest executions, and the executions per
/// hour of the history's last 24 hours (the dashboard drawn just after the newest start).
extension ExplorerCases {
    func dashboard() async throws -> [BenchmarkCase] {
        let (jobs, jobName) = (jobs, jobName)
        guard let newest = try await jobs.jobExecutions(limit: 100).compactMap(\.startTime).max() else {
            throw BenchmarkFailure("the database holds no started job executions: seed it with history-seed first")
        }
        let until = newest.addingTimeInterval(1)
        let since = Date(timeIntervalSince1970: (until.timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 23 * 3600)
        return [
            .init(name: "dashboard-grid", description: "`jobGrid(limit: 50, executionsPerJob: 20)`") {
                try await jobs.jobGrid(limit: 50, executionsPerJob: 20).reduce(0) { $0 + $1.executions.count }
            },
            .init(name: "dashboard-recent", description: "`recentExecutions(jobName: \"\(jobName)\", limit: 50)`") {
                try await jobs.recentExecutions(jobName: jobName, limit: 50).count
            },
            .init(name: "dashboard-hourly", description: "`executionCountsByHour(since:until:)` over the last 24 hours") {
                Int(try await jobs.executionCountsByHour(since: since, until: until).reduce(0) { $0 + $1.count })
            },
        ]
    }
}
