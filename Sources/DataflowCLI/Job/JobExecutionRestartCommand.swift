import ArgumentParser
import Foundation
import UnixSignals

/// `dataflow job execution restart`: `PUT /jobs/executions/<id>?restart=true`, as Data Flow's
/// shell; with `--wait`, follows the task execution it launched and that task's job execution
/// to the end and exits with the outcome.
struct JobExecutionRestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart a failed, stopped or dead job execution (needs the server); with --wait, wait for its end.",
        discussion: """
            The server relaunches the task that ran it with the original arguments and the job's identifying \
            parameters, so the job resumes after its last committed chunk. An execution whose process is gone is \
            recorded FAILED with the reason first. --job-parameters changes non-identifying parameters for the \
            restart (name=value keeps a parameter's type; name=value,type,false adds one). With --wait, shows \
            the new run's progress (a line that updates on a terminal, a line per change otherwise) and exits 0 \
            when the job COMPLETED, 1 otherwise; Ctrl-C stops the waiting, not the job (exit 130).
            """)

    @Option(name: .customLong("id"), help: "The job execution id.")
    var id: Int64

    @Flag(name: .long, help: "Wait for the restarted job's end, showing its progress; exit 0 when it COMPLETED, 1 otherwise.")
    var wait = false

    @Flag(name: .customLong("useJsonJobParameters"), help: "Pass the job parameters to the app in Spring Batch's JSON notation.")
    var useJsonJobParameters = false

    @Option(
        name: [.customLong("job-parameters"), .customLong("jobParameters")],
        help: ArgumentHelp("Comma separated non-identifying parameters to change, name=value[,type,false].", valueName: "parameters"))
    var jobParameters: [String] = []

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    /// The request's query parameters.
    var query: [(String, String)] {
        var query = [("restart", "true")]
        if useJsonJobParameters { query.append(("useJsonJobParameters", "true")) }
        for parameters in jobParameters { query.append(("jobParameters", parameters)) }
        return query
    }

    func run() async throws {
        let code: Int32 = try await server.withClient { client in
            let answer = try await client.send(.PUT, "/jobs/executions/\(id)", query: query)
            let launched = answer.json["taskExecutionId"].integer
            guard wait else {
                output.show(answer.json) {
                    "Restart request has been sent for job execution '\(id)'" + (launched.map { " (task execution \($0))" } ?? "")
                }
                return 0
            }
            guard let launched else {
                throw ServerFailure(
                    message: "the server did not say which task execution it launched (a Data Flow server answers restarts with no body); follow it with 'dataflow task execution list'",
                    category: .internal)
            }
            if !output.json { Console.out("Restart request has been sent for job execution '\(id)': task execution \(launched)\n") }
            let watch = RestartWatch(client: client, taskExecutionId: launched, restarted: id, reportProgress: !output.json)
            switch try await watch.run() {
            case .ended(let outcome):
                if output.json { Console.out(outcome.task.pretty() + "\n") }
                return outcome.completed ? 0 : 1
            case .interrupted:
                Console.note(
                    "stopped waiting for task execution \(launched), which goes on; stop its job with 'dataflow job execution stop --id <job execution id>'")
                return 130
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// Follows the task execution a restart launched and the job execution it runs: the server is
/// asked every 100 ms at first, then less often, at most every 500 ms. On a terminal one line
/// shows the progress and is rewritten in place; otherwise a line is printed per status change.
struct RestartWatch {
    /// How the watching ended.
    enum Result {
        case ended(Outcome)
        case interrupted
    }

    /// The end: the task execution and, when the server shows it, the job execution.
    struct Outcome {
        var task: JSONValue
        var jobStatus: String?
        /// The job COMPLETED (or, when the server shows no job execution resources, the task ended with exit code 0).
        var completed: Bool { jobStatus.map { $0 == "COMPLETED" } ?? (task["exitCode"].integer == 0) }
    }

    let client: ServerClient
    let taskExecutionId: Int64
    /// The job execution restarted (for the lines).
    let restarted: Int64
    let reportProgress: Bool
    let terminal = isatty(STDOUT_FILENO) == 1

    static let firstPause: Duration = .milliseconds(100)
    static let longestPause: Duration = .milliseconds(500)

    func run() async throws -> Result {
        let interrupts = await UnixSignalsSequence(trapping: .sigint)
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask { .ended(try await poll()) }
            group.addTask {
                for await _ in interrupts { return .interrupted }
                throw CancellationError()
            }
            let first = try await group.next() ?? .interrupted
            group.cancelAll()
            if terminal && reportProgress { Console.out("\n") }
            return first
        }
    }

    private func poll() async throws -> Outcome {
        var lastPrinted = ""
        var pause = Self.firstPause
        while true {
            let task = try await client.get("/tasks/executions/\(taskExecutionId)").json
            let job = try await jobExecution(of: task)
            let ended = !task["endTime"].isNull
            if reportProgress {
                let line = Self.line(task: task, job: job, counts: terminal || ended)
                if terminal {
                    Console.out("\r\u{1B}[K" + line)
                } else if line != lastPrinted {
                    Console.out(line + "\n")
                }
                lastPrinted = line
            }
            if ended { return Outcome(task: task, jobStatus: job?["jobExecution"]["status"].string) }
            try await Task.sleep(for: pause)
            pause = min(pause * 3 / 2, Self.longestPause)
        }
    }

    /// The newest job execution of the task, when it has one and the server shows job executions.
    private func jobExecution(of task: JSONValue) async throws -> JSONValue? {
        guard let id = task["jobExecutionIds"].elements.compactMap(\.integer).max() else { return nil }
        do {
            return try await client.get("/jobs/executions/\(id)").json
        } catch let failure as ServerFailure where failure.status == 404 || failure.status == 405 {
            return nil
        }
    }

    /// `task execution 9: RUNNING; job importTransactions execution 12: STARTED, 5200 read, 5000 written`;
    /// the task's own message only when no job execution is shown or the task failed.
    static func line(task: JSONValue, job: JSONValue?, counts: Bool) -> String {
        let outcome = ExecutionOutcome(execution: task)
        guard let job else { return outcome.line }
        var text = "task execution \(outcome.id): \(outcome.status)"
        if outcome.hasEnded {
            text += " (exit code \(task["exitCode"].integer.map(String.init) ?? "none"))"
            if outcome.status != "COMPLETE", let message = task["errorMessage"].string ?? task["exitMessage"].string, !message.isEmpty {
                text += ": " + message.split(whereSeparator: \.isNewline).joined(separator: " ")
            }
        }
        let execution = job["jobExecution"]
        let name = job["name"].string ?? execution["jobInstance"]["jobName"].string ?? "job"
        text += "; job \(name) execution \(job["executionId"].integer.map(String.init) ?? "?"): \(execution["status"].string ?? "UNKNOWN")"
        let steps = execution["stepExecutions"].elements
        if counts && !steps.isEmpty {
            let read = steps.compactMap { $0["readCount"].integer }.reduce(0, +)
            let written = steps.compactMap { $0["writeCount"].integer }.reduce(0, +)
            text += ", \(read) read, \(written) written"
        }
        return text
    }
}
