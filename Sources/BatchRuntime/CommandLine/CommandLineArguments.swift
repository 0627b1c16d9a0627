/// The arguments of a batch application's command line, split into the command, its
/// positional arguments, its options, and framework arguments that are accepted but never
/// become job parameters (`--spring.*`, `--management.*`, `--logging.*`, ...).
struct CommandLineArguments {
    var command: String?
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
    /// Every raw argument, for settings resolved from the whole line (datasource).
    var raw: [String]

    /// Options that take a value.
    static let valued: Set<String> = ["db", "job", "limit", "before", "heartbeat-interval", "liveness-timeout", "status"]
    /// Options without a value.
    static let booleans: Set<String> = ["next", "json", "force", "verbose", "quiet", "help", "wait"]
    /// Prefixes of framework arguments, accepted and ignored here.
    static let frameworkPrefixes = ["spring.", "management.", "micrometer.", "logging.", "server.", "batch."]

    init(_ arguments: [String]) throws(BatchError) {
        raw = arguments
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                if argument == "-h" {
                    flags.insert("help")
                } else if command == nil {
                    command = argument
                } else {
                    positionals.append(argument)
                }
                continue
            }
            let body = argument.dropFirst(2)
            let name = String(body.split(separator: "=", maxSplits: 1)[0])
            let inlineValue = body.contains("=") ? String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[1]) : nil
            if Self.frameworkPrefixes.contains(where: name.hasPrefix) {
                // `--spring.datasource.url value` (without '=') takes the next argument along.
                if inlineValue == nil, index < arguments.count, !arguments[index].hasPrefix("-") { index += 1 }
                continue
            }
            if Self.booleans.contains(name) {
                guard inlineValue == nil else {
                    throw BatchError(.invalidParameters, "option --\(name) takes no value")
                }
                flags.insert(name)
            } else if Self.valued.contains(name) {
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

    /// A duration such as `500ms`, `5s`, `2m` or a plain number of seconds.
    func duration(_ name: String) throws(BatchError) -> Duration? {
        guard let text = options[name] else { return nil }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0 { return .milliseconds(Int64(value * scale * 1000)) }
        }
        if let value = Double(text), value > 0 { return .milliseconds(Int64(value * 1000)) }
        throw BatchError(.invalidParameters, "--\(name) needs a duration such as 500ms, 5s or 2m, not '\(text)'")
    }
}
