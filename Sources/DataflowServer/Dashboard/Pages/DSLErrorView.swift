/// A task definition's DSL error as the create form shows it: the message beside the field and
/// the text with the character at the error's position marked (`<mark>`), with its line and
/// column, so the user sees where the parser stopped without counting characters.
struct DSLErrorView: Sendable {
    /// The message (Data Flow's, with its code and position: `163E:(pos 9): ...`).
    var message: String
    /// Whether the text is shown with a position marked.
    var hasPosition: Bool
    /// The position as the error gives it: an offset in UTF-16 code units, from 0.
    var position: Int
    /// The line of the position, from 1.
    var line: Int
    /// The column of the position in its line, in characters, from 1.
    var column: Int
    /// The text before the position.
    var before: String
    /// The character at the position (a space when the position is the end of the text).
    var marked: String
    /// The text after it.
    var after: String
    /// Whether the position is the end of the text (the parser wanted more).
    var atEnd: Bool

    /// An error without a position (a definition that parses but is refused).
    init(message: String) {
        self.message = message
        hasPosition = false
        position = 0
        line = 1
        column = 1
        before = ""
        marked = ""
        after = ""
        atEnd = false
    }

    /// The error `error` raised on its text.
    init(_ error: TaskDSLError) {
        self.init(message: error.formattedMessage)
        let text = error.text
        let offset = min(max(error.position, 0), text.utf16.count)
        var seen = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            let width = text[index..<next].utf16.count
            if seen + width > offset { break }
            seen += width
            index = next
        }
        hasPosition = true
        position = error.position
        before = String(text[..<index])
        atEnd = index == text.endIndex
        marked = atEnd ? " " : String(text[index])
        after = atEnd ? "" : String(text[text.index(after: index)...])
        let lines = before.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        line = lines.count
        column = (lines.last?.count ?? 0) + 1
    }
}
