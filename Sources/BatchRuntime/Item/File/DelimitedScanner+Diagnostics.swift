/// The scanner's error messages, with the likely cause when the bytes show one.
extension DelimitedScanner {
    /// Whether the record ``next()`` returned last holds a CR that ends no line and is not quoted:
    /// the sign of a file with CR-only line endings. Call it before calling ``next()`` again.
    func lastRecordHasBareCarriageReturn() -> Bool {
        let record = UnsafeBufferPointer(start: buffer + lastRecord.lowerBound, count: lastRecord.count)
        let next = lastRecord.upperBound < end ? buffer[lastRecord.upperBound] : nil
        return FlatFileDiagnostics.containsBareCarriageReturn(record, quote: quote, next: next)
    }

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

    /// The error `<path>:<line>: <reason>` for the record at `start`, whose bytes were scanned up to
    /// `scanned`; with a hint when they hold carriage returns that end no line.
    func failure(_ line: Int, _ reason: String, scanned: Int) -> BatchError {
        let record = UnsafeBufferPointer(start: buffer + start, count: max(0, min(scanned, end) - start))
        let next = scanned < end ? buffer[scanned] : nil
        if FlatFileDiagnostics.containsBareCarriageReturn(record, quote: quote, next: next) {
            return BatchError(.readFailed, "\(path):\(line): \(reason); \(FlatFileDiagnostics.bareCarriageReturnAdvice)")
        }
        return BatchError(.readFailed, "\(path):\(line): \(reason)")
    }
}
