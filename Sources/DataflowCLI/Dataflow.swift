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
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as DatabaseError {
            Console.error(error.description)
            // A URL that cannot be understood is bad usage; everything else is a failure of the work.
            Foundation.exit(error.code == .invalidURL ? 2 : 1)
        } catch let error as TaskError {
            Console.error(error.description)
            Foundation.exit(error.code == .invalidArguments ? 2 : 1)
        } catch let error as CommandFailure {
            Console.error(error.message)
            Foundation.exit(error.exitCode)
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

/// A failure the command reports itself, with its exit code.
struct CommandFailure: Error {
    let message: String
    var exitCode: Int32 = 1
}

/// Output helpers: results on standard output, errors as one line on standard error.
enum Console {
    static func error(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    }
}
