extension TaskParser {
    /// The token `offset` places ahead, if there is one.
    func peek(_ offset: Int = 0) -> TaskToken? {
        let position = index + offset
        return position >= 0 && position < tokens.count ? tokens[position] : nil
    }

    func peek(is kind: TaskToken.Kind) -> Bool {
        peek()?.kind == kind
    }

    /// Takes the next token; fails with "ran out of input" at the end of the text.
    mutating func next() throws(TaskDSLError) -> TaskToken {
        guard let token = peek() else {
            throw TaskDSLError(.unexpectedEndOfInput, at: text.utf16.count, in: text)
        }
        index += 1
        return token
    }

    /// Takes the next token, which must be of `kind`.
    mutating func eat(_ kind: TaskToken.Kind) throws(TaskDSLError) -> TaskToken {
        let token = try next()
        guard token.kind == kind else {
            throw TaskDSLError(.unexpectedToken, at: token.start, in: text, kind.expectedName, token.text)
        }
        return token
    }

    /// Takes the next token if it is of `kind`.
    mutating func maybeEat(_ kind: TaskToken.Kind) -> Bool {
        guard peek(is: kind) else { return false }
        index += 1
        return true
    }

    /// Whether the next token starts right where the previous one ends.
    func isNextAdjacent() -> Bool {
        guard let next = peek(), let previous = peek(-1) else { return false }
        return next.start == previous.end
    }

    /// The text of a literal without its quotes, a doubled quote made single.
    func unquote(_ literal: TaskToken) -> String {
        let units = Array(literal.text.utf16)
        guard units.count >= 2 else { return literal.text }
        let quote = units[0]
        var result: [UInt16] = []
        var offset = 1
        while offset < units.count - 1 {
            result.append(units[offset])
            offset += units[offset] == quote && offset + 1 < units.count - 1 && units[offset + 1] == quote ? 2 : 1
        }
        return String(decoding: result, as: UTF16.self)
    }
}
