import Foundation

/// Asks a yes-or-no question on standard error and reads the answer from standard input, as
/// Data Flow's shell asks before it deletes many things. Only `y` or `yes` (any case) is yes; no
/// answer at all (the end of the input) is no.
enum Confirmation {
    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) ".utf8))
        guard let answer = readLine(strippingNewline: true) else {
            FileHandle.standardError.write(Data("\n".utf8))
            return false
        }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
