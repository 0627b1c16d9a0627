/// What is new in a task's log since it was last fetched. The server sends the whole log each
/// time, and the local platform's log is the app's standard output followed by its standard
/// error, so new lines can appear in the middle as well as at the end. A line is new when the
/// log now holds more copies of it than before; new lines are shown once, in the log's order,
/// and a last line without its newline waits for it (or for the end of the execution).
struct LogTail {
    private var shown: [Substring: Int] = [:]
    private var shownPartial = false

    /// The lines of `log` not shown yet; remembers them as shown.
    /// - Parameter final: The execution has ended: show a last line without a newline too.
    mutating func newText(_ log: String, final: Bool = false) -> String {
        var lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        let partial = lines.removeLast()
        var before = shown
        var counts: [Substring: Int] = [:]
        var text = ""
        for line in lines {
            counts[line, default: 0] += 1
            if let copies = before[line], copies > 0 {
                before[line] = copies - 1
            } else {
                text += line + "\n"
            }
        }
        shown = counts
        if final, !partial.isEmpty, !shownPartial {
            text += partial + "\n"
            shownPartial = true
        }
        return text
    }
}
