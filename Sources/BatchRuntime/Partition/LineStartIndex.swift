/// Where the record lines of a file begin, from one pass of a ``RecordLineScanner``, in bounded
/// memory: every line's start is kept while there are few, then every second one, every fourth,
/// and so on, so at most `limit` are kept; the start of any other line is found again by
/// scanning on from the nearest kept one (at most `lineCount / (limit / 2)` lines).
struct LineStartIndex {
    typealias Position = RecordLineScanner.Position

    /// The number of record lines (0-based line *n* is the *n*+1-th record line).
    let lineCount: Int
    /// The number of the file's last physical line.
    let lastLine: Int
    private let scanner: RecordLineScanner
    /// `kept[i]` is the start of record line `i * step`.
    private let kept: [Position]
    private let step: Int

    /// Reads the whole file once.
    /// - Parameters:
    ///   - scanner: The file, which must not be empty.
    ///   - limit: The most line starts kept (at least 2).
    /// - Throws: ``BatchError/Code/readFailed`` when reading fails.
    init(scanner: RecordLineScanner, limit: Int) throws(BatchError) {
        let limit = max(2, limit)
        let size = scanner.size
        var kept = [Position(offset: 0, line: 1)]
        var step = 1
        var count = 1
        lastLine = try scanner.scan(from: kept[0]) { position in
            // A line end at the very end of the file starts no line.
            guard position.offset < size else { return true }
            if count % step == 0 {
                kept.append(position)
                if kept.count > limit {
                    kept = stride(from: 0, to: kept.count, by: 2).map { kept[$0] }
                    step *= 2
                }
            }
            count += 1
            return true
        }
        self.scanner = scanner
        self.kept = kept
        self.step = step
        self.lineCount = count
    }

    /// The start of 0-based record line `line`, which must be below ``lineCount``.
    /// - Throws: ``BatchError/Code/readFailed`` when reading fails.
    func start(ofLine line: Int) throws(BatchError) -> Position {
        precondition(line >= 0 && line < lineCount, "line \(line) is not among the \(lineCount) lines")
        let nearest = kept[line / step]
        var remaining = line % step
        guard remaining > 0 else { return nearest }
        var found = nearest
        try scanner.scan(from: nearest) { position in
            remaining -= 1
            guard remaining == 0 else { return true }
            found = position
            return false
        }
        return found
    }
}
