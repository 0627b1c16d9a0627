#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes items as lines of a text file; restartable without duplicated lines.
///
/// Each chunk's lines (each ended by `\n`) are written with one `write(2)`. ``update(_:)``,
/// which the engine calls in every chunk transaction, flushes the file to disk (`fsync`) and
/// saves `<name>.offset`, the file's committed length. On a restart ``open(_:)`` cuts the file
/// back to that length, so lines written after the last commit (by the chunk that failed)
/// disappear before the chunk is written again.
///
/// ```swift
/// let writer = FlatFileWriter<Transaction>(name: "report", path: "out/report.csv", header: "id,amount") { tx in
///     DelimitedText.format([tx.id, String(tx.amount)])
/// }
/// ```
///
/// Like every writer it is step-scoped: one task uses it, so it is not `Sendable`.
public final class FlatFileWriter<Item>: ItemWriter, ItemStream {
    /// The name under which the position is saved in the execution context.
    public let name: String
    /// The output file's path, as given.
    public let path: String
    /// The items written so far, including those of earlier runs before a restart.
    public private(set) var writtenCount: Int64 = 0

    private let header: String?
    private let syncOnUpdate: Bool
    private let line: (Item) throws -> String
    private var fd: Int32 = -1
    private var opened = false
    /// The offset at which the next line is written: the file's length.
    private var endOffset: Int64 = 0

    /// Creates a writer; nothing is opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `report`.
    ///   - path: The file to write; created, or emptied when it exists (except on a restart).
    ///   - header: A first line written when the file is created (without its line end), such as `id,amount`.
    ///   - syncOnUpdate: Whether ``update(_:)`` flushes the file to disk, so that the committed
    ///     offset never points past data lost in a crash. Turn it off only for scratch output.
    ///   - line: Turns an item into its line, without the line end; what it throws fails the chunk.
    public init(
        name: String, path: String, header: String? = nil, syncOnUpdate: Bool = true,
        line: @escaping (Item) throws -> String
    ) {
        self.name = name
        self.path = path
        self.header = header
        self.syncOnUpdate = syncOnUpdate
        self.line = line
    }

    deinit {
        if fd >= 0 { try? FlatFileIO.close(fd) }
    }

    /// Creates the file and writes the header line or, with `<name>.offset` in `context` (a restart),
    /// opens the existing file and truncates it to that offset.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` (`cannot write '<path>': <reason>`) when the file
    ///   cannot be created or opened, is missing or shorter than the offset on a restart, or the
    ///   header cannot be written.
    public func open(_ context: ExecutionContext) async throws(BatchError) {
        try closeFile()
        opened = false
        do {
            if let offset = context.int("\(name).offset") {
                fd = try FlatFileIO.open(path, O_WRONLY)
                let size = try FlatFileIO.size(fd)
                guard offset >= 0 && offset <= size else {
                    throw BatchError(
                        .streamFailed,
                        "cannot write '\(path)': the file to restart is \(size) bytes long, shorter than the committed offset \(offset); was it replaced?"
                    )
                }
                try FlatFileIO.truncate(fd, to: offset)
                try FlatFileIO.seek(fd, to: offset)
                endOffset = offset
                writtenCount = max(0, context.int("\(name).written.count") ?? 0)
            } else {
                fd = try FlatFileIO.open(path, O_WRONLY | O_CREAT | O_TRUNC)
                endOffset = 0
                writtenCount = 0
                if let header {
                    var bytes = Array(header.utf8)
                    bytes.append(UInt8(ascii: "\n"))
                    try FlatFileIO.writeAll(fd, bytes)
                    endOffset = Int64(bytes.count)
                }
            }
        } catch let error as FlatFileIO.Failure {
            try? closeFile()
            let hint = error.code == ENOENT && context.contains("\(name).offset") ? " (a restart needs the file the failed run wrote)" : ""
            throw BatchError(.streamFailed, "cannot write '\(path)': \(error.text)\(hint)", cause: error)
        } catch let error as BatchError {
            try? closeFile()
            throw error
        } catch {
            try? closeFile()
            throw BatchError(.streamFailed, "cannot write '\(path)': \(error)", cause: error)
        }
        opened = true
    }

    /// Writes one line per item (each ended by `\n`) with a single `write(2)`.
    /// - Parameter chunk: The items to write; an empty chunk writes nothing.
    /// - Throws: ``BatchError/Code/writeFailed`` when the writer is not open, `line` throws
    ///   (kept as the cause), or the write fails (`cannot write '<path>': <reason>`).
    public func write(_ chunk: Chunk<Item>) throws(BatchError) {
        guard opened, fd >= 0 else {
            throw BatchError(.writeFailed, "writer '\(name)' for '\(path)' is not open: call open(_:) before write(_:)")
        }
        var bytes: [UInt8] = []
        for item in chunk.items {
            let text: String
            do {
                text = try line(item)
            } catch {
                let reason = (error as? BatchError)?.message ?? BatchError.describe(error)
                throw BatchError(.writeFailed, "cannot format a line for '\(path)': \(reason)", cause: error)
            }
            bytes += text.utf8
            bytes.append(UInt8(ascii: "\n"))
        }
        guard !bytes.isEmpty else { return }
        do {
            try FlatFileIO.writeAll(fd, bytes)
        } catch {
            throw BatchError(.writeFailed, "cannot write '\(path)': \(error.text)", cause: error)
        }
        endOffset += Int64(bytes.count)
        writtenCount += Int64(chunk.count)
    }

    /// Flushes the file to disk (when `syncOnUpdate`) and saves `<name>.offset` (the file's
    /// length) and `<name>.written.count` into `context`.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` when `fsync` fails or the writer was never opened.
    public func update(_ context: inout ExecutionContext) throws(BatchError) {
        guard opened else {
            throw BatchError(.streamFailed, "writer '\(name)' for '\(path)' is not open: call open(_:) before update(_:)")
        }
        if syncOnUpdate && fd >= 0 {
            do {
                try FlatFileIO.sync(fd)
            } catch {
                throw BatchError(.streamFailed, "cannot write '\(path)': \(error.text)", cause: error)
            }
        }
        context["\(name).offset"] = .int(endOffset)
        context["\(name).written.count"] = .int(writtenCount)
    }

    /// Closes the file. Closing twice is harmless.
    /// - Throws: ``BatchError/Code/streamFailed`` when closing the descriptor fails (which can
    ///   report a delayed write error).
    public func close() async throws(BatchError) {
        try closeFile()
    }

    /// Closes the descriptor, if open.
    private func closeFile() throws(BatchError) {
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        do {
            try FlatFileIO.close(descriptor)
        } catch {
            throw BatchError(.streamFailed, "cannot write '\(path)': \(error.text)", cause: error)
        }
    }
}
