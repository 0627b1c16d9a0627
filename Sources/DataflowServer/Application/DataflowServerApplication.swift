import Database
import Hummingbird
import Logging
import TaskRuntime

/// Builds the server: one function that the executable and the tests both call.
///
/// ```swift
/// let app = DataflowServerApplication.build(settings: settings, pool: pool, logger: logger)
/// try await app.runService()
/// ```
public enum DataflowServerApplication {
    /// The server's services over one metadata database.
    public struct Services: Sendable {
        /// The app registry.
        public let registry: AppRegistry
        /// Task definitions.
        public let definitions: TaskDefinitions
        /// The audit trail.
        public let audit: AuditTrail
        /// The task read side.
        public let taskExplorer: TaskExplorer

        /// Creates the services over `pool`.
        public init(pool: ConnectionPool, settings: ServerSettings) {
            registry = AppRegistry(pool: pool, streamsEnabled: settings.features.streams)
            definitions = TaskDefinitions(pool: pool, registry: registry)
            audit = AuditTrail(pool: pool)
            taskExplorer = TaskExplorer(pool: pool)
        }
    }

    /// The application: routes, middleware and services, listening where `settings` say.
    /// - Parameters:
    ///   - onServerRunning: Called with the bound port once the server listens (port 0 picks one).
    public static func build(
        settings: ServerSettings, pool: ConnectionPool, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let services = Services(pool: pool, settings: settings)
        let router = router(settings: settings, services: services, pool: pool)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(settings.address, port: settings.port), serverName: "dataflow-server"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }

    /// The routes of every enabled feature, behind the error middleware.
    static func router(settings: ServerSettings, services: Services, pool: ConnectionPool) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        let manifests: @Sendable ([Int64]) async throws -> [Int64: LaunchManifest] = { _ in [:] }
        RootController(features: settings.features).addRoutes(to: router)
        AboutController(about: AboutInfo(
            features: settings.features, dashboardURL: settings.dashboardURL, securityEnabled: settings.securityEnabled,
            platforms: [(name: "default", type: "Local")], databaseDialect: pool.dialect == .sqlite ? "SQLite" : "PostgreSQL"
        )).addRoutes(to: router)
        AppsController(registry: services.registry, definitions: services.definitions).addRoutes(to: router)
        AuditController(audit: services.audit).addRoutes(to: router)
        if settings.features.tasks {
            TaskDefinitionsController(
                definitions: services.definitions, explorer: services.taskExplorer, manifests: manifests,
                cleanup: { _, _ in }
            ).addRoutes(to: router)
            TaskExecutionsController(explorer: services.taskExplorer, definitions: services.definitions, manifests: manifests)
                .addRoutes(to: router)
        }
        return router
    }
}
