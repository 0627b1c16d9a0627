/// A pattern over exit codes, as Spring Batch's flows match them: `*` stands for any run of
/// characters (none included), `?` for exactly one, anything else for itself.
///
/// When several transitions of a state match, the most specific wins, as in Spring
/// (`StateTransition` ordering): a pattern without wildcards before one with them, then the one
/// with more literal characters, then the one with fewer `*`; declaration order breaks ties.
public struct ExitCodePattern: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The pattern's text.
    public let text: String
    private let characters: [Character]

    /// A pattern.
    public init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    /// A pattern from a literal: `"COMPLETED*"`.
    public init(stringLiteral value: String) { self.init(value) }

    /// The pattern's text.
    public var description: String { text }

    /// Whether `exitCode` matches.
    public func matches(_ exitCode: String) -> Bool {
        let code = Array(exitCode)
        // Iterative wildcard matching with backtracking to the last `*`: linear for the
        // patterns flows use, never exponential.
        var p = 0
        var c = 0
        var star: Int?
        var resume = 0
        while c < code.count {
            if p < characters.count, characters[p] == "?" || characters[p] == code[c] {
                p += 1
                c += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                resume = c
                p += 1
            } else if let starAt = star {
                p = starAt + 1
                resume += 1
                c = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }

    /// Whether the pattern has a wildcard.
    var hasWildcard: Bool { characters.contains { $0 == "*" || $0 == "?" } }

    /// Whether this pattern is tried before `other`: more specific first.
    func isMoreSpecific(than other: ExitCodePattern) -> Bool {
        if hasWildcard != other.hasWildcard { return !hasWildcard }
        let literals = characters.filter { $0 != "*" && $0 != "?" }.count
        let otherLiterals = other.characters.filter { $0 != "*" && $0 != "?" }.count
        if literals != otherLiterals { return literals > otherLiterals }
        let stars = characters.filter { $0 == "*" }.count
        let otherStars = other.characters.filter { $0 == "*" }.count
        return stars < otherStars
    }
}
