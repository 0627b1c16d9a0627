/// A task definition that does not parse or does not validate, as Spring Cloud Data Flow's
/// `ParseException` reports it: a code, a message and the position of the problem.
///
/// ```swift
/// do {
///     _ = try TaskDSL.parse("<a || b> rubbish")
/// } catch {
///     print(error.position)          // 9
///     print(error.formattedMessage)  // 163E:(pos 9): after parsing a valid task, there is still more data: 'rubbish'
///     print(error)                   // the message, the text and a caret under position 9
/// }
/// ```
public struct TaskDSLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which problem this is (Data Flow's `DSLMessage` number and name).
    public let code: Code
    /// Where the problem is: an offset into ``text`` in UTF-16 code units, as Data Flow (a Java
    /// program) counts; for ASCII text this is the character offset. 0-based.
    public let position: Int
    /// The message without code or position, for example `expected app name but found '&&'`.
    public let message: String
    /// The text ``position`` points into: the DSL text as given (not trimmed), or the definition
    /// name for ``Code/illegalTaskName``.
    public let text: String

    /// Creates an error, filling the code's message with `inserts`.
    init(_ code: Code, at position: Int, in text: String, _ inserts: String...) {
        self.code = code
        self.position = position
        self.message = code.message(inserts)
        self.text = text
    }

    /// The message as Data Flow formats it: code, position and message, for example
    /// `118E:(pos 5): expected app name but found '&&'`. REST error bodies carry this text.
    public var formattedMessage: String {
        "\(code):(pos \(position)): \(message)"
    }

    /// ``formattedMessage``, then the line of ``text`` holding the problem, then a caret under
    /// the problem, as Data Flow's `ParseException.getMessage()` prints it (without its trailing
    /// newline). For single-line text this is Data Flow's output exactly; for text of several
    /// lines only the line of the problem is shown, with the caret in its column.
    public var description: String {
        guard !text.isEmpty else { return formattedMessage }
        let units = Array(text.utf16)
        let offset = min(max(position, 0), units.count)
        let newline = UInt16(UInt8(ascii: "\n"))
        var lineStart = offset
        while lineStart > 0, units[lineStart - 1] != newline { lineStart -= 1 }
        var lineEnd = offset
        while lineEnd < units.count, units[lineEnd] != newline { lineEnd += 1 }
        let line = String(decoding: units[lineStart..<lineEnd], as: UTF16.self)
        let column = String(decoding: units[lineStart..<offset], as: UTF16.self).count
        return formattedMessage + "\n" + line + "\n" + String(repeating: " ", count: column) + "^"
    }
}
