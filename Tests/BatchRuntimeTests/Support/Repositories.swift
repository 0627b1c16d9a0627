import BatchRuntime
import Database
import DatabaseTestSupport

/// A migrated, isolated database for one test: a fresh SQLite file or PostgreSQL schema.
func withRepository<T>(
    _ database: TestDatabase, isolation: isolated (any Actor)? = #isolation,
    _ body: (JobRepository) async throws -> T
) async throws -> T {
    try await database.withPool { pool in
        try await Migrator(pool: pool).migrate()
        return try await body(JobRepository(pool: pool))
    }
}

/// A launcher with fast heartbeats and stop checks, for tests.
func testLauncher(_ repository: JobRepository) -> JobLauncher {
    JobLauncher(
        repository: repository,
        configuration: BatchConfiguration(
            heartbeatInterval: .milliseconds(200), livenessTimeout: .seconds(5), stopCheckInterval: .zero))
}

/// A step's row by name from the latest job execution.
func steps(_ repository: JobRepository, _ executionId: Int64) async throws -> [String: StepExecution] {
    let list = try await JobExplorer(pool: repository.pool).stepExecutions(ofJobExecution: executionId)
    return Dictionary(list.map { ($0.stepName, $0) }, uniquingKeysWith: { $1 })
}

struct Boom: Error, CustomStringConvertible {
    var description: String
}
