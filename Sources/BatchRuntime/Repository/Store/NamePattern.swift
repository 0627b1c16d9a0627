import Database

/// A name filter written as SQL `LIKE` patterns are (`%` any text, `_` any one character), matched
/// case-sensitively on both databases: `LIKE` on PostgreSQL, and on SQLite (whose `LIKE` ignores
/// case) the same pattern as a `GLOB`.
enum NamePattern {
    /// The condition `column` matches `pattern`, binding the pattern with `bind`.
    static func condition(_ column: String, _ pattern: String, _ dialect: SQLDialect, _ bind: (SQLValue) -> String) -> String {
        switch dialect {
        case .sqlite: "\(column) GLOB \(bind(.text(glob(pattern))))"
        case .postgresql: "\(column) LIKE \(bind(.text(pattern)))"
        }
    }

    /// `pattern` as a SQLite `GLOB`: `%` as `*`, `_` as `?`, and GLOB's own wildcards kept literal.
    static func glob(_ pattern: String) -> String {
        var text = ""
        for character in pattern {
            switch character {
            case "%": text += "*"
            case "_": text += "?"
            case "*": text += "[*]"
            case "?": text += "[?]"
            case "[": text += "[[]"
            default: text.append(character)
            }
        }
        return text
    }
}
