import Foundation
import Properties
import Synchronization

/// What a launch of a composed definition is, as Data Flow launches one: the task app
/// `composed-task-runner` (a BatchRuntime job app that runs the graph, see
/// ``ComposedTaskFlow``) with these arguments before the user's:
/// - `--graph=<the DSL with child definition names>` (``TaskGraph/runnerGraph(definitionName:)``);
/// - `--dataflow-server-uri=<this server>`, where the runner launches the children;
/// - `--composed-task-properties=<the launch properties for children>`: each launch property
///   `app.<label or app>.*`, `deployer.<label or app>.*` and `version.<label or app>` given for
///   the composed task, comma separated as written; the runner hands each child those of its
///   own label or app, which the child's launch then scopes as for any launch;
/// - `--spring.cloud.data.flow.taskappname=composed-task-runner`, as Data Flow passes it.
///
/// The runner's task execution is the parent: it launches each child through
/// `POST /tasks/executions/launch` with `--spring.cloud.task.parent-execution-id=<its id>`,
/// which the server records on the child's row when it creates it (Data Flow leaves that to the
/// child), so stopping the parent reaches children that have not started yet.
struct ComposedTaskLaunch: Sendable {
    /// The name the runner is registered under.
    static let runnerAppName = "composed-task-runner"
    /// The arguments the server gives the runner, replaced rather than repeated on a relaunch.
    static let runnerArgumentNames = ["graph", "dataflow-server-uri", "composed-task-properties", "spring.cloud.data.flow.taskappname"]
    /// The launch argument naming a child's parent execution.
    static let parentArgument = "spring.cloud.task.parent-execution-id"

    /// The settings.
    let settings: ComposedTaskSettings
    /// Whether runners are started with a token of their own (security is on, ``LaunchToken``).
    var issuesTokens = false
    private let fallbackURI: String
    private let bound: BoundURI

    /// Creates the launch side of a server listening on `address`, port `port` (0 until bound).
    init(settings: ComposedTaskSettings, address: String, port: Int) {
        self.settings = settings
        self.bound = BoundURI()
        self.fallbackURI = Self.uri(address: address, port: port)
        if port != 0 { bound.set(fallbackURI) }
    }

    /// Records the port the server listens on, for runners launched from now on.
    func serverStarted(address: String, port: Int) {
        bound.set(Self.uri(address: address, port: port))
    }

    /// The URI runners reach the server at.
    var serverURI: String { settings.serverURI ?? bound.get() ?? fallbackURI }

    /// The runner's arguments for the composed definition `name` with `graph`, launched with
    /// the (merged) launch `properties`.
    func runnerArguments(definitionName name: String, graph: TaskGraph, properties: [String: String]) -> [String] {
        var arguments = [
            LaunchProperties.argument("graph", graph.runnerGraph(definitionName: name).dsl),
            LaunchProperties.argument("dataflow-server-uri", serverURI),
        ]
        let scopes = Set(graph.apps.map(\.referenceName))
        let childProperties = properties.keys.sorted().filter { key in
            ["app.", "deployer.", "version."].contains { prefix in
                guard key.hasPrefix(prefix) else { return false }
                let rest = key.dropFirst(prefix.count)
                let scope = prefix == "version." ? String(rest) : String(rest.prefix { $0 != "." })
                return scopes.contains(scope)
            }
        }.map { "\($0)=\(properties[$0]!)" }
        if !childProperties.isEmpty {
            arguments.append(LaunchProperties.argument("composed-task-properties", childProperties.joined(separator: ",")))
        }
        arguments.append(LaunchProperties.argument("spring.cloud.data.flow.taskappname", Self.runnerAppName))
        return arguments
    }

    /// `original` (a relaunch's arguments, from the first launch) with the runner arguments the
    /// server sets replaced by `runnerArguments`, so a restart gets this server's URI and graph.
    static func refreshed(_ original: [String], runnerArguments: [String]) -> [String] {
        let owned = Set(runnerArgumentNames.map(LaunchProperties.canonical))
        return runnerArguments + original.filter { argument in
            guard argument.hasPrefix("--") else { return true }
            return !owned.contains(LaunchProperties.canonical(String(argument.dropFirst(2).prefix { $0 != "=" })))
        }
    }

    /// The parent execution a launch's arguments name (`--spring.cloud.task.parent-execution-id`
    /// in any relaxed spelling), if a valid one.
    static func parentExecutionId(in arguments: [String]) -> Int64? {
        let properties = LaunchProperties(arguments: arguments, environment: [:])
        return properties[parentArgument].flatMap { Int64($0.text) }.flatMap { $0 > 0 ? $0 : nil }
    }

    private static func uri(address: String, port: Int) -> String {
        let host = ["0.0.0.0", "::", ""].contains(address) ? "127.0.0.1" : address
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The URI once the server is bound.
    private final class BoundURI: Sendable {
        private let value = Mutex<String?>(nil)
        func set(_ uri: String) { value.withLock { $0 = uri } }
        func get() -> String? { value.withLock { $0 } }
    }
}
