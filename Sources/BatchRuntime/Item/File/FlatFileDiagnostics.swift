/// The texts and byte checks behind flat-file error messages, such as whether a record holds
/// carriage returns that are not line ends. None of them runs on the read path of valid input;
/// they run on a record already known to be in error.
enum FlatFileDiagnostics {
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// What the message of a bad byte adds: the likely cause and the two ways out.
    static let invalidUTF8Advice =
        "the file may be in another encoding such as ISO-8859-1: convert it (iconv -f latin1 -t utf-8) or set invalidUTF8: .replace to read bad bytes as U+FFFD"

    /// What a record error adds when the record holds carriage returns without line feeds.
    static let bareCarriageReturnAdvice =
        "the record contains carriage returns (CR) without line feeds: the file seems to use CR-only line endings (classic Mac OS); convert them to LF (tr '\\r' '\\n')"

    /// Whether the bytes hold a CR that is neither followed by LF nor inside quotes (a CR that is
    /// the last byte of the file ends its last line and does not count).
    /// - Parameters:
    ///   - bytes: The record's bytes, from its first byte.
    ///   - quote: The quote byte; doubled quotes toggle twice and so change nothing.
    ///   - next: The byte after the last one; nil at the end of the file.
    static func containsBareCarriageReturn(_ bytes: UnsafeBufferPointer<UInt8>, quote: UInt8, next: UInt8?) -> Bool {
        var quoted = false
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == quote {
                quoted.toggle()
            } else if byte == cr && !quoted {
                let following = index + 1 < bytes.count ? bytes[index + 1] : next
                if let following, following != lf { return true }
            }
        }
        return false
    }

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
