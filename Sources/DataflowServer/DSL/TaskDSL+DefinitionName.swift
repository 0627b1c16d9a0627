extension TaskDSL {
    /// Checks a task definition name as Data Flow does: a Java identifier that may also hold
    /// `-` after its first character. So `nightly-import`, `my_task` and `$x` are valid, while
    /// `0abc`, `-abc`, `a.b` and `a b` are not. Letters of any script count, as in Java.
    ///
    /// ```swift
    /// try TaskDSL.validateDefinitionName("nightly-import")  // fine
    /// try TaskDSL.validateDefinitionName("foo.bar")
    /// // throws 123E:(pos 0): illegal name for a task 'foo.bar'
    /// ```
    /// - Parameter name: the definition name.
    /// - Throws: ``TaskDSLError`` with ``TaskDSLError/Code/illegalTaskName`` at position 0,
    ///   whose ``TaskDSLError/text`` is the name.
    public static func validateDefinitionName(_ name: String) throws(TaskDSLError) {
        guard isValidDefinitionName(name) else {
            throw TaskDSLError(.illegalTaskName, at: 0, in: name, name)
        }
    }

    /// Whether `name` is a valid task definition name (see ``validateDefinitionName(_:)``).
    /// - Parameter name: the definition name.
    /// - Returns: `true` when Data Flow accepts the name.
    public static func isValidDefinitionName(_ name: String) -> Bool {
        let units = Array(name.utf16)
        guard let first = units.first, isJavaIdentifierStart(first) else { return false }
        return units.dropFirst().allSatisfy { isJavaIdentifierPart($0) || $0 == UInt16(UInt8(ascii: "-")) }
    }

    /// Java's `Character.isJavaIdentifierStart(char)`: a letter, letter number, currency symbol
    /// or connector punctuation such as `_`. Surrogates (characters beyond the BMP) are not.
    private static func isJavaIdentifierStart(_ unit: UInt16) -> Bool {
        guard let scalar = Unicode.Scalar(unit) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .letterNumber, .currencySymbol, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Java's `Character.isJavaIdentifierPart(char)`: the start characters, digits, marks and
    /// the characters Java ignores in identifiers (format characters, most controls).
    private static func isJavaIdentifierPart(_ unit: UInt16) -> Bool {
        if isJavaIdentifierStart(unit) { return true }
        if unit <= 0x08 || (0x0E...0x1B).contains(unit) || (0x7F...0x9F).contains(unit) { return true }
        guard let scalar = Unicode.Scalar(unit) else { return false }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .spacingMark, .nonspacingMark, .format:
            return true
        default:
            return false
        }
    }
}
