import Database
import Logging
import Properties

/// Reads the server's settings. (Interim: arguments and environment with relaxed binding.)
public enum ServerConfiguration {
    /// The settings from `arguments` and `environment`.
    public static func settings(arguments: [String], environment: [String: String], logger: Logger) throws -> ServerSettings {
        let properties = LaunchProperties(arguments: arguments, environment: environment)
        let dataSource = DataSourceSettings.resolve(explicitURL: nil, properties: properties)
        var settings = ServerSettings(database: try dataSource.databaseURL())
        settings.port = Int(try properties.integer("server.port", in: 0...65535) ?? 9393)
        settings.address = properties.text("server.address") ?? settings.address
        settings.migrate = try properties.bool("spring.flyway.enabled") ?? true
        settings.features = Features(
            streams: try properties.bool("spring.cloud.dataflow.features.streams-enabled") ?? false,
            tasks: try properties.bool("spring.cloud.dataflow.features.tasks-enabled") ?? true,
            schedules: try properties.bool("spring.cloud.dataflow.features.schedules-enabled") ?? true)
        settings.dashboardURL = properties.text("spring.cloud.dataflow.metrics.dashboard.url")
        return settings
    }
}
