extension ExecutionContext {
    /// The stored form: one JSON object, keys sorted, with Jackson's type property first.
    ///
    /// ```json
    /// {"@class":"java.util.HashMap","batch.stepType":"chunk","transactions.offset":1048576}
    /// ```
    ///
    /// Strings, integers, doubles (always written with a `.` or an exponent) and booleans are
    /// plain JSON values. The `"@class":"java.util.HashMap"` entry is the type property Spring
    /// Batch's `Jackson2ExecutionContextStringSerializer` expects on the map, so that serializer
    /// can read these contexts (integers come back as `Integer` or `Long` by size, as with
    /// contexts it writes itself). Spring's default serializer (Java serialization in Base64)
    /// cannot. Reading, this decoder accepts Jackson's typed form `["java.lang.Long", 5]` too.
    public var json: String {
        var text = "{\"@class\":\"java.util.HashMap\""
        for key in values.keys.sorted() {
            text += ","
            JSONText.appendString(key, to: &text)
            text += ":"
            switch values[key]! {
            case .string(let value): JSONText.appendString(value, to: &text)
            case .int(let value): text += String(value)
            case .double(let value):
                if value.isFinite {
                    let number = "\(value)"
                    text += number.contains(".") || number.contains("e") ? number : number + ".0"
                } else {
                    JSONText.appendString("\(value)", to: &text)
                }
            case .bool(let value): text += value ? "true" : "false"
            case .json(let raw): text += raw
            }
        }
        return text + "}"
    }

    /// Reads the stored form written by ``json``, or by Spring's Jackson serializer: its typed
    /// scalars (`["java.lang.Long", 5]`) become plain values; lists, maps and typed objects are
    /// kept as their JSON text (``Value/json(_:)``), so a context a Spring app wrote reads, and
    /// writes back, whole.
    /// - Throws: ``BatchError/Code/repositoryFailed`` naming the offset of malformed JSON.
    public init(json: String) throws(BatchError) {
        var parser = JSONText.Parser(json)
        do {
            self.init(try parser.parseObject())
        } catch {
            throw BatchError(.repositoryFailed, "a stored execution context is not valid JSON: \(error.message)")
        }
    }
}
