import Logging

/// Registers the composed-task runner the server was configured with as task app
/// `composed-task-runner` when the server starts, under the version ``version``: registered when
/// no such app exists, its URI updated when the configuration names another. Versions
/// registered by users are left as they are (one made the default is what launches use).
enum ComposedTaskRunnerRegistration {
    /// The version the server registers the runner under.
    static let version = "bundled"

    /// Registers `settings.runnerURI`, if any; a failure is logged, not thrown (the server runs
    /// without composed tasks then).
    static func register(_ settings: ComposedTaskSettings, registry: AppRegistry, logger: Logger) async {
        guard let uri = settings.runnerURI else { return }
        let name = ComposedTaskLaunch.runnerAppName
        do {
            let stored = try AppURI.check(uri).1
            let existing = try await registry.app(type: .task, name: name, version: version)
            guard existing?.uri != stored else { return }
            try await registry.register(type: .task, name: name, version: version, uri: uri, force: existing != nil)
            logger.info("registered task app \(name) \(version)", metadata: ["composed.runner.uri": "\(stored)"])
        } catch {
            logger.warning(
                "could not register task app \(name) from \(uri): \(error); composed tasks need it registered (POST /apps/task/\(name))",
                metadata: ["composed.runner.uri": "\(uri)"])
        }
    }
}
