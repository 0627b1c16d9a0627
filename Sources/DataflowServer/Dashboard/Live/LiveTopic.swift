/// What a region of a dashboard page shows and watches for changes: the server sends a
/// `change` event when the topic's version differs from the one the page was rendered with,
/// and the page fetches the region again.
enum LiveTopic: Sendable, Hashable, CustomStringConvertible {
    /// One job execution: its status, its steps' counters and progress.
    case job(Int64)
    /// One task execution: its status, exit code and linked jobs.
    case task(Int64)
    /// What runs now (task and job executions).
    case running
    /// The newest executions and what runs (lists, the grid, the chart).
    case recent

    /// Parses `job:5`, `task:7`, `running`, `recent`.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count == 2 ? Int64(parts[1]) : nil) {
        case ("job", let id?) where id >= 0: self = .job(id)
        case ("task", let id?) where id >= 0: self = .task(id)
        case ("running", nil) where parts.count == 1: self = .running
        case ("recent", nil) where parts.count == 1: self = .recent
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .job(let id): "job:\(id)"
        case .task(let id): "task:\(id)"
        case .running: "running"
        case .recent: "recent"
        }
    }
}
