/// A property whose value cannot be used: names the argument or variable, the value, and what
/// is expected (`--spring.cloud.task.executionid must be a positive integer, not 'x'`).
///
/// Each module that reads settings turns it into its own error with the same message.
public struct PropertyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The property, as given.
    public var value: LaunchProperties.Value
    /// What the value should be, such as `a positive integer`.
    public var expected: String

    /// Creates an error.
    public init(_ value: LaunchProperties.Value, expected: String) {
        self.value = value
        self.expected = expected
    }

    /// `<source> must be <expected>, not '<text>'`.
    public var message: String { "\(value.source) must be \(expected), not '\(value.text)'" }

    /// The message.
    public var description: String { message }
}
