/// An optional hook for readers that know where in their input the item they last returned
/// begins, so an error about that item later (a write that fails on it) can point at its input:
/// `tx.csv:4017`. ``DelimitedFileReader`` adopts it.
///
/// ```swift
/// extension MyReader: ItemLocating {
///     var inputName: String { path }
///     var lastItemLine: Int? { currentLine }
/// }
/// ```
public protocol ItemLocating {
    /// The input as messages name it, such as the file's path.
    var inputName: String { get }
    /// The line on which the item last returned by `read()` begins, or nil when unknown.
    var lastItemLine: Int? { get }
}
