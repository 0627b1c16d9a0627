/// The Spring-style properties a process is launched with, read once from its command line,
/// `SPRING_APPLICATION_JSON` and its environment, with Spring's relaxed binding: the one place
/// swift-batch reads `--spring.*`, `--management.*` and the like, for every settings type
/// (datasource, task, metrics, batch).
///
/// Precedence, as in Spring Boot: command-line arguments, then `SPRING_APPLICATION_JSON` (or
/// `--spring.application.json`), then environment variables. Names match whatever their case
/// and separators: `spring.cloud.task.parent-execution-id`, `spring.cloud.task.parentExecutionId`,
/// `SPRING_CLOUD_TASK_PARENTEXECUTIONID` and `SPRING_CLOUD_TASK_PARENT_EXECUTION_ID` are one property.
///
/// A property argument is `--name=value` where the name has a dot (`--spring.datasource.url=...`).
/// `--name value` is accepted too when the next argument does not start with `-` and does not
/// look like a job parameter (`key=value` with no `:` or `/` before the `=`), so
/// `--spring.datasource.url jdbc:postgresql://h/db` works and `--flag input.file=x` keeps the job
/// parameter; `--name` alone means `true`. Arguments without a dot (`--db`, `--next`) and
/// everything else are left to the program, in ``programArguments``; an undotted
/// `--name=value` (`--format=yyyy`) is both: a property, as Spring reads it, and the program's.
///
/// ```swift
/// let properties = LaunchProperties(arguments: CommandLine.arguments.dropFirst(), environment: ProcessInfo.processInfo.environment)
/// let id = try properties.integer("spring.cloud.task.executionid", in: 1...Int64.max)
/// ```
public struct LaunchProperties: Sendable, Hashable {
    /// One property's value and where it came from, for messages (`--spring.cloud.task.name`,
    /// `SPRING_CLOUD_TASK_NAME`, `SPRING_APPLICATION_JSON`).
    public struct Value: Sendable, Hashable, CustomStringConvertible {
        /// The value as given.
        public var text: String
        /// The argument or variable it came from.
        public var source: String
        /// The name as it was written there (`spring.cloud.task.parentExecutionId`, `SPRING_CLOUD_TASK_NAME`).
        public var name: String
        /// Which kind of source set it.
        public var origin: Origin
        /// For an argument, its place among the properties given (between aliases, the later wins); else 0.
        public var position: Int

        /// Creates a value.
        public init(text: String, source: String, name: String, origin: Origin, position: Int = 0) {
            self.text = text
            self.source = source
            self.name = name
            self.origin = origin
            self.position = position
        }

        /// `source=text`.
        public var description: String { "\(source)=\(text)" }
    }

    /// The kinds of sources, highest precedence first.
    public enum Origin: Int, Sendable, Hashable, Comparable {
        /// A command-line argument.
        case argument
        /// `SPRING_APPLICATION_JSON` or `--spring.application.json`.
        case applicationJSON
        /// An environment variable.
        case environment

        /// Higher precedence compares smaller.
        public static func < (lhs: Origin, rhs: Origin) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Every raw argument, in order.
    public let arguments: [String]
    /// The arguments that are not properties, in order (commands, options, job parameters).
    public let programArguments: [String]
    /// Properties by canonical name; the highest-precedence source wins.
    private let values: [String: Value]
    /// Canonical names in the order they were given (arguments first), for prefix queries.
    private let order: [String]

    /// Reads the properties.
    /// - Parameters:
    ///   - arguments: The command-line arguments (without the program name).
    ///   - environment: The process environment.
    public init<Arguments: Sequence<String>>(arguments: Arguments, environment: [String: String] = [:]) {
        let arguments = Array(arguments)
        self.arguments = arguments
        var values: [String: Value] = [:]
        var order: [String] = []
        func put(_ name: String, _ value: Value, override: Bool) {
            let key = Self.canonical(name)
            if values[key] == nil { order.append(key) } else if !override { return }
            values[key] = value
        }
        let (parsed, program) = Self.parse(arguments)
        for (position, (name, text)) in parsed.enumerated() {
            put(name, Value(text: text, source: "--\(name)", name: name, origin: .argument, position: position), override: true)
        }
        let json = values[Self.canonical("spring.application.json")]?.text ?? environment["SPRING_APPLICATION_JSON"]
        if let json {
            for (name, text) in ApplicationJSON.flatten(json) {
                put(name, Value(text: text, source: "SPRING_APPLICATION_JSON", name: name, origin: .applicationJSON), override: false)
            }
        }
        for key in environment.keys.sorted() where key != "SPRING_APPLICATION_JSON" {
            put(key, Value(text: environment[key]!, source: key, name: key, origin: .environment), override: false)
        }
        self.programArguments = program
        self.values = values
        self.order = order
    }

    /// The value of a property, or nil when no source sets it.
    public subscript(_ name: String) -> Value? {
        values[Self.canonical(name)]
    }

    /// The value of whichever of several names (aliases of one setting) has the highest
    /// precedence source; between two arguments the later one, as for one name; between
    /// variables, the earlier name in `names`.
    public subscript(anyOf names: [String]) -> Value? {
        names.compactMap { self[$0] }.min { ($0.origin, -$0.position) < ($1.origin, -$1.position) }
    }

    /// The properties whose names start with `prefix` (a dotted name such as
    /// `management.metrics.tags`), as the rest of the name and the value, in the order given.
    /// The rest keeps its case when it came from an argument or JSON, and is lower-cased (with
    /// `_` read as `.`) when it came from an environment variable, as Spring maps them.
    public func withPrefix(_ prefix: String) -> [(key: String, value: Value)] {
        let elements = prefix.split(separator: ".").count
        let canonicalPrefix = Self.canonical(prefix)
        return order.compactMap { key in
            guard key.hasPrefix(canonicalPrefix), key.count > canonicalPrefix.count, let value = values[key] else { return nil }
            let separator: Character = value.name.contains(".") ? "." : "_"
            let parts = value.name.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count > elements else { return nil }
            let rest = parts.dropFirst(elements).joined(separator: ".")
            return (separator == "_" ? rest.lowercased() : rest, value)
        }
    }

    /// Spring's relaxed binding reduced to one comparable form: lower case, without `.`, `-`
    /// and `_`, so every spelling of a name compares equal.
    public static func canonical(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "." && $0 != "-" && $0 != "_" })
    }

    /// Splits arguments into properties (name, value) and the program's own arguments.
    static func parse(_ arguments: [String]) -> (properties: [(String, String)], program: [String]) {
        var properties: [(String, String)] = []
        var program: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                program.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let name = String(body[..<(equals ?? body.endIndex)])
            guard name.contains("."), !name.hasPrefix("."), !name.hasSuffix(".") else {
                // `--format=yyyy` is a property to Spring too; the program still sees it as its option.
                if let equals, !name.isEmpty { properties.append((name, String(body[body.index(after: equals)...]))) }
                program.append(argument)
                continue
            }
            if let equals {
                properties.append((name, String(body[body.index(after: equals)...])))
            } else if index < arguments.count, takesValue(arguments[index]) {
                properties.append((name, arguments[index]))
                index += 1
            } else {
                properties.append((name, "true"))
            }
        }
        return (properties, program)
    }

    /// Whether `next` can be the value of a preceding `--name`: it is no option, and no job
    /// parameter (`key=value` with neither `:` nor `/` before the `=`).
    private static func takesValue(_ next: String) -> Bool {
        if next.hasPrefix("-") { return false }
        guard let equals = next.firstIndex(of: "=") else { return true }
        return next[..<equals].contains { $0 == ":" || $0 == "/" }
    }
}
