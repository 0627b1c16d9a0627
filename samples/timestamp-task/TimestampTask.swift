import Foundation
import Properties
import TaskRuntime

/// `timestamp-task`: prints the current time, recorded as a task. The first app a user
/// launches, as Spring Cloud Task's `timestamp` sample is.
///
///     timestamp-task [--format PATTERN] [--db URL] [--spring.cloud.task.*=...]
///
/// `--format` (or Spring's `--timestamp.format`) takes Java `DateTimeFormatter` pattern letters;
/// the default is `yyyy-MM-dd HH:mm:ss.SSS`, in the local time zone (`TZ`). Like Spring's
/// sample it also reads `timestamp.format` from `SPRING_APPLICATION_JSON` (where Data Flow's
/// local deployer puts a launch's `app.<name>.timestamp.format`) or `TIMESTAMP_FORMAT`.
@main
struct TimestampTask {
    static let defaultFormat = "yyyy-MM-dd HH:mm:ss.SSS"

    static let usage = """
        usage: timestamp-task [--format PATTERN] [--db URL] [--spring.cloud.task.name=NAME] [--spring.cloud.task.*=...]

        Prints the current time and records the run in TASK_EXECUTION.
          --format PATTERN   Java DateTimeFormatter letters (default: \(defaultFormat)); also --timestamp.format,
                             or timestamp.format in SPRING_APPLICATION_JSON or TIMESTAMP_FORMAT
          --db URL           sqlite:/path/file.db or postgres://user:pass@host:5432/db (default: --spring.datasource.*,
                             SPRING_DATASOURCE_URL, else sqlite:./dataflow.db)
        exit codes: 0 printed, 1 failed (bad format, database unreachable, already running), 2 bad arguments
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            exit(0)
        }
        let pattern: String
        do {
            pattern = try self.pattern(arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            exit(2)
        }
        await TaskApplication(name: "timestamp-task").main(arguments: arguments) { task in
            let format = try JavaDateFormat(pattern: pattern)
            let text = format.format(Date(), timeZone: .current)
            print(text)
            task.setExitMessage("printed \(text)")
        }
    }

    struct UsageError: Error {
        var message: String
    }

    /// The format pattern: an argument's, else `timestamp.format` from `SPRING_APPLICATION_JSON`
    /// or the environment (`TIMESTAMP_FORMAT`), else the default.
    static func pattern(_ arguments: [String], environment: [String: String]) throws(UsageError) -> String {
        if let given = try options(arguments) { return given }
        return LaunchProperties(arguments: [], environment: environment)["timestamp.format"]?.text ?? defaultFormat
    }

    /// The format pattern given as an argument, if any; other arguments must be framework or
    /// database options.
    static func options(_ arguments: [String]) throws(UsageError) -> String? {
        var pattern: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            let inline = argument.contains("=") ? String(argument.drop(while: { $0 != "=" }).dropFirst()) : nil
            switch name {
            case "--format", "--timestamp.format", "--db":
                let value: String
                if let inline {
                    value = inline
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError(message: "\(name) needs a value")
                }
                if name != "--db" { pattern = value }
            case "--verbose":
                continue
            default:
                let framework = ["--spring.", "--management.", "--micrometer.", "--logging.", "--server."]
                if framework.contains(where: argument.hasPrefix) {
                    if inline == nil, index < arguments.count, !arguments[index].hasPrefix("-") { index += 1 }
                    continue
                }
                throw UsageError(message: "unknown argument '\(argument)'; see --help")
            }
        }
        return pattern
    }
}
