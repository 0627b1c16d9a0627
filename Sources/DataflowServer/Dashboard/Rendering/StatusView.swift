/// A status as pages show it: its name in words, a CSS class for its colour and a symbol, so
/// colour is never the only carrier of the status.
struct StatusView: Sendable {
    /// `COMPLETED`.
    var text: String
    /// `completed` (the class is `status-completed`).
    var css: String
    /// `✓`, `✗`, `▶`, `■`, `⊘`, `?`.
    var symbol: String

    init(_ status: String) {
        text = status
        css = status.lowercased()
        switch status {
        case "COMPLETED": symbol = "✓"
        case "COMPLETE":  // a task execution's (Data Flow's TaskStatus), coloured as a completed job
            symbol = "✓"
            css = "completed"
        case "FAILED", "ERROR": symbol = "✗"
        case "STARTED", "STARTING", "RUNNING", "LAUNCHING": symbol = "▶"
        case "STOPPING", "STOPPED": symbol = "■"
        case "ABANDONED": symbol = "⊘"
        case "QUEUED": symbol = "…"
        default: symbol = "?"
        }
    }
}
