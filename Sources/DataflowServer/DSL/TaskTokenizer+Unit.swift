extension TaskTokenizer {
    /// The UTF-16 code units the tokenizer looks at, and its character classes.
    enum Unit {
        static let tab = ascii("\t")
        static let newline = ascii("\n")
        static let carriageReturn = ascii("\r")
        static let space = ascii(" ")
        static let quote = ascii("\"")
        static let dollar = ascii("$")
        static let ampersand = ascii("&")
        static let apostrophe = ascii("'")
        static let openParen = ascii("(")
        static let closeParen = ascii(")")
        static let star = ascii("*")
        static let minus = ascii("-")
        static let dot = ascii(".")
        static let colon = ascii(":")
        static let semicolon = ascii(";")
        static let less = ascii("<")
        static let equals = ascii("=")
        static let greater = ascii(">")
        static let backslash = ascii("\\")
        static let underscore = ascii("_")
        static let pipe = ascii("|")

        private static func ascii(_ character: Unicode.Scalar) -> UInt16 {
            UInt16(character.value)
        }

        static func isLetterOrDigit(_ unit: UInt16) -> Bool {
            (ascii("a")...ascii("z")).contains(unit) || (ascii("A")...ascii("Z")).contains(unit)
                || (ascii("0")...ascii("9")).contains(unit)
        }

        /// Starts an identifier: an ASCII letter or digit, `_` or `$` (for `$END`, `$FAIL`).
        static func isIdentifierStart(_ unit: UInt16) -> Bool {
            isLetterOrDigit(unit) || unit == underscore || unit == dollar
        }

        /// Continues an identifier: the start characters and `-`.
        static func isIdentifierPart(_ unit: UInt16) -> Bool {
            isIdentifierStart(unit) || unit == minus
        }

        static func isWhitespace(_ unit: UInt16) -> Bool {
            unit == space || unit == tab || unit == carriageReturn || unit == newline
        }

        static func isQuote(_ unit: UInt16) -> Bool {
            unit == apostrophe || unit == quote
        }

        /// Ends an unquoted argument value: the end of the text, and outside quotes a space,
        /// tab, newline, `|`, `;` or `>` (Data Flow's `isArgValueIdentifierTerminator`).
        static func endsArgumentValue(_ unit: UInt16, quoteOpen: Bool) -> Bool {
            if unit == 0 { return true }
            if quoteOpen { return false }
            return unit == space || unit == tab || unit == carriageReturn || unit == newline
                || unit == pipe || unit == semicolon || unit == greater
        }
    }
}
