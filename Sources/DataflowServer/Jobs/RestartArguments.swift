import BatchRuntime
import Properties
import TaskRuntime

/// The command line a restart relaunches a task with, so that the app finds the same job
/// instance and resumes it (Data Flow's `DefaultTaskJobService.restartExecutionArgs`, improved).
///
/// Built from the original launch's arguments, then:
/// - each `overrides` parameter (non-identifying only; an identifying change would name another
///   instance) replaces the argument that set it, or is added;
/// - every identifying job parameter whose name is no prefix of an argument is added, in Spring
///   Batch 5's notation `name=value,type,true` or its JSON notation
///   `name={"value":"...","type":"...","identifying":"true"}` (``Notation``), as the app's
///   incrementer may have added `run.id` that the original arguments lack;
/// - `--spring.batch.job.name=<job>` replaces any job name given, so a task that ran several
///   jobs reruns only the one restarted.
///
/// ```swift
/// let arguments = try RestartArguments.build(
///     original: ["input.file=a.csv"], jobName: "importTransactions", parameters: execution.parameters,
///     overrides: ["chunk.size=500"], notation: .spring)
/// // ["input.file=a.csv", "chunk.size=500,java.lang.Long,false", "run.id=1,java.lang.Long,true",
/// //  "--spring.batch.job.name=importTransactions"]
/// ```
enum RestartArguments {
    /// How job parameters are written on the command line.
    enum Notation: Sendable, Hashable {
        /// `name=value,type,identifying` (Spring Batch 5's `DefaultJobParametersConverter`).
        case spring
        /// `name={"value":...,"type":...,"identifying":...}` (its `JsonJobParametersConverter`).
        case json
    }

    /// The arguments of the launch that ran the execution: the manifest's when there is one
    /// (the user's and the definition's, without the launch contract), else the task
    /// execution's recorded arguments without the contract's own `--spring.cloud.task.*`.
    static func original(manifest: [String]?, recorded: [String]) -> [String] {
        if let manifest { return manifest }
        return recorded.filter { !isProperty($0, underCanonicalPrefix: "springcloudtask") }
    }

    /// The arguments to relaunch with.
    /// - Parameters:
    ///   - original: The original launch's arguments (``original(manifest:recorded:)``).
    ///   - jobName: The job to rerun.
    ///   - parameters: The parameters of the execution restarted.
    ///   - overrides: New values of non-identifying parameters, one `name=value[,type[,identifying]]`
    ///     (or JSON notation) each; a bare `name=value` keeps the parameter's type.
    ///   - notation: How added parameters are written.
    /// - Throws: ``ServerError`` `badRequest` for an override that does not parse or that would
    ///   change the job instance.
    static func build(
        original: [String], jobName: String, parameters: JobParameters, overrides: [String], notation: Notation
    ) throws -> [String] {
        var arguments = original.filter {
            !isProperty($0, underCanonicalPrefix: "springbatchjobname")
        }
        for (name, parameter) in try resolve(overrides, against: parameters) {
            arguments.removeAll { $0.hasPrefix(name + "=") }
            arguments.append("\(name)=\(encode(parameter, notation))")
        }
        for (name, parameter) in parameters.entries where parameter.identifying && !name.hasPrefix("-") {
            // Data Flow's rule: a parameter whose name starts an argument is given already.
            guard !arguments.contains(where: { $0.hasPrefix(name) }) else { continue }
            arguments.append("\(name)=\(encode(parameter, notation))")
        }
        arguments.append("--spring.batch.job.name=\(jobName)")
        return arguments
    }

    /// A parameter in `notation`, without its name.
    static func encode(_ parameter: JobParameter, _ notation: Notation) -> String {
        switch notation {
        case .spring: parameter.description
        case .json: parameter.jsonNotation
        }
    }

    /// Whether `argument` is `--name=value` with a name (in any relaxed spelling) under `prefix`.
    private static func isProperty(_ argument: String, underCanonicalPrefix prefix: String) -> Bool {
        guard argument.hasPrefix("--") else { return false }
        let name = argument.dropFirst(2).prefix { $0 != "=" }
        return LaunchProperties.canonical(String(name)).hasPrefix(prefix)
    }
}

extension RestartArguments {
    /// Splits Data Flow style lists of parameters (`a=1,b=2,java.lang.Long,false`) into one
    /// argument each: a comma starts a new parameter only where `name=` follows it, and commas
    /// inside a JSON notation value (`c={"value":"x,y"}`) never split.
    static func split(_ lists: [String]) -> [String] {
        var result: [String] = []
        for list in lists {
            for (index, piece) in commaSeparated(list).enumerated() {
                if index == 0 || startsParameter(piece) {
                    result.append(piece)
                } else {
                    result[result.count - 1] += "," + piece
                }
            }
        }
        return result.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `text` split at commas, except inside a JSON object that follows an `=`.
    private static func commaSeparated(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        var escaped = false
        for character in text {
            if depth > 0 {
                if escaped {
                    escaped = false
                } else if quoted {
                    if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
                } else if character == "\"" {
                    quoted = true
                } else if character == "{" || character == "}" {
                    depth += character == "{" ? 1 : -1
                }
            } else if character == "{" && current.hasSuffix("=") {
                depth = 1
            } else if character == "," {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    /// Whether `piece` begins with `name=` (a name without quotes, braces or spaces).
    private static func startsParameter(_ piece: String) -> Bool {
        let trimmed = piece.drop { $0 == " " }
        guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else { return false }
        return !trimmed[..<equals].contains { "{}\"' ".contains($0) }
    }

    /// The overrides as parameters, checked against the execution's: only non-identifying
    /// parameters may change. A bare `name=value` keeps the type and flag of the parameter it
    /// changes; a new parameter must say it is not identifying.
    /// - Throws: ``ServerError`` `badRequest`.
    static func resolve(_ overrides: [String], against parameters: JobParameters) throws -> [(String, JobParameter)] {
        var resolved: [(String, JobParameter)] = []
        for argument in overrides {
            let (name, given) = try parse(argument)
            let existing = parameters[name]
            let rawValue = String(argument[argument.index(after: argument.firstIndex(of: "=")!)...])
            let bare = !rawValue.hasPrefix("{") && given.javaType == "java.lang.String" && given.identifying
                && given.storedValue == rawValue
            var parameter = given
            if bare, let existing {
                parameter = try retyped(rawValue, like: existing, argument: argument)
            } else if bare {
                throw ServerError(
                    .badRequest,
                    "job parameter '\(argument)': \(name) is not a parameter of the execution, and a new parameter is identifying unless it says otherwise, which would make another job instance; write it \(name)=\(rawValue),java.lang.String,false")
            }
            if parameter.identifying || existing?.identifying == true {
                if parameter == existing { continue }
                throw ServerError(
                    .badRequest,
                    "job parameter '\(argument)' would change the identifying parameter \(name)\(existing.map { " (now \(SecretMasking.value($0.storedValue, key: name)))" } ?? ""), which makes another job instance, not a restart of this one; only non-identifying parameters can change on a restart (launch the task with the new parameters instead)")
            }
            resolved.append((name, parameter))
        }
        return resolved
    }

    /// `text` as a value of `existing`'s type, with its flag.
    private static func retyped(_ text: String, like existing: JobParameter, argument: String) throws -> JobParameter {
        if case .other(let type, _) = existing.value {
            return JobParameter(.other(javaType: type, text: text), identifying: existing.identifying)
        }
        do {
            return try JobParameter(javaType: existing.javaType, text: text, identifying: existing.identifying)
        } catch {
            throw ServerError(.badRequest, "job parameter '\(argument)': \(error.message), the type of the parameter it changes")
        }
    }

    private static func parse(_ argument: String) throws -> (String, JobParameter) {
        do {
            return try JobParameters.parse(argument)
        } catch {
            throw ServerError(.badRequest, error.message)
        }
    }
}
