import BatchRuntime
import Foundation
import TaskRuntime

/// A job execution's parameters in the three forms Data Flow 2.11's job resources carry them,
/// with the values of secret-looking names masked in all three (Data Flow masks only the string),
/// and then typed as strings, so a Java client still reads them:
/// - Spring Batch 4's `JobParameters` JSON: `{"parameters":{"run.id":{"identifying":true,"value":1,"type":"LONG"}},"empty":false}`;
/// - the `jobParameters` map of `DefaultJobParametersConverter`: `{"run.id(long)":"1","-note":"x"}`
///   (non-identifying names start with `-`; `(long)`, `(double)` and `(date)` name the type);
/// - `jobParametersString`: those entries as `key=value` lines, or comma separated when short.
///
/// Types Spring Batch 4 does not have (`LocalDate`, `LocalDateTime`, `LocalTime`, other classes a
/// Spring Batch 5 app stored) read as `STRING` with their stored text.
struct JobParametersJSON: Encodable, Sendable {
    let parameters: JobParameters

    init(_ parameters: JobParameters) {
        self.parameters = parameters
    }

    enum Keys: String, CodingKey { case parameters, empty }
    enum ParameterKeys: String, CodingKey { case identifying, value, type }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var map = container.nestedContainer(keyedBy: DynamicKey.self, forKey: .parameters)
        for (name, parameter) in parameters.entries {
            var entry = map.nestedContainer(keyedBy: ParameterKeys.self, forKey: DynamicKey(name))
            try entry.encode(parameter.identifying, forKey: .identifying)
            let secret = SecretMasking.isSecret(key: name)
            try entry.encode(secret ? "STRING" : Self.springType(parameter), forKey: .type)
            switch parameter.value {
            case _ where secret: try entry.encode(Self.shown(name, parameter), forKey: .value)
            case .long(let number): try entry.encode(number, forKey: .value)
            case .double(let number) where number.isFinite: try entry.encode(number, forKey: .value)
            case .date(let date): try entry.encode(WireTime.string(date), forKey: .value)
            default: try entry.encode(Self.shown(name, parameter), forKey: .value)
            }
        }
        try container.encode(parameters.isEmpty, forKey: .empty)
    }

    /// Spring Batch 4's `ParameterType`.
    static func springType(_ parameter: JobParameter) -> String {
        switch parameter.value {
        case .long: "LONG"
        case .double: "DOUBLE"
        case .date: "DATE"
        default: "STRING"
        }
    }

    /// The value's text as it may be shown: masked when the name is secret.
    static func shown(_ name: String, _ parameter: JobParameter) -> String {
        SecretMasking.value(parameter.storedValue, key: name)
    }

    /// `DefaultJobParametersConverter.getProperties`: `[-]name[(type)]` to the value's text, in the parameters' order.
    static func properties(_ parameters: JobParameters) -> [(key: String, value: String)] {
        parameters.entries.map { name, parameter in
            let key = (parameter.identifying ? "" : "-") + name
            switch parameter.value {
            case _ where SecretMasking.isSecret(key: name): return (key, shown(name, parameter))
            case .long(let number): return (key + "(long)", String(number))
            case .double(let number): return (key + "(double)", JavaDouble.text(number))
            case .date(let date): return (key + "(date)", JobTimes.parameterDate(date))
            default: return (key, shown(name, parameter))
            }
        }
    }

    /// `jobParametersString`: Java `Properties` text of ``properties(_:)``, one `key=value` a line,
    /// or comma separated when that is shorter than 160 characters and no value holds a comma
    /// (Spring Batch's `PropertiesConverter`).
    static func string(_ parameters: JobParameters) -> String {
        let lines = properties(parameters).map { escape($0.key, key: true) + "=" + escape($0.value, key: false) }
        guard !lines.isEmpty else { return "" }
        let multiline = lines.joined(separator: "\n") + "\n"
        if multiline.count < 160, !lines.contains(where: { $0.contains(",") }) { return lines.joined(separator: ",") }
        return multiline
    }

    /// Java `Properties.store` escaping (without the `:` that Data Flow unescapes again).
    private static func escape(_ text: String, key: Bool) -> String {
        var result = ""
        for (index, character) in text.enumerated() {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "=", "#", "!": result += "\\" + String(character)
            case " " where key || index == 0: result += "\\ "
            default: result.append(character)
            }
        }
        return result
    }
}

/// `Double.toString` as Java writes it: `1.0`, `0.25`, `1.0E10`.
enum JavaDouble {
    static func text(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity") }
        let magnitude = abs(number)
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7) {
            let text = "\(number)"  // Swift: 1e+10, 1.5e-05
            guard let e = text.firstIndex(of: "e") else { return text }
            var mantissa = String(text[..<e])
            if !mantissa.contains(".") { mantissa += ".0" }
            let exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
            return "\(mantissa)E\(exponent)"
        }
        let text = "\(number)"
        return text.contains(".") ? text : text + ".0"
    }
}
