#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where the record lines of a file begin, reading it in large blocks without building
/// lines or strings: the cut points of ``LineRangePartitioner``.
///
/// A record line ends with an LF that is not inside a quoted field, so a record whose quoted
/// field holds line breaks is one record line spanning several physical lines. Quoting follows
/// ``DelimitedScanner``: a field is quoted when the quote is its first byte, and a doubled quote
/// inside it is literal. Without a quote byte every LF ends a record line (physical lines).
/// Line numbers count every LF, quoted or not, as the readers' error messages do.
final class RecordLineScanner {
    /// Where a record line begins.
    struct Position: Hashable {
        /// The offset of its first byte.
        var offset: Int64
        /// The 1-based number of the physical line it begins on.
        var line: Int
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let lf = UInt8(ascii: "\n")

    let path: String
    /// The file's size when it was opened.
    let size: Int64
    private let fd: Int32
    private let delimiter: UInt8
    private let quote: UInt8?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int

    /// Opens `path`.
    /// - Parameters:
    ///   - delimiter: The field separator byte.
    ///   - quote: The quote byte, or nil to cut at every LF.
    ///   - capacity: Bytes per read.
    /// - Throws: ``BatchError/Code/readFailed`` when the file cannot be opened.
    init(path: String, delimiter: UInt8, quote: UInt8?, capacity: Int) throws(BatchError) {
        self.path = path
        self.delimiter = delimiter
        self.quote = quote
        self.capacity = max(16, capacity)
        do {
            fd = try FlatFileIO.open(path, O_RDONLY)
        } catch {
            throw BatchError(.readFailed, "cannot open input file '\(path)': \(error.text)", cause: error)
        }
        do {
            size = try FlatFileIO.size(fd)
        } catch {
            try? FlatFileIO.close(fd)
            throw BatchError(.readFailed, "cannot read '\(path)': \(error.text)", cause: error)
        }
        buffer = .allocate(capacity: self.capacity)
    }

    deinit {
        try? FlatFileIO.close(fd)
        buffer.deallocate()
    }

    /// Reads from `start`, the beginning of a record line, to the end of the file (or until
    /// `visit` returns false), calling `visit` with the beginning of every record line after
    /// it; the last call may be at the end of the file, after a final line end.
    /// - Returns: The number of the last physical line read (0 for an empty file read from its start).
    /// - Throws: ``BatchError/Code/readFailed`` when reading fails.
    @discardableResult
    func scan(from start: Position, _ visit: (Position) -> Bool) throws(BatchError) -> Int {
        do {
            try FlatFileIO.seek(fd, to: start.offset)
        } catch {
            throw BatchError(.readFailed, "cannot seek to offset \(start.offset) in '\(path)': \(error.text)", cause: error)
        }
        var state = State.fieldStart
        var line = start.line
        var offset = start.offset
        var last: UInt8?
        while true {
            let count: Int
            do {
                count = try FlatFileIO.read(fd, into: buffer, count: capacity)
            } catch {
                throw BatchError(.readFailed, "cannot read '\(path)': \(error.text)", cause: error)
            }
            if count == 0 { break }
            var index = offset == 0 ? Self.byteOrderMarkLength(buffer, count) : 0
            while index < count {
                let lineEnd: Int?
                if let quote {
                    lineEnd = Self.nextRecordEnd(buffer, from: &index, count, &state, &line, delimiter: delimiter, quote: quote)
                } else {
                    lineEnd = memchr(buffer + index, Int32(Self.lf), count - index).map {
                        buffer.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                    }
                    index = lineEnd.map { $0 + 1 } ?? count
                }
                guard let lineEnd else { break }
                line += 1
                if !visit(Position(offset: offset + Int64(lineEnd + 1), line: line)) { return line - 1 }
            }
            last = buffer[count - 1]
            offset += Int64(count)
        }
        guard let last else { return start.line - 1 }
        return last == Self.lf ? line - 1 : line
    }

    /// 3 when the buffer starts with a UTF-8 byte order mark (which the readers skip), else 0.
    private static func byteOrderMarkLength(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Advances `index` past the next LF that ends a record line and returns that LF's index, or
    /// returns nil with `index` at `count` when the buffer holds none; `state` carries over to the
    /// next buffer, and `line` counts the LFs inside quoted fields.
    @inline(__always)
    private static func nextRecordEnd(
        _ bytes: UnsafeMutablePointer<UInt8>, from index: inout Int, _ count: Int, _ state: inout State, _ line: inout Int,
        delimiter: UInt8, quote: UInt8
    ) -> Int? {
        var cursor = index
        defer { index = cursor }
        while cursor < count {
            let byte = bytes[cursor]
            switch state {
            case .fieldStart:
                if byte == quote {
                    state = .quoted
                    cursor += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                // The bulk of the bytes: a tight loop to the delimiter or the line end.
                while cursor < count {
                    let byte = bytes[cursor]
                    cursor += 1
                    if byte == lf {
                        state = .fieldStart
                        return cursor - 1
                    }
                    if byte == delimiter {
                        state = .fieldStart
                        break
                    }
                }
            case .quoted:
                while cursor < count {
                    let byte = bytes[cursor]
                    cursor += 1
                    if byte == quote {
                        state = .quoteInQuoted
                        break
                    }
                    if byte == lf { line += 1 }
                }
            case .quoteInQuoted:
                if byte == quote {
                    // A doubled quote: literal, still inside the field.
                    state = .quoted
                    cursor += 1
                } else {
                    // The field closed; what follows up to the delimiter or line end is the reader's to judge.
                    state = .unquoted
                }
            }
        }
        return nil
    }
}
