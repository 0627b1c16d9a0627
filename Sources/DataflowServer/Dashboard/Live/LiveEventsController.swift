import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `GET /dashboard/events`: server-sent events for what a page shows.
///
/// The page names its live regions and the versions it was rendered with
/// (`?topic=job:5@1a2b…&topic=running@…`) and the logs it shows with where they end
/// (`&log=7@120.0`). Every quarter second the server reads each topic's version and sends
/// `event: change` with `{"topic","version"}` when it moved (the page then fetches the region
/// again), and `event: log` with the task's new complete lines, its id the new position, so a
/// reconnecting browser (`Last-Event-ID`) resumes where it was. A stream lasts ten minutes at
/// most (the browser reconnects) and ends at once when the server shuts down.
struct LiveEventsController: Sendable {
    let versions: LiveVersions
    let logs: @Sendable (Int64, LogPosition) async throws -> (text: String, position: LogPosition)?
    let logger: Logger
    /// How often the topics are read.
    static let interval: Duration = .milliseconds(250)
    /// The header a reconnecting `EventSource` sends.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// The most topics and logs one stream watches.
    static let maximumTopics = 50

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/events", use: events)
    }

    @Sendable func events(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var topics: [(LiveTopic, String)] = []
        for text in request.uri.queryParameters.getAll("topic") {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard let topic = LiveTopic(parts[0]) else {
                throw ServerError(.badRequest, "'\(parts[0])' is not a live topic: expected job:ID, task:ID, running or recent")
            }
            topics.append((topic, parts.count == 2 ? parts[1] : ""))
        }
        var logs: [(Int64, LogPosition)] = []
        let resumed = request.headers[Self.lastEventID].flatMap(LogPosition.init)
        for text in request.uri.queryParameters.getAll("log") {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard let id = Int64(parts[0]), id >= 0 else {
                throw ServerError(.badRequest, "'\(parts[0])' is not a task execution id for log=: expected log=ID@POSITION, such as log=7@0.0")
            }
            logs.append((id, resumed ?? (parts.count == 2 ? LogPosition(parts[1]) : nil) ?? LogPosition(offsets: [0, 0])))
        }
        guard topics.count + logs.count <= Self.maximumTopics else {
            throw ServerError(.badRequest, "A live stream watches at most \(Self.maximumTopics) topics and logs; this request names \(topics.count + logs.count)")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let stream = Stream(topics: topics, logs: logs, versions: versions, readLog: logs.isEmpty ? nil : self.logs, logger: logger)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await stream.run(&writer)
            try await writer.finish(nil)
        })
    }

    /// The data of a `log` event.
    struct LogLines: Encodable {
        var task: Int64
        var text: String
    }

    /// One browser's stream.
    struct Stream: Sendable {
        var topics: [(LiveTopic, String)]
        var logs: [(Int64, LogPosition)]
        let versions: LiveVersions
        let readLog: (@Sendable (Int64, LogPosition) async throws -> (text: String, position: LogPosition)?)?
        let logger: Logger
        static let lifetime: Duration = .seconds(600)

        func run(_ writer: inout any ResponseBodyWriter) async throws {
            var topics = self.topics
            var logs = self.logs
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            let clock = ContinuousClock()
            let end = clock.now + Self.lifetime
            var lastWrite = clock.now
            // Ends within one interval of the server's graceful shutdown, which waits for open responses.
            while clock.now < end, !Task.isShuttingDownGracefully, !Task.isCancelled {
                var out = ""
                // What runs now is read once per tick for the topics that show it.
                let running = topics.contains { $0.0 == .running || $0.0 == .recent } ? try await versions.running() : nil
                for index in topics.indices {
                    let version = try await versions.version(of: topics[index].0, running: running)
                    if version != topics[index].1 {
                        topics[index].1 = version
                        out += "event: change\ndata: {\"topic\":\"\(topics[index].0)\",\"version\":\"\(version)\"}\n\n"
                    }
                }
                for index in logs.indices {
                    guard let readLog, let (text, position) = try await readLog(logs[index].0, logs[index].1), !text.isEmpty else { continue }
                    logs[index].1 = position
                    out += "event: log\nid: \(position)\n"
                    let payload = try JSONEncoder().encode(LogLines(task: logs[index].0, text: text))
                    out += "data: \(String(decoding: payload, as: UTF8.self))\n\n"
                }
                if out.isEmpty, clock.now - lastWrite > .seconds(15) { out = ": keep-alive\n\n" }
                if !out.isEmpty {
                    try await writer.write(ByteBuffer(string: out))
                    lastWrite = clock.now
                }
                try await Task.sleep(for: LiveEventsController.interval)
            }
        }
    }
}

extension LiveEventsController {
    /// Runs a file read off the cooperative pool (on NIO's blocking thread pool).
    static func read<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
