import Database

/// The arguments of a batch application's command line, split into the command, its
/// positional arguments, its options, and the launch properties (`--spring.*`,
/// `--management.*`, `--logging.*`, any dotted `--name=value`), which ``LaunchProperties``
/// reads and which never become job parameters.
struct CommandLineArguments {
    /// The first argument that is not an option, unless it is a job parameter (`name=value`):
    /// then, as with no arguments but options, it is nil and the application runs its job, as a
    /// Spring Boot batch application does. A bare word that is no command (`strat`) is still the
    /// command, so that a typo is reported rather than run.
    var command: String?
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
    /// Every raw argument with the environment, read once for all settings (task, datasource, metrics, batch).
    var properties: LaunchProperties
    /// Every raw argument.
    var raw: [String] { properties.arguments }

    /// Options that take a value.
    static let valued: Set<String> = ["db", "job", "limit", "before", "heartbeat-interval", "liveness-timeout", "status"]
    /// Options without a value.
    static let booleans: Set<String> = ["next", "json", "force", "verbose", "quiet", "help", "wait"]

    /// Splits `arguments`.
    /// - Parameter applicationOptions: Options the application reads itself
    ///   (``BatchApplication/options``), accepted as `--name=value` or `--name value`.
    init(_ arguments: [String], environment: [String: String], applicationOptions: Set<String> = []) throws(BatchError) {
        properties = LaunchProperties(arguments: arguments, environment: environment)
        let arguments = properties.programArguments
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                if argument == "-h" {
                    flags.insert("help")
                } else if command == nil && positionals.isEmpty && !argument.contains("=") {
                    command = argument
                } else {
                    positionals.append(argument)
                }
                continue
            }
            let body = argument.dropFirst(2)
            let name = String(body.split(separator: "=", maxSplits: 1)[0])
            let inlineValue = body.contains("=") ? String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[1]) : nil
            if Self.booleans.contains(name) {
                guard inlineValue == nil else {
                    throw BatchError(.invalidParameters, "option --\(name) takes no value")
                }
                flags.insert(name)
            } else if Self.valued.contains(name) || applicationOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else if index < arguments.count {
                    options[name] = arguments[index]
                    index += 1
                } else {
                    throw BatchError(.invalidParameters, "option --\(name) needs a value")
                }
            } else {
                throw BatchError(.invalidParameters, "unknown option '\(argument)'; see --help")
            }
        }
    }

    func integer(_ name: String) throws(BatchError) -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), value > 0 else {
            throw BatchError(.invalidParameters, "--\(name) needs a positive integer, not '\(text)'")
        }
        return value
    }

    /// A duration such as `500ms`, `5s`, `2m`, `PT5S` or a plain number of seconds (``SpringDuration``).
    func duration(_ name: String) throws(BatchError) -> Duration? {
        guard let text = options[name] else { return nil }
        guard let duration = SpringDuration.parse(text, defaultUnit: .seconds), duration > .zero else {
            throw BatchError(.invalidParameters, "--\(name) needs a duration such as 500ms, 5s or 2m, not '\(text)'")
        }
        return duration
    }
}
