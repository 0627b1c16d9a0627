import Foundation

/// Formats a `Date` with a Java `DateTimeFormatter.ofPattern(pattern, Locale.US)` pattern,
/// printing what Java 17 prints for a `ZonedDateTime` of the same instant and zone.
///
/// The pattern is parsed once by ``init(pattern:)``, with Java's rules: every ASCII letter is
/// reserved, each letter accepts only the counts Java accepts, text in single quotes is literal
/// (`''` is a quote, also inside quotes: `'o''clock'`), `[` and `]` mark optional sections
/// (everything inside is printed, as every field is available; a `[` left open is closed at
/// the end, as in Java), `#`, `{` and `}` are reserved, and any other character is literal.
///
/// Letters: `G` era, `u` year, `y` year of era, `Y` week-based year, `D` day of year,
/// `M`/`L` month, `d` day, `Q`/`q` quarter, `E` day of week, `e`/`c` localized day of week,
/// `w` week of week-based year, `W` week of month, `F` aligned day of week in month,
/// `g` modified Julian day, `a` AM/PM, `B` day period, `h` `K` `k` `H` hours, `m` minute,
/// `s` second, `S` fraction, `n` nano of second, `N` nano of day, `A` milli of day, `VV` zone
/// ID, `z` zone name, `O` localized offset, and `X`/`x`/`Z` offsets. Week fields use the US
/// week (starts on Sunday, a week in the new year needs one day). Dates use the proleptic
/// Gregorian calendar for every year, like java.time's ISO chronology.
///
/// Not supported, rejected by ``init(pattern:)`` although Java accepts them: `v` (generic zone
/// name) and the pad modifier `p`.
///
/// Differences from Java: `z`/`zzzz` and `VV` come from Foundation (`TimeZone.localizedName`
/// for `en_US`, `TimeZone.identifier`). They match Java for names CLDR knows (`PST`, `PDT`,
/// `EST`, `GMT`, `UTC` for `Etc/UTC`, `Central European Standard Time`, `India Standard Time`)
/// but not for Java's legacy abbreviations: Java prints `CET`, `CEST`, `IST`, `JST`, `BST`,
/// `CHAST` where Foundation gives `GMT+1`, `GMT+2`, `GMT+5:30`, `GMT+9`, `GMT+1`, `GMT+12:45`.
/// Foundation (on Linux) turns the identifier `UTC` into `GMT`: `VV` and `z` print `GMT` for it
/// (Java: `UTC`); `TimeZone(secondsFromGMT:)` zones are named like `GMT+0100` (Java: `+01:00`).
/// A `Date` carries about a microsecond of precision: the time is truncated to the microsecond
/// (never rounded up into the next second) and digits 7 to 9 of `S`, `n` and `N` are zero.
struct JavaDateFormat: Sendable, Hashable {
    /// A pattern ``JavaDateFormat/init(pattern:)`` rejected.
    struct PatternError: Error, CustomStringConvertible, Sendable, Hashable {
        /// The pattern as given.
        let pattern: String
        /// The 0-based character offset of the letter run, quote, bracket or character at fault.
        let offset: Int
        /// What is wrong, such as `unknown pattern letter 'b'`.
        let reason: String

        /// Reads like `invalid --format 'yyyy-bb': unknown pattern letter 'b' at position 5; ...`.
        var description: String {
            "invalid --format '\(pattern)': \(reason) at position \(offset); "
                + "use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS"
        }
    }

    /// One piece of a parsed pattern.
    enum Token: Sendable, Hashable {
        /// Text printed as is.
        case literal(String)
        /// A pattern letter and how many times it is repeated, such as `("M", 3)` for `MMM`.
        case field(Character, Int)
    }

    /// The pattern this formatter was made from.
    let pattern: String
    /// The parsed pattern, with adjacent literal text merged.
    let tokens: [Token]

    /// The letter counts Java accepts, for every letter supported here.
    private static let counts: [Character: ClosedRange<Int>] = [
        "G": 1...5, "u": 1...19, "y": 1...19, "Y": 1...Int.max, "D": 1...3, "M": 1...5, "L": 1...5,
        "d": 1...2, "Q": 1...5, "q": 1...5, "E": 1...5, "e": 1...5, "c": 1...5, "w": 1...2, "W": 1...1,
        "F": 1...1, "g": 1...19, "a": 1...1, "B": 1...5, "h": 1...2, "K": 1...2, "k": 1...2, "H": 1...2,
        "m": 1...2, "s": 1...2, "S": 1...9, "n": 1...19, "N": 1...19, "A": 1...19, "V": 2...2,
        "z": 1...4, "O": 1...4, "X": 1...5, "x": 1...5, "Z": 1...5,
    ]
    /// Counts inside a letter's range that Java still rejects.
    private static let gaps: [Character: Set<Int>] = ["c": [2], "B": [2, 3], "O": [2, 3]]

    /// Parses `pattern` with Java's `DateTimeFormatter.ofPattern` rules.
    ///
    /// - Throws: ``PatternError`` for an unknown or unsupported letter, a letter repeated a
    ///   number of times Java does not accept (`dddd`, `aa`, `SSSSSSSSSS`), an unterminated
    ///   quote, a `]` without its `[`, or a reserved `#`, `{` or `}`.
    init(pattern: String) throws(PatternError) {
        let chars = Array(pattern)
        var tokens: [Token] = []
        var open = 0
        var pos = 0
        func failure(_ reason: String, _ offset: Int) -> PatternError {
            PatternError(pattern: pattern, offset: offset, reason: reason)
        }
        func append(literal text: String) {
            if case .literal(let previous)? = tokens.last {
                tokens[tokens.count - 1] = .literal(previous + text)
            } else {
                tokens.append(.literal(text))
            }
        }
        while pos < chars.count {
            let char = chars[pos]
            let start = pos
            pos += 1
            if char.isASCII && char.isLetter {
                while pos < chars.count && chars[pos] == char { pos += 1 }
                if let reason = Self.problem(letter: char, count: pos - start) { throw failure(reason, start) }
                tokens.append(.field(char, pos - start))
            } else if char == "'" {
                var text = ""
                while true {
                    guard pos < chars.count else { throw failure("unterminated quote", start) }
                    if chars[pos] == "'" {
                        guard pos + 1 < chars.count && chars[pos + 1] == "'" else { break }
                        pos += 1
                    }
                    text.append(chars[pos])
                    pos += 1
                }
                pos += 1
                append(literal: text.isEmpty ? "'" : text)
            } else if char == "[" {
                open += 1
            } else if char == "]" {
                guard open > 0 else { throw failure("']' without a matching '['", start) }
                open -= 1
            } else if char == "#" || char == "{" || char == "}" {
                throw failure("reserved character '\(char)'", start)
            } else {
                append(literal: String(char))
            }
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    /// Why Java (or this formatter) rejects `count` repetitions of `letter`, or nil if it is fine.
    private static func problem(letter: Character, count: Int) -> String? {
        switch letter {
        case "p": return "unsupported pad modifier 'p'"
        case "v": return "unsupported pattern letter 'v' (generic zone name; use z, zzzz or VV)"
        default: break
        }
        guard let range = counts[letter] else { return "unknown pattern letter '\(letter)'" }
        let run = String(repeating: letter, count: min(count, 30))
        if count > range.upperBound { return "too many pattern letters '\(run)' (at most \(range.upperBound))" }
        guard count < range.lowerBound || gaps[letter]?.contains(count) == true else { return nil }
        let allowed = range.filter { !(gaps[letter]?.contains($0) ?? false) }
            .map { String(repeating: letter, count: $0) }
        let choices = allowed.count > 1
            ? allowed.dropLast().joined(separator: ", ") + " or " + (allowed.last ?? "") : allowed.joined()
        return "wrong number of pattern letters '\(run)' (use \(choices))"
    }

    /// Formats `date` as seen in `timeZone`, the way Java formats the `ZonedDateTime` of that
    /// instant in that zone.
    func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        let fields = Fields(date: date, timeZone: timeZone)
        var out = ""
        for token in tokens {
            switch token {
            case .literal(let text): out += text
            case .field(let letter, let count): out += fields.text(letter, count, timeZone: timeZone)
            }
        }
        return out
    }
}
