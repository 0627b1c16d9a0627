import Foundation

extension DataflowServerConfiguration {
    /// Composed tasks: the runner and the server URI it is given.
    public struct ComposedTasks: Sendable, Hashable {
        /// The runner registered at start (`spring.cloud.dataflow.task.composed-task-runner.uri`):
        /// nil when not set (the server then registers the `composed-task-runner` beside its own
        /// executable, if there is one), empty to register none.
        public var runnerURI: String?
        /// The URI composed-task runners reach the server at (`spring.cloud.dataflow.server.uri`);
        /// nil for the address and port the server listens on.
        public var serverURI: String?

        /// Creates settings.
        public init(runnerURI: String? = nil, serverURI: String? = nil) {
            self.runnerURI = runnerURI
            self.serverURI = serverURI
        }

        init(_ properties: ServerProperties) throws(ServerConfigurationError) {
            runnerURI = properties.value(key: "spring.cloud.dataflow.task.composed-task-runner.uri")?.text
                .trimmingCharacters(in: .whitespaces)
            serverURI = try properties.value(key: "spring.cloud.dataflow.server.uri").map { value throws(ServerConfigurationError) in
                let text = try PropertyValueParsing.text(value, expected: "the URL runners reach the server at, such as http://dataflow:9393")
                guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
                    throw .invalid(value, expected: "an http:// or https:// URL, such as http://dataflow:9393")
                }
                return text.hasSuffix("/") ? String(text.dropLast()) : text
            }
        }
    }
}
