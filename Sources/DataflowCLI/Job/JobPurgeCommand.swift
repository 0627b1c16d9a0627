import ArgumentParser
import BatchRuntime
import Logging

/// `dataflow job purge`: the retention purge of job executions, through the server
/// (`DELETE /jobs/executions/purge`) or with `--db` straight on the database.
struct JobPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete old job executions with their steps, contexts and parameters (the server, or the database with --db).",
        discussion: """
            Deletes job executions that ended longer ago than --older-than and are not among the --keep-last newest of \
            their job, with their steps, contexts, parameters and task links, then the job instances left empty, in \
            batches of --batch-size executions, each in its own short transaction. Never deleted: running executions \
            (recover dead ones first), executions of an instance that runs, and, unless --include-restartable, what a \
            FAILED or STOPPED instance needs to restart. --dry-run counts without deleting. On a terminal, a real purge \
            first counts and asks (y/n) unless --yes; an answer other than y cancels with exit 1. Prints what went as a \
            table, or --json the server's report.
            """)

    @OptionGroup var purge: PurgeOptions

    @Option(name: .long, help: "Only executions of this job.")
    var job: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        _ = try DatabaseExecutions.readsDatabase(database, server)
        if let job, job.isEmpty { throw ValidationError("--job needs a job name") }
    }

    func run() async throws {
        let report: JSONValue
        if try DatabaseExecutions.readsDatabase(database, server) {
            report = try await purgeDatabase()
        } else {
            report = try await server.withClient(longRequests: true) { client in
                let path = "/jobs/executions/purge"
                if purge.asks {
                    let preview = try await client.delete(path, query: purge.query(name: job, dryRun: true)).json
                    try Self.confirm(purge, preview)
                }
                return try await client.delete(path, query: purge.query(name: job, dryRun: purge.dryRun)).json
            }
        }
        output.show(report) { PurgeText.table(report, tasks: false) }
    }

    private func purgeDatabase() async throws -> JSONValue {
        let policy = JobPurgePolicy(
            olderThan: try purge.age(), keepLast: purge.keepLast, jobName: job, includeRestartable: purge.includeRestartable,
            batchSize: purge.batchSize ?? JobPurgePolicy.defaultBatchSize)
        let report = try await database.withPool(createIfMissing: false) { pool in
            var logger = Logger(label: "dataflow")
            logger.logLevel = database.verbose ? .debug : .warning
            let repository = JobRepository(pool: pool, logger: logger)
            if purge.asks { try Self.confirm(purge, try await repository.purge(policy, dryRun: true).json(policy: purge.policy(name: job))) }
            return try await repository.purge(policy, dryRun: purge.dryRun)
        }
        return try report.json(policy: purge.policy(name: job))
    }

    static func confirm(_ purge: PurgeOptions, _ preview: JSONValue) throws {
        guard purge.confirm("job", dryRunReport: preview) else {
            throw CommandFailure(message: "purge canceled: nothing was deleted; give --yes to purge without the question")
        }
    }
}
