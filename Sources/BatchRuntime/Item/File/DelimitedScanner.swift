#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits the bytes of an open file into RFC 4180 records, reading it with a large buffer.
///
/// The scanner works on raw bytes: unquoted fields are found by looking for the delimiter and
/// LF only, quoted fields by looking for the next quote, and each field becomes a `String` in
/// one step from its byte range, after one UTF-8 check of the record's bytes (unless bad
/// bytes are to be replaced by U+FFFD). A record that does not end inside the buffer is scanned
/// again after the buffer was compacted and refilled (grown when the record fills all of it).
final class DelimitedScanner {
    /// One record: the line it starts on and its field values.
    struct Row {
        var lineNumber: Int
        var fields: [String]
    }

    /// The byte range of one field in the buffer; `escaped` when it holds doubled quotes.
    private struct Span {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    private enum Outcome {
        case needMore
        case skipped
        case record(Row)
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let lfMask = UInt64(lf) &* ones

    /// Whether any byte of `word` equals the byte repeated in `mask` (the classic "has zero byte" test).
    @inline(__always)
    private static func containsByte(_ word: UInt64, _ mask: UInt64) -> Bool {
        let x = word ^ mask
        return (x &- ones) & ~x & 0x8080_8080_8080_8080 != 0
    }

    let path: String
    private let fd: Int32
    private let delimiter: UInt8
    let quote: UInt8
    private let replaceInvalidUTF8: Bool
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The first byte not consumed yet.
    private(set) var start = 0
    /// One past the last valid byte.
    private(set) var end = 0
    /// The file offset of `buffer[0]`.
    private(set) var bufferOffset: Int64
    private var atEOF = false
    private var checkBOM: Bool
    private var spans: [Span] = []
    /// The buffer range of the record ``next()`` returned last; valid until it is called again.
    private(set) var lastRecord = 0..<0
    /// The physical line number of the byte at `start`: where the next record begins.
    private(set) var line: Int
    /// The file offset at which the input ends as if the file ended there: the end of a range of
    /// records (``FileRange``). It must be a record boundary.
    var limit = Int64.max

    /// Creates a scanner reading `fd` from its current position, which must be `offset`.
    /// - Parameters:
    ///   - path: The file's path, for error messages.
    ///   - fd: The open descriptor; the scanner reads it but does not close it.
    ///   - delimiter: The field separator byte.
    ///   - quote: The quote byte.
    ///   - invalidUTF8: Whether a record that is not valid UTF-8 fails the read or has U+FFFD for its bad bytes.
    ///   - capacity: The initial buffer size in bytes.
    ///   - offset: The file position of `fd`.
    ///   - line: The line number at `offset`.
    init(
        path: String, fd: Int32, delimiter: UInt8, quote: UInt8, invalidUTF8: InvalidUTF8Handling, capacity: Int,
        offset: Int64, line: Int
    ) {
        self.path = path
        self.fd = fd
        self.delimiter = delimiter
        self.quote = quote
        self.replaceInvalidUTF8 = invalidUTF8 == .replace
        self.capacity = max(1, capacity)
        self.buffer = .allocate(capacity: self.capacity)
        self.bufferOffset = offset
        self.line = line
        self.checkBOM = offset == 0
    }

    deinit { buffer.deallocate() }

    /// The file offset of the next unconsumed byte.
    var offset: Int64 { bufferOffset + Int64(start) }

    /// Moves to `offset` (with `lseek`), where line `line` begins, discarding the buffer.
    /// - Throws: ``BatchError/Code/readFailed`` when the seek fails.
    func reposition(to offset: Int64, line: Int) throws(BatchError) {
        do {
            try FlatFileIO.seek(fd, to: offset)
        } catch {
            throw BatchError(.readFailed, "cannot seek to offset \(offset) in '\(path)': \(error.text)", cause: error)
        }
        start = 0
        end = 0
        bufferOffset = offset
        atEOF = false
        checkBOM = offset == 0
        self.line = line
    }

    /// Returns the next record, skipping empty lines, or nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` as `<path>:<line>: <reason>` for malformed
    ///   input (bytes that are not valid UTF-8 among it, unless they are to be replaced), or
    ///   when reading fails.
    func next() throws(BatchError) -> Row? {
        if checkBOM { try skipByteOrderMark() }
        var spans: [Span] = []
        swap(&spans, &self.spans)
        defer { swap(&spans, &self.spans) }
        while true {
            if start == end {
                if atEOF { return nil }
                try fill()
                continue
            }
            switch try scan(&spans) {
            case .needMore: try fill()
            case .skipped: continue
            case .record(let row): return row
            }
        }
    }

    /// Scans one record (or one empty line) starting at `start`.
    private func scan(_ spans: inout [Span]) throws(BatchError) -> Outcome {
        let bytes = buffer, end = self.end, eof = atEOF
        let delimiter = self.delimiter, quote = self.quote, lf = Self.lf, cr = Self.cr
        let delimiterMask = UInt64(delimiter) &* Self.ones
        var index = start
        if bytes[index] == lf {
            start = index + 1
            line += 1
            return .skipped
        }
        if bytes[index] == cr {
            if index + 1 < end {
                if bytes[index + 1] == lf {
                    start = index + 2
                    line += 1
                    return .skipped
                }
            } else if !eof {
                return .needMore
            } else {
                start = end
                return .skipped
            }
        }
        spans.removeAll(keepingCapacity: true)
        var newlines = 0
        while true {
            if index < end && bytes[index] == quote {
                let fieldLine = line + newlines
                var cursor = index + 1
                var escaped = false
                while true {
                    while cursor < end && bytes[cursor] != quote {
                        if bytes[cursor] == lf { newlines += 1 }
                        cursor += 1
                    }
                    if cursor >= end {
                        if eof { throw failure(fieldLine, "unterminated quoted field", scanned: end) }
                        return .needMore
                    }
                    if cursor + 1 < end {
                        guard bytes[cursor + 1] == quote else { break }
                        escaped = true
                        cursor += 2
                    } else if !eof {
                        return .needMore
                    } else {
                        break
                    }
                }
                spans.append(Span(start: index + 1, end: cursor, escaped: escaped))
                let after = cursor + 1
                if after >= end { return try finish(at: after, spans, lines: newlines + 1) }
                let byte = bytes[after]
                if byte == delimiter {
                    index = after + 1
                    continue
                }
                if byte == lf { return try finish(at: after + 1, spans, lines: newlines + 1) }
                if byte == cr {
                    if after + 1 < end {
                        if bytes[after + 1] == lf { return try finish(at: after + 2, spans, lines: newlines + 1) }
                    } else if !eof {
                        return .needMore
                    } else {
                        return try finish(at: after + 1, spans, lines: newlines + 1)
                    }
                }
                throw failure(
                    line + newlines, "unexpected character after the closing quote of field \(spans.count)",
                    scanned: after + 1)
            }
            var cursor = index
            // Eight bytes at a time while none of them is the delimiter or LF.
            while cursor + 8 <= end {
                let word = UnsafeRawPointer(bytes + cursor).loadUnaligned(as: UInt64.self)
                if Self.containsByte(word, delimiterMask) || Self.containsByte(word, Self.lfMask) { break }
                cursor += 8
            }
            while cursor < end {
                let byte = bytes[cursor]
                if byte == delimiter || byte == lf { break }
                cursor += 1
            }
            if cursor < end && bytes[cursor] == delimiter {
                spans.append(Span(start: index, end: cursor, escaped: false))
                index = cursor + 1
                continue
            }
            if cursor >= end && !eof { return .needMore }
            var fieldEnd = cursor
            if fieldEnd > index && bytes[fieldEnd - 1] == cr { fieldEnd -= 1 }
            spans.append(Span(start: index, end: fieldEnd, escaped: false))
            return try finish(at: min(cursor + 1, end), spans, lines: newlines + 1)
        }
    }

    /// Builds the row whose bytes end just before `next`, and consumes them.
    /// - Throws: ``BatchError/Code/readFailed`` when the record is not valid UTF-8, unless such bytes are replaced.
    private func finish(at next: Int, _ spans: [Span], lines: Int) throws(BatchError) -> Outcome {
        let bytes = buffer, quote = self.quote
        // One check of the whole record: its separators are ASCII, so it is valid if and only if every field is.
        if !replaceInvalidUTF8,
            let bad = UTF8Validation.firstInvalid(UnsafeBufferPointer(start: bytes + start, count: next - start))
        {
            throw invalidUTF8(at: start + bad, fields: spans.map { $0.start..<$0.end })
        }
        let fields = [String](unsafeUninitializedCapacity: spans.count) { output, initialized in
            for span in spans {
                let raw = UnsafeBufferPointer(start: bytes + span.start, count: span.end - span.start)
                output.initializeElement(at: initialized, to: Self.field(raw, escaped: span.escaped, quote: quote))
                initialized += 1
            }
        }
        let row = Row(lineNumber: line, fields: fields)
        lastRecord = start..<next
        start = next
        line += lines
        return .record(row)
    }

    /// Moves the unconsumed bytes to the front of the buffer (growing it when they fill it) and reads more.
    private func fill() throws(BatchError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            bufferOffset += Int64(start)
            end = remaining
            start = 0
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.initialize(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        let wanted = min(Int64(capacity - end), limit - (bufferOffset + Int64(end)))
        guard wanted > 0 else {
            atEOF = true
            return
        }
        let count: Int
        do {
            count = try FlatFileIO.read(fd, into: buffer + end, count: Int(wanted))
        } catch {
            throw BatchError(.readFailed, "cannot read '\(path)': \(error.text)", cause: error)
        }
        if count == 0 { atEOF = true } else { end += count }
    }

    /// Skips a UTF-8 byte order mark at the start of the file.
    private func skipByteOrderMark() throws(BatchError) {
        checkBOM = false
        while end - start < 3 && !atEOF { try fill() }
        if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF {
            start += 3
        }
    }
}
