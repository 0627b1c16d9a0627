/// The end of a task execution's log as its page shows it: the last 256 KB of complete lines,
/// read off the cooperative pool, and the position where they end, from which the page's
/// script streams what the task writes next (`log=ID@POSITION` on `/dashboard/events`).
struct TaskLogView: Sendable {
    /// The task execution.
    var id: Int64
    /// Whether this server launched it (else it has no log here).
    var available: Bool
    /// The lines shown.
    var text: String
    /// Where they end (`120.0`).
    var position: String
    /// Whether earlier output was left out.
    var truncated: Bool
    /// Whether there is nothing to show yet (or any more, after a cleanup).
    var empty: Bool
    /// The whole log at the REST endpoint (`/tasks/logs/{externalExecutionId}`), once started.
    var fullHref: String?

    /// How much of a log the page shows.
    static let limit = 256 * 1024
    /// ``limit`` in words.
    static let limitText = "256 KB"

    /// Reads the log of `launch` (nil when this server did not launch the execution).
    static func read(id: Int64, launch: TaskLaunchRecord?, platforms: Platforms) async throws -> TaskLogView {
        guard let launch, let platform = platforms[launch.platformName]?.platform else {
            return TaskLogView(id: id, available: false, text: "", position: "0.0", truncated: false, empty: true, fullHref: nil)
        }
        let tail = try await LiveEventsController.read { try platform.logTail(of: launch, last: limit) }
        return TaskLogView(
            id: id, available: true, text: tail.text, position: tail.position.description, truncated: tail.truncated, empty: tail.text.isEmpty,
            fullHref: launch.launchId.map { "/tasks/logs/\(DashboardResponses.pathEscaped($0))" })
    }
}
