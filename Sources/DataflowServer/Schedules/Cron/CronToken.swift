/// A piece of a cron expression's text and where it starts, so errors can point at it.
struct CronToken: Sendable {
    /// The text of the piece.
    let text: String
    /// Where the piece starts in the expression: 1 for the first character.
    let position: Int

    /// The whitespace-separated words of `expression`.
    static func words(of expression: String) -> [CronToken] {
        var words: [CronToken] = []
        var current = ""
        var start = 1
        for (offset, character) in expression.enumerated() {
            if character.isWhitespace {
                if !current.isEmpty { words.append(CronToken(text: current, position: start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset + 1 }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(CronToken(text: current, position: start)) }
        return words
    }

    /// The pieces between the `separator`s, empty pieces included.
    func split(_ separator: Character) -> [CronToken] {
        var pieces: [CronToken] = []
        var current = ""
        var start = position
        for (offset, character) in text.enumerated() {
            if character == separator {
                pieces.append(CronToken(text: current, position: start))
                current = ""
                start = position + offset + 1
            } else {
                current.append(character)
            }
        }
        pieces.append(CronToken(text: current, position: start))
        return pieces
    }

    /// The pieces before and after the first `separator`, if there is one.
    func cut(_ separator: Character) -> (before: CronToken, after: CronToken)? {
        guard let index = text.firstIndex(of: separator) else { return nil }
        let offset = text.distance(from: text.startIndex, to: index)
        return (
            CronToken(text: String(text[..<index]), position: position),
            CronToken(text: String(text[text.index(after: index)...]), position: position + offset + 1)
        )
    }

    /// The piece without its first `count` characters.
    func dropFirst(_ count: Int) -> CronToken {
        CronToken(text: String(text.dropFirst(count)), position: position + count)
    }

    /// The piece without its last `count` characters.
    func dropLast(_ count: Int) -> CronToken {
        CronToken(text: String(text.dropLast(count)), position: position)
    }

    /// The value of the text when it is a plain decimal number (digits only): nil otherwise;
    /// `Int.max` for numbers too long to matter.
    var number: Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return text.count > 9 ? Int.max : Int(text)
    }
}
