import Foundation
import Hummingbird

/// `GET /dashboard/about`: versions, the features on, the database, the platforms and the
/// monitoring dashboard (Grafana) when one is configured.
struct AboutPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var version: String
        var compatibleVersion: String
        var features: [Feature]
        var database: String
        var databaseURL: String
        var platforms: [Platform]
        var monitoringURL: String?
        var security: String
        var user: String?
        var roles: String
    }

    struct Feature: Sendable {
        var name: String
        var state: String
    }

    struct Platform: Sendable {
        var name: String
        var type: String
        var maximumConcurrentTasks: Int
        var running: Int
        var queue: String
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/about", use: page)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let settings = dashboard.settings
        let running = try await dashboard.services.launcher.runningCounts()
        let model = Model(
            version: AboutInfo.version, compatibleVersion: AboutInfo.compatibleCoreVersion,
            features: [("Tasks", settings.features.tasks), ("Schedules", settings.features.schedules), ("Streams", settings.features.streams)]
                .map { Feature(name: $0.0, state: $0.1 ? "on" : "off") },
            database: dashboard.databaseDialect, databaseURL: settings.database.description,
            platforms: settings.platforms.map {
                Platform(
                    name: $0.name, type: "Local", maximumConcurrentTasks: $0.maximumConcurrentTasks, running: running[$0.name] ?? 0,
                    queue: $0.queueEnabled ? "up to \($0.queueCapacity) waiting" : "off")
            },
            monitoringURL: settings.dashboardURL.flatMap { $0.isEmpty ? nil : $0 },
            security: settings.security.enabled ? "on (sign-in required)" : "off",
            user: context.user, roles: context.roles.sorted().joined(separator: ", "))
        return dashboard.page("about", model, title: "About", section: .about, request: request, context: context)
    }
}
