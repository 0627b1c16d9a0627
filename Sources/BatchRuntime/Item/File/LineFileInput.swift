#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The open file, position and restart keys of a line-based reader (``JSONLinesReader``,
/// ``FixedWidthFileReader``), with the conventions of ``DelimitedFileReader``:
/// `<name>.offset` (the byte offset after the last line consumed), `<name>.line` (the last
/// line consumed) and `<name>.read.count` (the records returned).
///
/// A line is consumed as soon as ``nextLine()`` returns it, so a record that fails to map is
/// not read again: the next read returns the next record, and a checkpoint after it does not
/// point back at it.
final class LineFileInput {
    let name: String
    let path: String
    /// The records returned so far, including those of earlier runs before a restart.
    private(set) var readCount: Int64 = 0
    /// The line on which the record last returned begins.
    private(set) var lastRecordLine: Int?
    /// The initial read buffer size.
    var bufferSize = 256 * 1024

    private var fd: Int32 = -1
    private var scanner: LineScanner?
    private var fileSize: Int64 = 0
    private(set) var opened = false

    init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    deinit {
        if fd >= 0 { try? FlatFileIO.close(fd) }
    }

    /// Bytes consumed out of the file's size; nil before ``open(_:skipLines:)``.
    var progressEstimate: ProgressEstimate? {
        guard opened else { return nil }
        return ProgressEstimate(done: scanner?.offset ?? 0, total: fileSize)
    }

    /// Opens the file at the saved position, or at its start after skipping `skipLines` lines.
    /// - Throws: ``BatchError/Code/readFailed`` when the file cannot be opened or the saved offset
    ///   lies beyond its end.
    func open(_ context: ExecutionContext, skipLines: Int = 0) throws(BatchError) {
        try close()
        opened = false
        scanner = nil
        do {
            fd = try FlatFileIO.open(path, O_RDONLY)
            fileSize = try FlatFileIO.size(fd)
        } catch {
            if fd >= 0 { try? FlatFileIO.close(fd) }
            fd = -1
            throw BatchError(.readFailed, "cannot open input file '\(path)': \(error.text)", cause: error)
        }
        let scanner = LineScanner(path: path, fd: fd, capacity: bufferSize, offset: 0, line: 1)
        readCount = 0
        lastRecordLine = nil
        if let restart = context.int("\(name).offset"), restart > 0 {
            guard restart <= fileSize else {
                try? close()
                throw BatchError(
                    .readFailed,
                    "cannot restart '\(name)': the saved offset \(restart) lies beyond the end of '\(path)' (\(fileSize) bytes); was the file replaced?"
                )
            }
            let line = max(0, context.int("\(name).line") ?? 0)
            try scanner.reposition(to: restart, line: Int(line) + 1)
            readCount = max(0, context.int("\(name).read.count") ?? 0)
        } else {
            var skipped = 0
            while skipped < skipLines, try scanner.next() != nil { skipped += 1 }
        }
        self.scanner = scanner
        opened = true
    }

    /// The next line, consumed; nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` when the reader is not open or reading fails.
    func nextLine() throws(BatchError) -> LineScanner.Line? {
        guard let scanner, fd >= 0 else {
            throw BatchError(.readFailed, "reader '\(name)' for '\(path)' is not open: call open(_:) before read()")
        }
        return try scanner.next()
    }

    /// Counts a record returned from `line`.
    func returned(_ line: LineScanner.Line) {
        readCount += 1
        lastRecordLine = line.number
    }

    /// The error `<path>:<line>: <reason>` for a record that failed.
    func recordError(_ line: LineScanner.Line, _ reason: String, cause: (any Error)? = nil) -> BatchError {
        BatchError(.readFailed, "\(path):\(line.number): \(reason)", cause: cause)
    }

    /// Throws an error naming the line and the byte offset of the first byte of `line` that is
    /// not UTF-8, followed by `advice`; returns when all of it is UTF-8.
    func checkUTF8(_ line: LineScanner.Line, advice: String) throws(BatchError) {
        guard let bad = line.bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalid($0) }) else { return }
        let byte = FlatFileDiagnostics.hex(line.bytes[bad])
        throw recordError(line, "invalid UTF-8 at byte offset \(line.offset + Int64(bad)) (0x\(byte)); \(advice)")
    }

    /// Saves `<name>.offset`, `<name>.line` and `<name>.read.count` into `context`.
    /// - Throws: ``BatchError/Code/streamFailed`` when the reader was never opened.
    func update(_ context: inout ExecutionContext) throws(BatchError) {
        guard opened, let scanner else {
            throw BatchError(.streamFailed, "reader '\(name)' for '\(path)' is not open: call open(_:) before update(_:)")
        }
        context["\(name).offset"] = .int(scanner.offset)
        context["\(name).line"] = .int(Int64(scanner.line - 1))
        context["\(name).read.count"] = .int(readCount)
    }

    /// Closes the descriptor, if open; the position stays available to ``update(_:)``.
    /// - Throws: ``BatchError/Code/streamFailed`` when closing fails.
    func close() throws(BatchError) {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        do {
            try FlatFileIO.close(descriptor)
        } catch {
            throw BatchError(.streamFailed, "cannot close '\(path)': \(error.text)", cause: error)
        }
    }
}
