import ArgumentParser
import BatchRuntime
import Foundation

/// What `job purge` and `task execution purge` share: the policy (`--older-than`, `--keep-last`,
/// `--include-restartable`, `--batch-size`), `--dry-run` and `--yes`.
struct PurgeOptions: ParsableArguments {
    @Option(
        name: .customLong("older-than"),
        help: ArgumentHelp("Only executions that ended longer ago than this: 30d, 12h, 90m, 45s or ISO-8601 (PT12H); 0s for any age.", valueName: "age"))
    var olderThan: String?

    @Option(name: .customLong("keep-last"), help: ArgumentHelp("Keep the newest N executions of each name, whatever their age.", valueName: "n"))
    var keepLast: Int?

    @Flag(name: .customLong("dry-run"), help: "Count what would go; delete nothing.")
    var dryRun = false

    @Flag(name: .customLong("include-restartable"), help: "Also delete what a restart of a FAILED or STOPPED job instance needs.")
    var includeRestartable = false

    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Executions per transaction (default 500).", valueName: "n"))
    var batchSize: Int?

    @Flag(name: [.customShort("y"), .long], help: "Do not ask before deleting (asked only on a terminal).")
    var yes = false

    /// The age, checked.
    func age() throws -> Duration? {
        guard let olderThan else { return nil }
        do {
            return try PurgeAge.parse(olderThan)
        } catch {
            throw ValidationError("--older-than: \(error.message)")
        }
    }

    func validate() throws {
        guard olderThan != nil || keepLast != nil else {
            throw ValidationError("give --older-than (such as 30d), --keep-last N or both; --older-than 0s purges every execution that may go")
        }
        _ = try age()
        if let keepLast, keepLast < 0 { throw ValidationError("--keep-last takes 0 or more, not \(keepLast)") }
        if let batchSize, !(1...10_000).contains(batchSize) { throw ValidationError("--batch-size takes 1 to 10000, not \(batchSize)") }
    }

    /// The server's parameters for `name`.
    func query(name: String?, dryRun: Bool) -> [(String, String)] {
        var query: [(String, String)] = []
        if let olderThan { query.append(("olderThan", olderThan)) }
        if let keepLast { query.append(("keepLast", String(keepLast))) }
        if let name { query.append(("name", name)) }
        if includeRestartable { query.append(("includeRestartable", "true")) }
        if let batchSize { query.append(("batchSize", String(batchSize))) }
        query.append(("dryRun", String(dryRun)))
        return query
    }

    /// The policy as the server's report shows it.
    func policy(name: String?) -> [String: JSONValue] {
        var policy: [String: JSONValue] = [
            "includeRestartable": .bool(includeRestartable), "batchSize": .integer(Int64(batchSize ?? 500)),
        ]
        if let olderThan { policy["olderThan"] = .string(olderThan) }
        if let keepLast { policy["keepLast"] = .integer(Int64(keepLast)) }
        if let name { policy["name"] = .string(name) }
        return policy
    }

    /// Whether a real purge asks first: not with `--yes`, for a dry run, or when standard input
    /// is not a terminal (a script or a schedule).
    var asks: Bool { !yes && !dryRun && isatty(STDIN_FILENO) != 0 }

    /// Asks whether to delete what a dry run (`report`) counted; true for yes.
    func confirm(_ kind: String, dryRunReport report: JSONValue) -> Bool {
        let executions = report[kind == "job" ? "jobExecutions" : "taskExecutions"].integer ?? 0
        let rows = PurgeText.rowCount(report)
        return Confirmation.ask(
            "About to delete \(executions) \(kind) executions (\(rows) rows in all). This operation can not be reverted. Are you sure (y/n)?")
    }
}
