import Foundation
import Properties

/// The composed-task runner's settings, read with Spring's relaxed binding from its command
/// line and environment (the names are Data Flow's runner's):
/// - `--graph=<DSL>`: the composed task, with child task definition names (required);
/// - `--dataflow-server-uri=<URL>`: the server the children are launched through (default
///   `http://localhost:9393`);
/// - `--interval-time-between-checks=<duration>`: how often a child's end is looked for
///   (milliseconds when a bare number, as in Data Flow; default 250 ms, Data Flow's is 10 s);
/// - `--composed-task-properties=<k=v,...>`: launch properties for the children, each
///   `app.<label or app>.*`, `deployer.<label or app>.*` or `version.<label or app>`; a child gets
///   those of its own label or app with its launch;
/// - `--composed-task-arguments=<arguments>`: arguments every child is launched with;
/// - `--dataflow-server-username` and `--dataflow-server-password` (HTTP Basic), or
///   `--dataflow-server-access-token` (a bearer token), for a server with security on. A server
///   of this project starts its runners with a token of their own in
///   `DATAFLOW_SERVER_ACCESS_TOKEN`, so none needs to be given;
/// - `--spring.cloud.task.name`: the composed task's name, the job's (default
///   `composed-task-runner`); `--spring.cloud.task.executionid`: this run's task execution, the
///   children's parent.
struct RunnerSettings: Sendable {
    /// The options the runner reads itself, besides the launch properties.
    static let options: Set<String> = [
        "graph", "dataflow-server-uri", "interval-time-between-checks", "composed-task-properties", "composed-task-arguments",
        "dataflow-server-username", "dataflow-server-password", "dataflow-server-access-token",
    ]

    var graph: String
    var serverURI: String
    /// The `Authorization` header value for the server, if credentials were given.
    var authorization: String?
    var interval: Duration
    var childProperties: [(key: String, value: String)]
    var childArguments: String
    var jobName: String
    var taskExecutionId: Int64?

    /// Reads the settings.
    /// - Throws: ``RunnerError`` for a missing graph or a value that does not parse.
    init(arguments: [String], environment: [String: String]) throws {
        let properties = LaunchProperties(arguments: arguments, environment: environment)
        guard let graph = properties["graph"]?.text, !graph.isEmpty else {
            throw RunnerError("no --graph: give the composed task's DSL with child task definition names, such as --graph='nightly-a && nightly-b'")
        }
        self.graph = graph
        var uri = properties["dataflow-server-uri"]?.text ?? "http://localhost:9393"
        while uri.hasSuffix("/") { uri.removeLast() }
        guard uri.hasPrefix("http://") || uri.hasPrefix("https://") else {
            throw RunnerError("--dataflow-server-uri must be an http:// or https:// URL, not '\(uri)'")
        }
        serverURI = uri
        authorization = try Self.authorization(properties)
        interval = .milliseconds(250)
        if let text = properties["interval-time-between-checks"]?.text {
            guard let duration = SpringDuration.parse(text, defaultUnit: .milliseconds), duration > .zero else {
                throw RunnerError("--interval-time-between-checks needs a duration such as 250 (milliseconds), 500ms or 2s, not '\(text)'")
            }
            interval = duration
        }
        childProperties = Self.pairs(properties["composed-task-properties"]?.text ?? "")
        childArguments = properties["composed-task-arguments"]?.text ?? ""
        jobName = properties["spring.cloud.task.name"]?.text ?? "composed-task-runner"
        taskExecutionId = properties["spring.cloud.task.executionid"].flatMap { Int64($0.text) }
    }

    /// The launch properties for the child whose label or app is `scope`, as one `properties`
    /// text (`app.t1.format=yyyy,deployer.t1.memory=1g`).
    func properties(forScope scope: String) -> String {
        childProperties.filter { key, _ in
            key == "version.\(scope)" || key.hasPrefix("app.\(scope).") || key.hasPrefix("deployer.\(scope).")
        }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Basic for a user name and password, else Bearer for a token. A user name and password
    /// given explicitly win over a token from the environment (arguments are read first).
    private static func authorization(_ properties: LaunchProperties) throws -> String? {
        let user = properties["dataflow-server-username"]?.text
        let password = properties["dataflow-server-password"]?.text
        switch (user, password) {
        case (let user?, let password?):
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case (.some, nil), (nil, .some):
            throw RunnerError("--dataflow-server-username and --dataflow-server-password go together: give both, or a --dataflow-server-access-token")
        case (nil, nil):
            return properties["dataflow-server-access-token"].map { "Bearer \($0.text)" }
        }
    }

    /// `k=v,k=v` as pairs; a piece without `=` continues the value before it (a value with a comma).
    private static func pairs(_ text: String) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let equals = piece.firstIndex(of: "="), !piece[..<equals].contains(" ") {
                pairs.append((piece[..<equals].trimmingCharacters(in: .whitespaces), String(piece[piece.index(after: equals)...])))
            } else if !pairs.isEmpty {
                pairs[pairs.count - 1].value += "," + piece
            }
        }
        return pairs
    }
}

/// A problem the runner reports before its job starts (exit code 2).
struct RunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
