import Database

/// A cron expression that does not parse: which field, what is wrong with which part of it,
/// where that part starts, and what is accepted there.
///
/// ```swift
/// do {
///     _ = try CronExpression("0 61 * * * *")
/// } catch {
///     print(error.field)     // Optional(minute)
///     print(error.position)  // 3
///     print(error)           // cron expression '0 61 * * * *': minute field '61' is out of range 0-59 (position 3)
/// }
/// ```
public struct CronExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case fieldCount, unknownMacro, invalidValue, outOfRange, reversedRange, invalidStep, emptyElement
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// The code's name, for example `outOfRange`.
        public var description: String { kind.rawValue }

        /// Not 5 or 6 fields (and not a macro).
        public static let fieldCount = Code(.fieldCount)
        /// A word starting with `@` that is not one of the macros.
        public static let unknownMacro = Code(.unknownMacro)
        /// Text that is not a number, name or construct the field accepts.
        public static let invalidValue = Code(.invalidValue)
        /// A number outside the field's range (or an ordinal or offset outside its own).
        public static let outOfRange = Code(.outOfRange)
        /// A range whose start comes after its end (`10-8`).
        public static let reversedRange = Code(.reversedRange)
        /// A step that is not a whole number of 1 or more (`*/0`).
        public static let invalidStep = Code(.invalidStep)
        /// A list with an empty element (`1,,2`, `5,`).
        public static let emptyElement = Code(.emptyElement)
    }

    /// Which kind of problem it is.
    public let code: Code
    /// The expression as given.
    public let expression: String
    /// The field the problem is in; nil for problems of the whole expression (field count, macros).
    public let field: CronExpression.Field?
    /// The part of the expression the problem is in: a value, a range, a list element or a field.
    public let text: String
    /// Where the problem is in ``expression``, in characters from 1: where ``text`` starts, or
    /// for ``Code/emptyElement`` where the empty element is in the field ``text``, or for
    /// ``Code/fieldCount`` where the first field too many starts (one past the end when fields
    /// are missing).
    public let position: Int
    /// What is accepted where ``text`` stands, for example `0-59`.
    public let accepted: String
    /// The problem without the expression and position, for example `minute field '61' is out of range 0-59`.
    public let message: String

    init(
        _ code: Code, in expression: String, field: CronExpression.Field?, text: String, position: Int,
        accepted: String, message: String
    ) {
        self.code = code
        self.expression = expression
        self.field = field
        self.text = text
        self.position = position
        self.accepted = accepted
        self.message = message
    }

    /// The expression, the problem and its position, for example
    /// `cron expression '0 61 * * * *': minute field '61' is out of range 0-59 (position 3)`.
    public var description: String {
        "cron expression '\(expression)': \(message) (position \(position))"
    }
}

extension CronExpressionError: CategorizedError {
    /// Bad input: the expression is the client's.
    public var category: ErrorCategory { .badInput }
}
