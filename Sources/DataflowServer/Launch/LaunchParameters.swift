/// The two strings a launch request carries, read as Data Flow reads them: `properties`, a
/// comma-separated list of `key=value` (a piece without `=` continues the previous value, so
/// `app.x.list=a,b` keeps its comma), and `arguments`, separated by spaces with single or double
/// quotes grouping (`--format='yyyy MM dd'` is one argument, `--format=yyyy MM dd` after quote removal).
enum LaunchParameters {
    /// The keys a launch property may start with.
    static let allowedPrefixes = ["app.", "deployer.", "version.", "spring.cloud.dataflow.task."]

    /// Parses `properties`.
    /// - Parameter alsoAllowed: More key prefixes to accept (a schedule's `scheduler.`).
    /// - Throws: ``ServerError`` `badRequest` for a key without an allowed prefix or unbalanced quotes.
    static func properties(_ text: String?, alsoAllowed: [String] = []) throws -> [(key: String, value: String)] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        var result: [(key: String, value: String)] = []
        for piece in try split(text, separator: ",", what: "properties") {
            if let equals = piece.firstIndex(of: "="), isKey(piece[..<equals]) {
                let key = piece[..<equals].trimmingCharacters(in: .whitespaces)
                result.append((key, unquoted(String(piece[piece.index(after: equals)...]))))
            } else if !result.isEmpty {
                result[result.count - 1].value += "," + piece
            } else {
                throw ServerError(.badRequest, "'\(piece)' in properties is not key=value; write app.<app>.<key>=<value>,deployer.<app>.<key>=<value>")
            }
        }
        for (key, _) in result where !(allowedPrefixes + alsoAllowed).contains(where: key.hasPrefix) {
            throw ServerError(
                .badRequest,
                "Only deployment property keys starting with 'app.', 'deployer.' or 'version.' are allowed, got '\(key)'; write app.<app>.\(key) for an application property")
        }
        return result
    }

    /// Parses `arguments`.
    /// - Throws: ``ServerError`` `badRequest` for unbalanced quotes, naming where the open quote is.
    static func arguments(_ text: String?) throws -> [String] {
        guard let text else { return [] }
        return try split(text, separator: " ", what: "arguments").filter { !$0.isEmpty }.map(unquoted)
    }

    /// Splits on `separator` outside quotes; pieces are trimmed.
    private static func split(_ text: String, separator: Character, what: String) throws -> [String] {
        var pieces: [String] = []
        var current = ""
        var quote: Character?
        var quoteOffset = 0
        for (offset, character) in text.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                quoteOffset = offset
                current.append(character)
            } else if character == separator || (separator == " " && character.isWhitespace) {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if let quote {
            throw ServerError(.badRequest, "unbalanced quotes in \(what): the \(quote) at position \(quoteOffset) of '\(text)' is never closed")
        }
        pieces.append(current)
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty || separator == "," }
    }

    /// A value without the quotes around it or around the part after `=` (`--a='b c'` → `--a=b c`).
    static func unquoted(_ text: String) -> String {
        func strip(_ part: Substring) -> Substring {
            if part.count >= 2, let first = part.first, first == "'" || first == "\"", part.last == first {
                return part.dropFirst().dropLast()
            }
            return part
        }
        if let equals = text.firstIndex(of: "="), text.hasPrefix("--") {
            return String(text[...equals]) + strip(text[text.index(after: equals)...])
        }
        return String(strip(Substring(text)))
    }

    private static func isKey(_ text: Substring) -> Bool {
        let key = text.trimmingCharacters(in: .whitespaces)
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "._-*[]".contains($0) }
    }
}
