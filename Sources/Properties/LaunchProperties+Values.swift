import Foundation

/// Typed reads. Each returns nil when the property is not set, and throws a ``PropertyError``
/// naming the argument or variable when it is set to something unusable.
extension LaunchProperties {
    /// The text of a property, or nil.
    public func text(_ name: String) -> String? {
        self[name]?.text
    }

    /// `true` or `false` (any case).
    public func bool(_ name: String) throws(PropertyError) -> Bool? {
        guard let value = self[name] else { return nil }
        switch value.text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default: throw PropertyError(value, expected: "true or false")
        }
    }

    /// A whole number within `range`.
    public func integer(_ name: String, in range: ClosedRange<Int64>, expected: String? = nil) throws(PropertyError) -> Int64? {
        guard let value = self[name] else { return nil }
        guard let number = Int64(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw PropertyError(value, expected: expected ?? "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A duration in Spring's forms (``SpringDuration``); a bare number is in `defaultUnit`.
    public func duration(_ name: String, defaultUnit: SpringDuration.Unit = .milliseconds) throws(PropertyError) -> Duration? {
        guard let value = self[name] else { return nil }
        guard let duration = SpringDuration.parse(value.text, defaultUnit: defaultUnit) else {
            throw PropertyError(value, expected: "a duration such as 10s, 500ms or PT10S")
        }
        return duration
    }

    /// The value of a plain option of the program (not a property), `--name value` or
    /// `--name=value`, such as `--db`; the last one wins.
    public func option(_ name: String) -> String? {
        var found: String?
        var index = programArguments.startIndex
        while index < programArguments.endIndex {
            let argument = programArguments[index]
            if argument == "--\(name)", index + 1 < programArguments.endIndex {
                found = programArguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--\(name)=") {
                found = String(argument.dropFirst(name.count + 3))
            }
            index += 1
        }
        return found
    }
}

/// The launcher's side: how a property is written so that ``LaunchProperties`` reads it back.
extension LaunchProperties {
    /// `--name=value`, the form Data Flow servers launch apps with.
    public static func argument(_ name: String, _ value: String) -> String {
        "--\(name)=\(value)"
    }

    /// The environment variable Spring's relaxed binding maps `name` to:
    /// `spring.cloud.task.parent-execution-id` → `SPRING_CLOUD_TASK_PARENTEXECUTIONID`.
    public static func environmentVariable(for name: String) -> String {
        name.split(separator: ".").map { $0.filter { $0 != "-" }.uppercased() }.joined(separator: "_")
    }
}
