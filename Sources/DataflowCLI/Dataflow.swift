import ArgumentParser
import Database
import Foundation
import TaskRuntime

/// `dataflow`: the swift-batch administration command line.
@main
struct Dataflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Administer swift-batch: its metadata database and task executions.",
        subcommands: [DatabaseCommand.self, TaskCommand.self]
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
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
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
    static func error(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    }
}
