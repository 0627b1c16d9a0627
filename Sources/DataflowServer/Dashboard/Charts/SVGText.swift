/// Text as it goes into an SVG document: escaped for XML and numbers written the same way
/// on every platform.
enum SVGText {
    /// `text` escaped for element content and for attribute values (either quote): `&`, `<`,
    /// `>`, `"` and `'` become entities. Control characters XML forbids (all below U+0020 but
    /// tab, line feed and carriage return) become spaces, so no input makes the document
    /// ill-formed.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped += " "
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `name="value"` with the value escaped, and a leading space.
    static func attribute(_ name: String, _ value: String) -> String {
        " \(name)=\"\(escape(value))\""
    }

    /// `value` rounded to one decimal, without a trailing `.0` or a negative zero: `12`,
    /// `3.5`, `-0.2`. Not a number is written as `0`; magnitudes are capped at 10^15.
    static func number(_ value: Double) -> String {
        guard !value.isNaN else { return "0" }
        let value = min(max(value, -1e15), 1e15)
        let tenths = Int64((value * 10).rounded())
        let magnitude = tenths.magnitude
        let sign = tenths < 0 ? "-" : ""
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
