#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits the bytes of an open file into physical lines, reading it with a large buffer: the
/// line-based readers' counterpart of ``DelimitedScanner`` (JSON Lines, fixed-width records).
///
/// A line ends with LF or CRLF; the line end is not part of the line. A last line without a line
/// end is a line, and a UTF-8 byte order mark at the start of the file is skipped. Empty lines are
/// returned like any other: the readers decide what to skip.
final class LineScanner {
    /// One physical line: its number, where it starts, and its bytes without the line end.
    struct Line {
        /// The 1-based line number.
        var number: Int
        /// The file offset of its first byte.
        var offset: Int64
        /// Its bytes, without LF or CRLF.
        var bytes: [UInt8]
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let path: String
    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The first byte not consumed yet.
    private var start = 0
    /// One past the last valid byte.
    private var end = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var atEOF = false
    private var checkBOM: Bool
    /// The number of the line that begins at `start`.
    private(set) var line: Int

    /// Creates a scanner reading `fd` from its current position, which must be `offset`.
    /// - Parameters:
    ///   - path: The file's path, for error messages.
    ///   - fd: The open descriptor; the scanner reads it but does not close it.
    ///   - capacity: The initial buffer size in bytes (it grows for longer lines).
    ///   - offset: The file position of `fd`.
    ///   - line: The line number at `offset`.
    init(path: String, fd: Int32, capacity: Int, offset: Int64, line: Int) {
        self.path = path
        self.fd = fd
        self.capacity = max(1, capacity)
        self.buffer = .allocate(capacity: self.capacity)
        self.bufferOffset = offset
        self.line = line
        self.checkBOM = offset == 0
    }

    deinit { buffer.deallocate() }

    /// The file offset of the next unconsumed byte: just after the last line returned.
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

    /// Returns the next line and consumes it, or nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` when reading fails.
    func next() throws(BatchError) -> Line? {
        if checkBOM { try skipByteOrderMark() }
        var searched = start
        while true {
            let found = searched < end ? memchr(buffer + searched, Int32(Self.lf), end - searched) : nil
            if let found {
                let lineEnd = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
                return take(upTo: lineEnd, next: lineEnd + 1)
            }
            if atEOF {
                guard start < end else { return nil }
                return take(upTo: end, next: end)
            }
            // The bytes searched so far hold no LF; they move to the front with the unconsumed ones.
            let moved = start
            searched = end
            try fill()
            searched -= moved
        }
    }

    /// The line from `start` to `lineEnd` (a CR before it dropped), consuming up to `next`.
    private func take(upTo lineEnd: Int, next: Int) -> Line {
        var contentEnd = lineEnd
        if contentEnd > start && buffer[contentEnd - 1] == Self.cr { contentEnd -= 1 }
        let bytes = Array(UnsafeBufferPointer(start: buffer + start, count: contentEnd - start))
        let result = Line(number: line, offset: offset, bytes: bytes)
        start = next
        line += 1
        return result
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
        let count: Int
        do {
            count = try FlatFileIO.read(fd, into: buffer + end, count: capacity - end)
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
