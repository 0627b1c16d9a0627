extension TaskTokenizer {
    /// Lexes an argument value right after `=`, as Data Flow's `lexArgValueIdentifier` does.
    ///
    /// The value runs to the next ``Unit/endsArgumentValue(_:quoteOpen:)`` character outside
    /// quotes. A value that is one quoted string (`'a b'`, `"a 'b'"`) becomes a literal whose
    /// quotes the parser removes; inside `'…'` a doubled `''` stands for `'`. Anything else,
    /// quotes included (`'hi'+payload`), is kept as it is written.
    mutating func lexArgumentValue() throws(TaskDSLError) {
        let start = position
        var quoteOpen = false
        var closedQuotes = 0
        var quoteInUse: UInt16?
        if Unit.isQuote(units[position]) {
            quoteOpen = true
            quoteInUse = units[position]
            position += 1
        }
        repeat {
            let current = unit(at: position)
            let togglesQuote = quoteInUse.map { current == $0 } ?? Unit.isQuote(current)
            if togglesQuote {
                if quoteInUse == Unit.apostrophe, unit(at: position + 1) == Unit.apostrophe {
                    position += 1
                } else {
                    quoteOpen.toggle()
                    if !quoteOpen { closedQuotes += 1 }
                }
            }
            position += 1
        } while !Unit.endsArgumentValue(unit(at: position), quoteOpen: quoteOpen)
        position = min(position, units.count - 1)
        try pushArgumentValue(from: start, quoteInUse: quoteInUse, closedQuotes: closedQuotes)
    }

    private mutating func pushArgumentValue(from start: Int, quoteInUse: UInt16?, closedQuotes: Int) throws(TaskDSLError) {
        if let quoteInUse, closedQuotes == 0 {
            let code: TaskDSLError.Code = quoteInUse == Unit.apostrophe ? .nonTerminatingQuotedString : .nonTerminatingDoubleQuotedString
            throw TaskDSLError(code, at: start, in: text)
        }
        let last = units[position - 1]
        let isOneQuotedString = closedQuotes == 1 && Unit.isQuote(units[start]) && last == units[start]
        push(isOneQuotedString ? .literalString : .identifier, from: start)
    }
}
