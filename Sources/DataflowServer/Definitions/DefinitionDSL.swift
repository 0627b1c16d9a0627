/// What the task definitions service needs from the DSL: the apps a definition uses, whether
/// it is composed, and its errors with their positions.
enum DefinitionDSL {
    struct Parsed {
        var apps: [String]
        var composed: Bool
        var canonicalText: String
    }

    static func checkName(_ name: String) throws {
        guard let first = name.unicodeScalars.first, isNameStart(first), name.unicodeScalars.allSatisfy(isNamePart) else {
            throw ServerError(.badRequest, "'\(name)' is not a valid task definition name: start with a letter, digit, '_' or '$', then letters, digits, '_', '$' or '-'")
        }
    }

    static func parse(_ dsl: String, definitionName: String) throws -> Parsed {
        let text = dsl.trimmingCharacters(in: .whitespacesAndNewlines)
        if isComposed(text) {
            throw ServerError(.invalidDefinition, "composed task definitions ('\(text)') are not supported yet: define one app with its arguments, such as timestamp --format=yyyy")
        }
        let name = String(text.prefix { !$0.isWhitespace })
        guard !name.isEmpty, let first = name.unicodeScalars.first, isNameStart(first), name.unicodeScalars.allSatisfy(isNamePart) else {
            throw ServerError(.invalidDefinition, "\(text)\n^\nexpected an app name at position 0")
        }
        return Parsed(apps: [name], composed: false, canonicalText: text)
    }

    static func isComposed(_ dsl: String) -> Bool {
        dsl.contains("&&") || dsl.contains("||") || dsl.contains("->") || dsl.hasPrefix("<")
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || scalar == "_" || scalar == "$"
    }

    private static func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || scalar == "-"
    }
}
