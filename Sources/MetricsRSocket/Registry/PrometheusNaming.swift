/// Micrometer's Prometheus naming convention, so series carry the names Spring apps give them
/// and existing dashboards keep working: `spring.batch.job` (a timer) becomes
/// `spring_batch_job_seconds_count`, `_sum` and `_max`; a counter gets `_total`; tag keys turn
/// dots into underscores.
enum PrometheusNaming {
    /// The base name of a metric: dots and other characters Prometheus forbids become `_`,
    /// and a leading digit gets an `m_` prefix, as Micrometer does.
    static func name(_ label: String) -> String {
        sanitize(label, allowColon: true)
    }

    /// A label name from a tag key.
    static func labelName(_ key: String) -> String {
        sanitize(key, allowColon: false)
    }

    /// Appends `value` to `output` escaped for a label value (backslash, quote, newline).
    static func appendEscaped(_ value: String, to output: inout String) {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") })
        else {
            output += value
            return
        }
        for character in value.unicodeScalars {
            switch character {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(character)
            }
        }
    }

    /// Appends `text` to `output` escaped for a `# HELP` line (backslash and newline), as the
    /// Prometheus Java client Micrometer writes through does.
    static func appendEscapedHelp(_ text: String, to output: inout String) {
        for character in text.unicodeScalars {
            switch character {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(character)
            }
        }
    }

    /// A sample value as Prometheus parses it: `1.0`, `0.25`, `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    private static func sanitize(_ text: String, allowColon: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ":") where allowColon:
                result.append(":")
            default:
                result.append("_")
            }
        }
        if result.isEmpty { return "m_" }
        if let first = result.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") { return "m_" + result }
        return result
    }
}
