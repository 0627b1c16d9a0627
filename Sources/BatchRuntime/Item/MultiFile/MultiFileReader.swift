#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads several files as one input: the files a pattern matches, in sorted order, each read by
/// a reader made for it (Spring's `MultiResourceItemReader`); restartable across files.
///
/// The pattern is expanded with glob(3) when the reader opens, and the paths are sorted by
/// their bytes. For each file in turn, `reader` makes a delegate (a ``DelimitedFileReader``,
/// a ``JSONLinesReader``...), which is opened, read to its end and closed.
///
/// ``update(_:)`` saves `<name>.file.index` (0-based) and `<name>.file.name` (the path) of the
/// file being read and `<name>.read.count`, and lets the delegate save its own position under
/// its own name (which must differ from this reader's). On a restart ``open(_:)`` reopens the
/// same file with the saved context, so the delegate resumes where it stopped, then goes on
/// with the next files. When the files changed so that the saved one is no longer at its
/// index, the restart fails rather than read a file twice or skip one.
///
/// As an ``ItemLocating`` it names the file being read and the delegate's line (a chunk step
/// takes one input name per chunk, so for a chunk that spans two files, a write error on an
/// item of the first file names the second with the item's line in the first). As a
/// ``SizedItemReader`` it reports bytes: the sizes of the files done plus the delegate's
/// progress (which file readers report in bytes), out of the size of all the files.
///
/// ```swift
/// let reader = MultiFileReader<Transaction>(name: "inputs", pattern: "in/tx-*.csv") { path in
///     DelimitedFileReader(name: "tx", path: path) { try Transaction($0) }
/// }
/// ```
///
/// Like every reader it is step-scoped: one task uses it, so it is not `Sendable`.
public final class MultiFileReader<Item>: ItemReader, ItemStream, SizedItemReader {
    /// The name under which the position is saved in the execution context.
    public let name: String
    /// The files read, in order; empty before ``open(_:)``.
    public private(set) var paths: [String] = []
    /// The items returned by ``read()`` so far, over all files, including those of earlier runs before a restart.
    public private(set) var readCount: Int64 = 0

    private let pattern: String?
    private let givenPaths: [String]
    private let allowEmpty: Bool
    private let makeReader: (String) throws -> any ItemReader<Item> & ItemStream
    private var sizes: [Int64] = []
    private var index = 0
    private var current: (any ItemReader<Item> & ItemStream)?
    private var opened = false

    /// Creates a reader of the files matching `pattern`; nothing is listed or opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `inputs`; not the delegates' name.
    ///   - pattern: A glob(3) pattern, such as `in/tx-*.csv`.
    ///   - allowEmpty: Whether a pattern that matches nothing reads no items (instead of failing).
    ///   - reader: Makes the delegate reader of one file from its path.
    public init(
        name: String, pattern: String, allowEmpty: Bool = false,
        reader: @escaping (String) throws -> any ItemReader<Item> & ItemStream
    ) {
        self.name = name
        self.pattern = pattern
        self.givenPaths = []
        self.allowEmpty = allowEmpty
        self.makeReader = reader
    }

    /// Creates a reader of the files at `paths`, in the order given.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `inputs`; not the delegates' name.
    ///   - paths: The files to read.
    ///   - reader: Makes the delegate reader of one file from its path.
    public init(name: String, paths: [String], reader: @escaping (String) throws -> any ItemReader<Item> & ItemStream) {
        self.name = name
        self.pattern = nil
        self.givenPaths = paths
        self.allowEmpty = true
        self.makeReader = reader
    }

    /// Bytes of the files done plus the delegate's progress, out of the size of all the files; nil before ``open(_:)``.
    public var progressEstimate: ProgressEstimate? {
        guard opened else { return nil }
        let total = sizes.reduce(0, +)
        let done = sizes.prefix(index).reduce(0, +) + ((current as? any SizedItemReader)?.progressEstimate?.done ?? 0)
        return ProgressEstimate(done: min(done, total), total: total)
    }

    /// Lists the files and opens the first one or, with `<name>.file.index` in `context` (a
    /// restart), the saved one at the delegate's saved position.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/readFailed`` when the pattern matches no file (unless
    ///   `allowEmpty`) or cannot be expanded; ``BatchError/Code/streamFailed`` when the saved file
    ///   is no longer at its index; what the delegate throws when making or opening it.
    public func open(_ context: ExecutionContext) async throws {
        try await close()
        opened = false
        current = nil
        paths = try pattern.map { pattern throws(BatchError) in try FileGlob.paths(matching: pattern) } ?? givenPaths
        if paths.isEmpty && !allowEmpty {
            throw BatchError(
                .readFailed, "reader '\(name)': no input file matches '\(pattern ?? "")'; check the pattern and the working directory, or pass allowEmpty: true")
        }
        sizes = paths.map(Self.size)
        index = 0
        readCount = 0
        var delegateContext = ExecutionContext()
        if let saved = context.int("\(name).file.index") {
            try checkSavedFile(index: saved, name: context.string("\(name).file.name"))
            index = Int(saved)
            readCount = max(0, context.int("\(name).read.count") ?? 0)
            delegateContext = context
        }
        if index < paths.count { try await openDelegate(delegateContext) }
        opened = true
    }

    /// Reads the next item of the current file, moving on to the next file at its end.
    /// - Returns: The item, or nil after the last item of the last file.
    /// - Throws: What the delegate throws (its errors name the file and line);
    ///   ``BatchError/Code/readFailed`` when the reader is not open.
    public func read() async throws -> Item? {
        guard opened else {
            throw BatchError(.readFailed, "reader '\(name)' is not open: call open(_:) before read()")
        }
        while index < paths.count {
            if current == nil { try await openDelegate(ExecutionContext()) }
            guard let delegate = current else { break }
            if let item = try await delegate.read() {
                readCount += 1
                return item
            }
            try await delegate.close()
            current = nil
            index += 1
        }
        return nil
    }

    /// Saves `<name>.file.index`, `<name>.file.name` and `<name>.read.count`, and the delegate's position.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` when the reader was never opened; what the delegate's `update` throws.
    public func update(_ context: inout ExecutionContext) throws {
        guard opened else {
            throw BatchError(.streamFailed, "reader '\(name)' is not open: call open(_:) before update(_:)")
        }
        context["\(name).file.index"] = .int(Int64(index))
        context["\(name).file.name"] = .string(index < paths.count ? paths[index] : "")
        context["\(name).read.count"] = .int(readCount)
        try current?.update(&context)
    }

    /// Closes the current file's reader; its position stays available to ``update(_:)``.
    /// - Throws: What the delegate's `close` throws.
    public func close() async throws {
        try await current?.close()
    }

    /// Makes and opens the reader of `paths[index]`.
    private func openDelegate(_ context: ExecutionContext) async throws {
        let delegate = try makeReader(paths[index])
        try await delegate.open(context)
        current = delegate
    }

    /// Fails unless the file saved at `saved` is still there.
    private func checkSavedFile(index saved: Int64, name savedName: String?) throws(BatchError) {
        let source = pattern.map { "the files matching '\($0)'" } ?? "the given paths"
        if saved >= 0 && saved < paths.count && (savedName == nil || paths[Int(saved)] == savedName) { return }
        if saved == paths.count && (savedName ?? "").isEmpty { return }
        let was = "the last run was reading file \(saved + 1) '\(savedName ?? "?")' of \(source)"
        let now: String
        if let savedName, let moved = paths.firstIndex(of: savedName) {
            now = "it is now file \(moved + 1) of \(paths.count): files were added or removed before it"
        } else {
            now = "it is no longer among them (\(paths.count) files now)"
        }
        throw BatchError(
            .streamFailed,
            "cannot restart '\(name)': \(was), but \(now); restore the files as they were, or start a new job instance")
    }

    /// The size of the file at `path` in bytes, or 0 when it cannot be read (opening it will say why).
    private static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

extension MultiFileReader: ItemLocating {
    /// The path of the file being read (the last one after the end).
    public var inputName: String { index < paths.count ? paths[index] : (paths.last ?? pattern ?? name) }
    /// The delegate's line for the item last returned, when it knows it.
    public var lastItemLine: Int? { (current as? any ItemLocating)?.lastItemLine }
}
