import ArgumentParser
import Database
import Foundation
import TaskRuntime

/// `dataflow`: the swift-batch administration command line.
@main
struct Dataflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Administer swift-batch: apps, task definitions and launches through the server; the metadata database directly.",
        discussion: """
            Through the server (--server URL, else DATAFLOW_URI, else http://localhost:9393): app ..., task create, \
            list, validate, launch and destroy, task execution .... On the database (--db URL): db ..., task exec, \
            task recover, and task execution list and status and job purge with --db.
            """,
        subcommands: [AppCommand.self, TaskCommand.self, JobCommand.self, DatabaseCommand.self]
    )

    /// Runs the command; failures become one line on standard error and an exit code:
    /// 1 when the work failed, 2 for bad usage.
    static func main() async {
        do {
            var command = try parse(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any CategorizedError {
            Foundation.exit(FailureReport.report(error))
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                var message = fullMessage(for: error)
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                Console.error(message)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Dataflow {
    /// Parses the command line. The command that `task exec` runs (everything after its first
    /// `--`) is handed over as it is, not through the argument parser, which examines each
    /// argument after `--` at a cost that grows with the square of their number (10,000
    /// arguments took seconds before the command started).
    ///
    /// The old `task execution <id>` (before `task execution` had verbs) goes on working: a
    /// number in the verb's place is that command's id.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if arguments.count > 2, arguments.starts(with: ["task", "execution"]), Int64(arguments[2]) != nil {
            return try parseAsRoot(["task", "execution", "by-id"] + arguments.dropFirst(2))
        }
        guard arguments.starts(with: ["task", "exec"]), let terminator = arguments.firstIndex(of: "--") else {
            return try parseAsRoot(arguments)
        }
        let parsed = try parseAsRoot(Array(arguments[...terminator]))
        guard var exec = parsed as? ExecCommand else { return parsed }
        exec.command = Array(arguments[(terminator + 1)...])
        try exec.validateCommand()
        return exec
    }
}

/// A failure the command reports itself, classified like every other error.
struct CommandFailure: CategorizedError, CustomStringConvertible {
    let message: String
    var category: ErrorCategory = .internal
    var description: String { message }
}

/// Output helpers: results on standard output, errors as one line on standard error.
enum Console {
    /// Writes `text` to standard output at once (unbuffered, unlike `print`).
    static func out(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    }

    static func note(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("note: \(line)\n".utf8))
    }
}
