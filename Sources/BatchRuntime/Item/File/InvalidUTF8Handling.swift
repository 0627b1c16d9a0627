/// What a flat-file reader does with bytes that are not valid UTF-8.
///
/// A file in another encoding (ISO-8859-1, Windows-1252) read as UTF-8 would otherwise change
/// its data without a word: `café` written by a Latin-1 program arrives as `caf\u{FFFD}`.
///
/// ```swift
/// let reader = DelimitedFileReader(name: "legacy", path: "legacy.csv", invalidUTF8: .replace)
/// ```
public enum InvalidUTF8Handling: Sendable, Hashable {
    /// Fail the read with ``BatchError/Code/readFailed``, naming the file, the line, the byte
    /// offset and the field of the first bad byte (the default).
    case fail
    /// Replace each ill-formed sequence with U+FFFD (the replacement character) and go on.
    case replace
}
