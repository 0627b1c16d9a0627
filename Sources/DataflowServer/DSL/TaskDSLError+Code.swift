extension TaskDSLError {
    /// Which problem a ``TaskDSLError`` reports: Spring Cloud Data Flow's `DSLMessage` number
    /// and name, so clients and tests that match on `163E` or `TASK_MORE_INPUT` keep working.
    ///
    /// Only the codes the task DSL can raise are listed. The message texts are Data Flow's as
    /// it prints them (its `MessageFormat` drops the quotes around `--`, `=`, `|`, `->` and `*`).
    ///
    /// ```swift
    /// do {
    ///     _ = try TaskDSL.parse("a & b")
    /// } catch {
    ///     print(error.code == .doubleAndRequired)  // true
    ///     print(error.code.rawValue)               // 150
    /// }
    /// ```
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Data Flow's message number, for example 163.
        public let rawValue: Int
        /// Data Flow's `DSLMessage` constant name, for example `TASK_MORE_INPUT`.
        public let name: String
        /// The message text, with `{0}`, `{1}` standing for the inserts.
        let template: String

        private init(_ rawValue: Int, _ name: String, _ template: String) {
            self.rawValue = rawValue
            self.name = name
            self.template = template
        }

        /// The code as Data Flow prints it in front of a message, for example `163E`.
        public var description: String { "\(rawValue)E" }

        /// Codes are equal when their numbers are.
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.rawValue == rhs.rawValue }

        /// Hashes the number.
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        /// The message with its inserts in place of `{0}`, `{1}`.
        func message(_ inserts: [String]) -> String {
            var text = ""
            var rest = template[...]
            while let open = rest.firstIndex(of: "{") {
                text += rest[..<open]
                let digit = rest[rest.index(after: open)]
                let index = digit.wholeNumberValue ?? 0
                text += index < inserts.count ? inserts[index] : "{\(digit)}"
                rest = rest[rest.index(open, offsetBy: 3)...]
            }
            return text + rest
        }
    }
}

extension TaskDSLError.Code {
    /// 101: `-- name=value`.
    public static let noWhitespaceBeforeArgumentName = Self(101, "NO_WHITESPACE_BEFORE_ARG_NAME", "No whitespace allowed between -- and option name")
    /// 102: `--name =value`.
    public static let noWhitespaceBeforeArgumentEquals = Self(102, "NO_WHITESPACE_BEFORE_ARG_EQUALS", "No whitespace allowed after argument name and before =")
    /// 103: `--name= value`.
    public static let noWhitespaceBeforeArgumentValue = Self(103, "NO_WHITESPACE_BEFORE_ARG_VALUE", "No whitespace allowed after = and before option value")
    /// 105: an argument with `=` but no value, such as `--name=|`.
    public static let expectedArgumentValue = Self(105, "EXPECTED_ARGUMENT_VALUE", "Expected an argument value but was '{0}'")
    /// 106: a `"` string that never ends.
    public static let nonTerminatingDoubleQuotedString = Self(106, "NON_TERMINATING_DOUBLE_QUOTED_STRING", "Cannot find terminating \" for string")
    /// 107: a `'` string that never ends.
    public static let nonTerminatingQuotedString = Self(107, "NON_TERMINATING_QUOTED_STRING", "Cannot find terminating ' for string")
    /// 108: a lone `-` (neither `--` nor `->`).
    public static let missingCharacter = Self(108, "MISSING_CHARACTER", "missing expected character '{0}'")
    /// 111: a token other than the one the grammar needs next.
    public static let unexpectedToken = Self(111, "NOT_EXPECTED_TOKEN", "Unexpected token.  Expected '{0}' but was '{1}'")
    /// 112: the text ends where more is needed.
    public static let unexpectedEndOfInput = Self(112, "OOD", "Unexpectedly ran out of input")
    /// 114: a backslash outside a quoted value.
    public static let unexpectedEscapeCharacter = Self(114, "UNEXPECTED_ESCAPE_CHAR", "unexpected escape character.")
    /// 118: something other than an app name where an app is needed.
    public static let expectedAppName = Self(118, "EXPECTED_APPNAME", "expected app name but found '{0}'")
    /// 123: a task definition name that breaks the naming rules.
    public static let illegalTaskName = Self(123, "ILLEGAL_TASK_NAME", "illegal name for a task '{0}'")
    /// 145: whitespace inside a dotted argument name (`--a .b=c`).
    public static let noWhitespaceInDottedName = Self(145, "NO_WHITESPACE_IN_DOTTED_NAME", "no whitespace is allowed between dot and components of a name")
    /// 150: a single `&`.
    public static let doubleAndRequired = Self(150, "TASK_DOUBLE_AND_REQUIRED", "task dsl flow requires a pair of &, not just one")
    /// 151: a single `|`.
    public static let doubleOrRequired = Self(151, "TASK_DOUBLE_OR_REQUIRED", "task dsl requires a pair of |")
    /// 154: an unquoted transition condition that is not a number (`a FAILED->b`).
    public static let unquotedTransitionCheckMustBeNumber = Self(154, "TASK_UNQUOTED_TRANSITION_CHECK_MUST_BE_NUMBER", "transition conditions must be quoted literals, numerics or * but '{0}' is not")
    /// 155: a label in front of `(`.
    public static let noLabelsOnParentheses = Self(155, "TASK_NO_LABELS_ON_PARENS", "labels cannot be specified on parenthesized groups")
    /// 156: two labels on one element (`a: b: app`).
    public static let noDoubleLabels = Self(156, "NO_DOUBLE_LABELS", "multiple labels are not supported")
    /// 157: `->` with no condition in front.
    public static let arrowShouldBePrecededByCode = Self(157, "TASK_ARROW_SHOULD_BE_PRECEDED_BY_CODE", "transition arrow must be preceeded by the exit code that should drive the transition")
    /// 158: a second (or later) flow without a label: nothing can reach it.
    public static let secondarySequencesMustBeNamed = Self(158, "TASK_VALIDATION_SECONDARY_SEQUENCES_MUST_BE_NAMED", "secondary sequences must have labels or are unreachable")
    /// 159: a label used twice.
    public static let duplicateLabel = Self(159, "TASK_VALIDATION_DUPLICATE_LABEL", "this label has already been defined")
    /// 160: `->:label` naming a label that is defined nowhere.
    public static let undefinedTransitionTargetLabel = Self(160, "TASK_VALIDATION_TRANSITION_TARGET_LABEL_UNDEFINED", "transition specifies an undefined label")
    /// 162: a character the task DSL does not use.
    public static let unexpectedData = Self(162, "TASK_UNEXPECTED_DATA", "unexpected data in task definition '{0}'")
    /// 163: text left over after a complete definition.
    public static let moreInput = Self(163, "TASK_MORE_INPUT", "after parsing a valid task, there is still more data: '{0}'")
    /// 164: a label equal to the name of an unlabelled app.
    public static let labelClashesWithAppName = Self(164, "TASK_VALIDATION_LABEL_CLASHES_WITH_TASKAPP_NAME", "the label clashes with an existing unlabeled task application name")
    /// 165: an unlabelled app whose name is already a label.
    public static let appNameClashesWithLabel = Self(165, "TASK_VALIDATION_APP_NAME_CLASHES_WITH_LABEL", "the app name clashes with an existing label")
    /// 166: the same app twice without labels.
    public static let duplicateAppName = Self(166, "TASK_VALIDATION_APP_NAME_ALREADY_IN_USE", "duplicate app name. Use a label to ensure uniqueness")
    /// 190 (swift-batch, not Data Flow): more nested `(` and `<` than ``TaskDSL/maximumNesting``.
    /// Data Flow has no limit and fails with a stack overflow.
    public static let nestingTooDeep = Self(190, "TASK_NESTING_TOO_DEEP", "splits and parentheses are nested more than {0} deep")

    /// Every code the task DSL can raise, in number order.
    public static let all: [Self] = [
        .noWhitespaceBeforeArgumentName, .noWhitespaceBeforeArgumentEquals, .noWhitespaceBeforeArgumentValue,
        .expectedArgumentValue, .nonTerminatingDoubleQuotedString, .nonTerminatingQuotedString,
        .missingCharacter, .unexpectedToken, .unexpectedEndOfInput, .unexpectedEscapeCharacter,
        .expectedAppName, .illegalTaskName, .noWhitespaceInDottedName,
        .doubleAndRequired, .doubleOrRequired, .unquotedTransitionCheckMustBeNumber, .noLabelsOnParentheses,
        .noDoubleLabels, .arrowShouldBePrecededByCode, .secondarySequencesMustBeNamed, .duplicateLabel,
        .undefinedTransitionTargetLabel, .unexpectedData, .moreInput, .labelClashesWithAppName,
        .appNameClashesWithLabel, .duplicateAppName, .nestingTooDeep,
    ]
}
