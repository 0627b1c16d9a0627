/// The scanner's error messages.
extension DelimitedScanner {
    /// The error for the record at `start` whose first ill-formed UTF-8 sequence starts at buffer
    /// index `index`, with the field holding it (`fields` are the buffer ranges of the record's fields).
    func invalidUTF8(at index: Int, fields: [Range<Int>]) -> BatchError {
        let badLine = line + FlatFileDiagnostics.lineFeeds(UnsafeBufferPointer(start: buffer + start, count: index - start))
        let byte = "0x\(FlatFileDiagnostics.hex(buffer[index]))"
        let place = fields.firstIndex { $0.contains(index) }.map { "\(byte) in field \($0 + 1)" } ?? byte
        return BatchError(
            .readFailed,
            "\(path):\(badLine): invalid UTF-8 at byte offset \(bufferOffset + Int64(index)) (\(place)); \(FlatFileDiagnostics.invalidUTF8Advice)"
        )
    }

    /// The error `<path>:<line>: <reason>`.
    func failure(_ line: Int, _ reason: String) -> BatchError {
        BatchError(.readFailed, "\(path):\(line): \(reason)")
    }
}
