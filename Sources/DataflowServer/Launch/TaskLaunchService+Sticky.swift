import Database
import Foundation

extension TaskLaunchService {
    /// What the next launch of a definition starts from, as the launch form shows it.
    public struct StickyLaunch: Sendable, Hashable {
        /// The properties of the definition's last launch (`app.<app>.k`, `deployer.<app>.k`,
        /// `version.<app>`), which the next launch merges its own over; empty before the first launch.
        public var properties: [String: String]
        /// The platform the next launch runs on unless it names another.
        public var platform: String
    }

    /// The properties and platform the next launch of `name` inherits from its last launch
    /// (read as ``launch(name:properties:arguments:priority:user:)`` reads them).
    public func stickyLaunch(of name: String) async throws -> StickyLaunch {
        try await pool.withConnection { connection in
            let properties = try await LaunchManifestStore.latest(taskName: name, on: connection)?.launchProperties ?? [:]
            let stored = try await TaskDeploymentStore.platform(of: name, on: connection)
            let platform = properties["spring.cloud.dataflow.task.platformName"] ?? stored ?? platforms.defaultName
            return StickyLaunch(properties: properties, platform: platform)
        }
    }
}
