/// Splits task DSL text into tokens, the way Data Flow's `TaskTokenizer` does: the whole text
/// is tokenized before parsing, so its errors come first.
///
/// Text is read as UTF-16 code units with a 0 sentinel at the end, so positions match Data
/// Flow's. Right after `=`, an argument value is read up to the next space, tab, newline, `|`,
/// `;` or `>` outside quotes (so `--expression=--payload` and `--x='a b'` are single values).
struct TaskTokenizer {
    /// The tokens and the offsets of the newlines between them.
    struct Output {
        var tokens: [TaskToken]
        var lineBreaks: [Int]
    }

    let text: String
    let units: [UInt16]
    var position = 0
    var output = Output(tokens: [], lineBreaks: [])

    init(_ text: String) {
        self.text = text
        self.units = Array(text.utf16) + [0]
    }

    /// Tokenizes `text`.
    static func tokenize(_ text: String) throws(TaskDSLError) -> Output {
        var tokenizer = TaskTokenizer(text)
        try tokenizer.run()
        return tokenizer.output
    }

    /// The code unit at `offset`, or the 0 sentinel past the end.
    func unit(at offset: Int) -> UInt16 {
        offset < units.count ? units[offset] : 0
    }

    mutating func run() throws(TaskDSLError) {
        var justProcessedEquals = false
        while position < units.count {
            let unit = units[position]
            if justProcessedEquals {
                justProcessedEquals = false
                if !Unit.isWhitespace(unit), unit != 0 {
                    if Unit.endsArgumentValue(unit, quoteOpen: false) {
                        throw error(.expectedArgumentValue, character(at: position))
                    }
                    try lexArgumentValue()
                }
                continue
            }
            if Unit.isIdentifierStart(unit) {
                lexIdentifier()
            } else {
                justProcessedEquals = try lexSymbol(unit)
            }
        }
    }

    /// Lexes the symbol or literal starting with `unit`; returns whether it was `=`.
    private mutating func lexSymbol(_ unit: UInt16) throws(TaskDSLError) -> Bool {
        switch unit {
        case Unit.minus:
            if units[position + 1] == Unit.minus {
                push(.doubleMinus, length: 2)
            } else if units[position + 1] == Unit.greater {
                push(.arrow, length: 2)
            } else {
                throw error(.missingCharacter, "-")
            }
        case Unit.ampersand:
            guard units[position + 1] == Unit.ampersand else { throw error(.doubleAndRequired) }
            push(.andAnd, length: 2)
        case Unit.pipe:
            guard units[position + 1] == Unit.pipe else { throw error(.doubleOrRequired) }
            push(.doublePipe, length: 2)
        case Unit.space, Unit.tab, Unit.carriageReturn, 0:
            position += 1
        case Unit.newline:
            output.lineBreaks.append(position)
            position += 1
        case Unit.apostrophe, Unit.quote:
            try lexStringLiteral(quote: unit)
        case Unit.backslash:
            throw error(.unexpectedEscapeCharacter)
        default:
            guard let kind = Self.singleCharacterKinds[unit] else {
                throw error(.unexpectedData, character(at: position))
            }
            push(kind, length: 1)
            return kind == .equals
        }
        return false
    }

    private static let singleCharacterKinds: [UInt16: TaskToken.Kind] = [
        Unit.dot: .dot, Unit.less: .lt, Unit.greater: .gt, Unit.openParen: .openParen,
        Unit.closeParen: .closeParen, Unit.colon: .colon, Unit.equals: .equals,
        Unit.star: .star, Unit.semicolon: .semicolon,
    ]

    /// An identifier: `[A-Za-z0-9_$][A-Za-z0-9_$-]*`, ending before `->` (so `0->b` is `0`, `->`, `b`).
    private mutating func lexIdentifier() {
        let start = position
        repeat {
            position += 1
            if units[position] == Unit.minus, units[position + 1] == Unit.greater { break }
        } while Unit.isIdentifierPart(units[position])
        push(.identifier, from: start)
    }

    /// A `'…'` or `"…"` literal outside an argument value; a doubled quote stands for one.
    private mutating func lexStringLiteral(quote: UInt16) throws(TaskDSLError) {
        let start = position
        while true {
            position += 1
            let unit = units[position]
            if unit == quote {
                guard units[position + 1] == quote else { break }
                position += 1
            }
            if unit == 0 {
                let code: TaskDSLError.Code = quote == Unit.apostrophe ? .nonTerminatingQuotedString : .nonTerminatingDoubleQuotedString
                throw TaskDSLError(code, at: start, in: text)
            }
        }
        position += 1
        push(.literalString, from: start)
    }

    mutating func push(_ kind: TaskToken.Kind, length: Int) {
        output.tokens.append(TaskToken(kind, start: position, end: position + length))
        position += length
    }

    /// Pushes a token from `start` to the current position, keeping its text.
    mutating func push(_ kind: TaskToken.Kind, from start: Int) {
        let text = String(decoding: units[start..<position], as: UTF16.self)
        output.tokens.append(TaskToken(kind, text: text, start: start, end: position))
    }

    /// The whole character (Unicode scalar) starting at `offset`, for messages.
    func character(at offset: Int) -> String {
        let end = UTF16.isLeadSurrogate(units[offset]) && UTF16.isTrailSurrogate(unit(at: offset + 1)) ? offset + 2 : offset + 1
        return String(decoding: units[offset..<end], as: UTF16.self)
    }

    /// An error at the current position.
    func error(_ code: TaskDSLError.Code, _ insert: String = "") -> TaskDSLError {
        TaskDSLError(code, at: position, in: text, insert)
    }
}
