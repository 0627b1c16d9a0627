import TaskRuntime
import Crypto
import Foundation

/// The parameters of a job execution, in the order they were given.
///
/// The identifying ones determine the job instance through ``jobKey``, exactly as Spring Batch
/// computes `JOB_KEY`, so a Spring tool and swift-batch agree on which runs belong together.
///
/// ```swift
/// var parameters = try JobParameters(parsing: ["input.file=data.csv", "chunk.size=500,java.lang.Long,false"])
/// parameters["run.id"] = JobParameter(.long(1))
/// let file = try parameters.string("input.file")
/// ```
public struct JobParameters: Sendable, Hashable, CustomStringConvertible {
    /// Names and parameters in insertion order; names are unique.
    public private(set) var entries: [(name: String, parameter: JobParameter)] = []

    /// No parameters.
    public init() {}

    /// Parameters from a list of names and values, in order; a later duplicate replaces an earlier one.
    public init(_ entries: [(String, JobParameter)]) {
        for (name, parameter) in entries { self[name] = parameter }
    }

    /// The parameter called `name`; setting nil removes it.
    public subscript(name: String) -> JobParameter? {
        get { entries.first { $0.name == name }?.parameter }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].parameter = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    /// Whether there are no parameters.
    public var isEmpty: Bool { entries.isEmpty }

    /// The parameter names in order.
    public var names: [String] { entries.map(\.name) }

    /// Only the identifying parameters.
    public var identifying: JobParameters {
        JobParameters(entries.filter { $0.parameter.identifying }.map { ($0.name, $0.parameter) })
    }

    /// Spring Batch's `JOB_KEY`: the MD5 (32 lower-case hex digits) of the identifying parameters
    /// sorted by name, each written `name={value=V, type=class T, identifying=true};`.
    public var jobKey: String {
        let sorted = entries.filter { $0.parameter.identifying }.sorted {
            $0.name.utf16.lexicographicallyPrecedes($1.name.utf16)
        }
        var text = ""
        for (name, parameter) in sorted {
            text += "\(name)={value=\(parameter.javaToString), type=class \(parameter.javaType), identifying=true};"
        }
        return Insecure.MD5.hash(data: Data(text.utf8)).map { byte in
            String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// Compares names, values and flags; order does not matter.
    public static func == (lhs: JobParameters, rhs: JobParameters) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.name] == $0.parameter }
    }

    /// Hashes names, values and flags, independent of order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(Set(entries.map { "\($0.name)=\($0.parameter)" }))
    }

    /// `{name=value,type,identifying, ...}`, with the values of secret-looking names masked
    /// (``SecretMasking``): this is what logs and messages show.
    public var description: String {
        "{" + entries.map { name, parameter in
            let value = SecretMasking.value(parameter.storedValue, key: name)
            return "\(name)=\(value),\(parameter.javaType),\(parameter.identifying)"
        }.joined(separator: ", ") + "}"
    }
}

extension JobParameters {
    /// The string value of `name`.
    /// - Throws: ``BatchError/Code/invalidParameters`` when it is missing.
    public func string(_ name: String) throws(BatchError) -> String {
        guard let parameter = self[name] else {
            throw BatchError(.invalidParameters, "missing job parameter '\(name)'; pass it as \(name)=VALUE")
        }
        return parameter.storedValue
    }

    /// The integer value of `name` (a `java.lang.Long`, or text that parses as one).
    /// - Throws: ``BatchError/Code/invalidParameters`` when it is missing or not an integer.
    public func long(_ name: String) throws(BatchError) -> Int64 {
        guard let parameter = self[name] else {
            throw BatchError(.invalidParameters, "missing job parameter '\(name)'; pass it as \(name)=N,java.lang.Long")
        }
        switch parameter.value {
        case .long(let value): return value
        case .string(let text):
            if let value = Int64(text) { return value }
        default: break
        }
        throw BatchError(.invalidParameters, "job parameter '\(name)' must be an integer, not '\(parameter.storedValue)'")
    }

    /// The integer value of `name`, or `defaultValue` when it is absent.
    /// - Throws: ``BatchError/Code/invalidParameters`` when it is present but not an integer.
    public func long(_ name: String, default defaultValue: Int64) throws(BatchError) -> Int64 {
        self[name] == nil ? defaultValue : try long(name)
    }

    /// The floating-point value of `name`.
    /// - Throws: ``BatchError/Code/invalidParameters`` when it is missing or not a number.
    public func double(_ name: String) throws(BatchError) -> Double {
        guard let parameter = self[name] else {
            throw BatchError(.invalidParameters, "missing job parameter '\(name)'")
        }
        switch parameter.value {
        case .double(let value): return value
        case .long(let value): return Double(value)
        case .string(let text):
            if let value = Double(text) { return value }
        default: break
        }
        throw BatchError(.invalidParameters, "job parameter '\(name)' must be a number, not '\(parameter.storedValue)'")
    }
}

extension JobParameters {
    /// These parameters with `other`'s added, replacing any of the same name (Spring's merge:
    /// the given parameters win over derived ones).
    func overridden(by other: JobParameters) -> JobParameters {
        var merged = self
        for (name, parameter) in other.entries { merged[name] = parameter }
        return merged
    }
}
