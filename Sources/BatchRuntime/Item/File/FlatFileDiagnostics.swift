/// The texts and byte helpers behind flat-file error messages. None of them runs on the read
/// path of valid input; they run on a record already known to be in error.
enum FlatFileDiagnostics {
    private static let lf = UInt8(ascii: "\n")

    /// What the message of a bad byte adds: the likely cause and the two ways out.
    static let invalidUTF8Advice =
        "the file may be in another encoding such as ISO-8859-1: convert it (iconv -f latin1 -t utf-8) or set invalidUTF8: .replace to read bad bytes as U+FFFD"

    /// The number of LF bytes.
    static func lineFeeds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == lf ? 1 : 0) }
    }

    /// A byte as two upper-case hex digits: `E9`.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
