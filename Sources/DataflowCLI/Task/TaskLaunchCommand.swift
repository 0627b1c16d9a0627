import ArgumentParser
import Foundation

/// `dataflow task launch`: `POST /tasks/executions/launch`; with `--wait`, follows the
/// execution to its end and exits with the task's exit code.
struct TaskLaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Launch a task definition (needs the server); with --wait, wait for its end and exit with its exit code.",
        discussion: """
            Without --wait, prints the new execution's id and exits 0. With --wait, prints each status change \
            (UNKNOWN, RUNNING, COMPLETE, ERROR) until the execution ends, then exits with the task's exit code \
            (1 for an ERROR without one); --follow also prints the task's log as it grows. Ctrl-C stops the \
            waiting, not the task, and exits 130. A launch the server refuses exits 1 (2 for bad input) with \
            the server's message.
            """)

    @OptionGroup var name: DefinitionName

    @Option(name: .long, help: ArgumentHelp("Comma separated app.<app>.<key>=<value> and deployer.<app>.<key>=<value>.", valueName: "properties"))
    var properties: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The app's arguments, space separated (quotes group).", valueName: "arguments"))
    var arguments: String?

    @Option(name: [.customLong("platformName"), .customLong("platform-name")], help: "The platform (account) to launch on.")
    var platformName: String?

    @Flag(name: .long, help: "Wait for the execution's end, printing its status changes; exit with the task's exit code.")
    var wait = false

    @Flag(name: .long, help: "With --wait (implied), also print the task's log as it grows.")
    var follow = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if follow && output.json { throw ValidationError("--follow prints the log as text; leave out --json") }
    }

    /// The launch's form parameters; `--platformName` is Data Flow's platform property.
    func form(_ name: String) -> [(String, String)] {
        var form = [("name", name)]
        let platform = platformName.map { "spring.cloud.dataflow.task.platformName=\($0)" }
        let all = [properties, platform].compactMap { $0 }.filter { !$0.isEmpty }
        if !all.isEmpty { form.append(("properties", all.joined(separator: ","))) }
        if let arguments, !arguments.isEmpty { form.append(("arguments", arguments)) }
        return form
    }

    func run() async throws {
        let name = try self.name.value()
        let waits = wait || follow
        let code: Int32 = try await server.withClient { client in
            let launched = try await client.post("/tasks/executions/launch", form: form(name)).json
            guard let id = launched["executionId"].integer else {
                throw ServerFailure(message: "the server's launch answer has no executionId: \(launched.pretty())", category: .internal)
            }
            guard waits else {
                output.show(launched) { "Launched task '\(name)' with execution id \(id)" }
                return 0
            }
            // Unbuffered from here on, as the watch writes: status lines and log in the order they came.
            if !output.json { Console.out("Launched task '\(name)' with execution id \(id)\n") }
            let watch = ExecutionWatch(client: client, id: id, follow: follow, reportStatus: !output.json)
            switch try await watch.run() {
            case .ended(let outcome):
                if output.json { Console.out(outcome.execution.pretty() + "\n") }
                return outcome.exitCode
            case .interrupted:
                Console.note(
                    "stopped waiting for task execution \(id), which goes on; see it with 'dataflow task execution status --id \(id)', stop it with 'dataflow task execution stop --ids \(id)'")
                return 130
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}
