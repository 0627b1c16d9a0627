/// A small JSON writer and a parser for flat objects, enough for execution contexts.
///
/// Written by hand because Foundation's JSON decoding loses the difference between `5` and
/// `5.0`, which decides whether a context value is an integer or a double.
enum JSONText {
    static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    struct ParseError: Error {
        var message: String
    }

    struct Parser {
        private let bytes: [UInt8]
        private var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        mutating func parseObject() throws(ParseError) -> [String: ExecutionContext.Value] {
            skipSpace()
            try expect(UInt8(ascii: "{"))
            var result: [String: ExecutionContext.Value] = [:]
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return result
            }
            while true {
                skipSpace()
                let key = try parseString()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                let value = try parseValue()
                if key != "@class", let value { result[key] = value }
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return result
            }
        }

        private mutating func parseValue() throws(ParseError) -> ExecutionContext.Value? {
            switch peek() {
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return nil
            case UInt8(ascii: "["):
                // Jackson's typed form of a scalar, ["java.lang.Long", 5]; any other array as it is.
                let start = index
                if let typed = try typedScalar() { return typed }
                index = start
                return .json(try rawValue())
            case UInt8(ascii: "{"):
                return .json(try rawValue())
            default: return try parseNumber()
            }
        }

        /// `["<java scalar type>", <scalar>]` as its value, or nil (with the position undefined) for any other array.
        private mutating func typedScalar() throws(ParseError) -> ExecutionContext.Value? {
            index += 1
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { return nil }
            let type = try parseString()
            guard Self.scalarTypes.contains(type) else { return nil }
            skipSpace()
            guard peek() == UInt8(ascii: ",") else { return nil }
            index += 1
            skipSpace()
            guard let byte = peek(), byte != UInt8(ascii: "["), byte != UInt8(ascii: "{") else { return nil }
            let value = try parseValue()
            skipSpace()
            guard peek() == UInt8(ascii: "]") else { return nil }
            index += 1
            return value
        }

        /// The Java types whose Jackson typed form holds a plain scalar.
        static let scalarTypes: Set<String> = [
            "java.lang.Long", "java.lang.Integer", "java.lang.Short", "java.lang.Byte", "java.lang.Double", "java.lang.Float",
            "java.lang.Boolean", "java.lang.String", "java.math.BigDecimal", "java.math.BigInteger",
        ]

        /// The JSON text of the value at the current position (an array or object, nested as it
        /// may be), checked for balance and strings but not interpreted.
        private mutating func rawValue() throws(ParseError) -> String {
            let start = index
            var depth = 0
            repeat {
                guard let byte = peek() else { throw ParseError(message: "unterminated value at offset \(start)") }
                switch byte {
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; index += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1; index += 1
                case UInt8(ascii: "\""): _ = try parseString()
                default: index += 1
                }
            } while depth > 0
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private mutating func parseNumber() throws(ParseError) -> ExecutionContext.Value {
            let start = index
            var isDouble = false
            while let byte = peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { isDouble = true }
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isDouble, let value = Int64(text) { return .int(value) }
            if let value = Double(text) { return .double(value) }
            throw ParseError(message: "unexpected value at offset \(start)")
        }

        private mutating func parseString() throws(ParseError) -> String {
            try expect(UInt8(ascii: "\""))
            var scalars = String.UnicodeScalarView()
            var run = index
            func flush(_ end: Int) {
                scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flush(index)
                    index += 1
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\") {
                    flush(index)
                    index += 1
                    guard index < bytes.count else { break }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{c}")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\") {
                            index += 2
                            let low = try hex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else {
                            throw ParseError(message: "bad \\u escape at offset \(index)")
                        }
                        scalars.append(scalar)
                    default: scalars.append(Unicode.Scalar(escaped))
                    }
                    run = index
                    continue
                }
                index += 1
            }
            throw ParseError(message: "unterminated string")
        }

        private mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw ParseError(message: "bad \\u escape at offset \(index)") }
            index += 4
            return value
        }

        private mutating func literal(_ word: String) throws(ParseError) {
            for byte in word.utf8 { try expect(byte) }
        }

        private mutating func expect(_ byte: UInt8) throws(ParseError) {
            guard peek() == byte else {
                throw ParseError(message: "expected '\(Character(Unicode.Scalar(byte)))' at offset \(index)")
            }
            index += 1
        }

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }
    }
}
