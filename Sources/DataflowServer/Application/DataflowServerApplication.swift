import BatchRuntime
import Database
import Hummingbird
import Logging
import ServiceLifecycle
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
        /// The platforms.
        public let platforms: Platforms
        /// Launches, stops and logs.
        public let launcher: TaskLaunchService
        /// Cleanup of executions.
        public let cleanup: TaskCleanup
        /// Stop, abandon and restart of job executions.
        public let jobOperations: JobOperations
        /// Task schedules.
        public let schedules: TaskSchedules

        /// Creates the services over `pool`.
        public init(pool: ConnectionPool, settings: ServerSettings, logger: Logger) {
            registry = AppRegistry(pool: pool, streamsEnabled: settings.features.streams)
            definitions = TaskDefinitions(pool: pool, registry: registry)
            audit = AuditTrail(pool: pool)
            taskExplorer = TaskExplorer(pool: pool)
            platforms = Platforms.local(settings.platforms)
            var launcher = TaskLaunchService(
                pool: pool, definitions: definitions, registry: registry, platforms: platforms, appDataSource: settings.appDataSource,
                logger: logger)
            launcher.composed = ComposedTaskLaunch(settings: settings.composedTasks, address: settings.address, port: settings.port)
            launcher.composed.issuesTokens = settings.security.enabled
            self.launcher = launcher
            cleanup = TaskCleanup(pool: pool, platforms: platforms)
            jobOperations = JobOperations(pool: pool, launcher: launcher, logger: logger)
            schedules = TaskSchedules(pool: pool, definitions: definitions, platforms: platforms)
        }

        /// The manifests of `ids`, for the execution resources.
        func manifests(_ ids: [Int64]) async throws -> [Int64: LaunchManifest] {
            try await launcher.pool.withConnection { try await LaunchManifestStore.manifests(of: ids, on: $0) }.mapValues(\.manifest)
        }

    }

    /// The application: routes, middleware and services, listening where `settings` say.
    /// - Parameters:
    ///   - onServerRunning: Called with the bound port once the server listens (port 0 picks one).
    public static func build(
        settings: ServerSettings, pool: ConnectionPool, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let services = Services(pool: pool, settings: settings, logger: logger)
        let router = router(settings: settings, services: services, pool: pool, logger: logger)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(settings.address, port: settings.port), serverName: "dataflow-server"),
            services: backgroundServices(settings: settings, services: services, logger: logger),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                if settings.features.tasks {
                    services.launcher.composed.serverStarted(address: settings.address, port: port)
                    await ComposedTaskRunnerRegistration.register(settings.composedTasks, registry: services.registry, logger: logger)
                }
                await onServerRunning(port)
            },
            logger: logger)
    }

    /// The services beside the HTTP server: the launch monitor, and the scheduler when schedules are on.
    static func backgroundServices(settings: ServerSettings, services: Services, logger: Logger) -> [any Service] {
        guard settings.features.tasks else { return [] }
        var list: [any Service] = [LaunchMonitor(service: services.launcher)]
        if settings.features.schedules {
            list.append(TaskScheduler(
                schedules: services.schedules, launcher: services.launcher, pollInterval: settings.scheduler.pollInterval,
                misfireThreshold: settings.scheduler.misfireThreshold, logger: logger))
        }
        return list
    }

    /// Every route of the REST API, as `METHOD /path/{parameter}` (for the test that keeps
    /// the OpenAPI document true). The dashboard's pages are HTML for browsers, not API.
    public static func routeDescriptions(settings: ServerSettings, pool: ConnectionPool, logger: Logger) -> [String] {
        let services = Services(pool: pool, settings: settings, logger: logger)
        return router(settings: settings, services: services, pool: pool, logger: logger).routes.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method) /\(path)"
        }.filter { !$0.contains(" /dashboard") && !$0.hasSuffix(" /favicon.ico") }.sorted()
    }

    /// The routes of every enabled feature, behind the error middleware.
    static func router(settings: ServerSettings, services: Services, pool: ConnectionPool, logger: Logger) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: ErrorMiddleware())
        let sessions = DashboardSessions()
        if settings.security.enabled {
            router.add(middleware: SecurityMiddleware(
                security: ServerSecurity(settings.security, launchTokens: LaunchToken.Verifier(pool: pool)), sessions: sessions))
        }
        let manifests: @Sendable ([Int64]) async throws -> [Int64: LaunchManifest] = { try await services.manifests($0) }
        let composed = ComposedJobStatus(definitions: services.definitions, tasks: services.taskExplorer, jobs: JobExplorer(pool: pool))
        RootController(features: settings.features).addRoutes(to: router)
        if let document = try? OpenAPIController.load() { document.addRoutes(to: router) }
        AboutController(about: AboutInfo(
            features: settings.features, dashboardURL: settings.dashboardURL, securityEnabled: settings.securityEnabled,
            platforms: services.platforms.all.map { (name: $0.account.name, type: $0.platform.type) }, databaseDialect: pool.dialect == .sqlite ? "SQLite" : "PostgreSQL"
        )).addRoutes(to: router)
        AppsController(registry: services.registry, definitions: services.definitions).addRoutes(to: router)
        CompletionsController(registry: services.registry, definitions: services.definitions).addRoutes(to: router)
        AuditController(audit: services.audit).addRoutes(to: router)
        if settings.features.tasks {
            TaskDefinitionsController(
                definitions: services.definitions, explorer: services.taskExplorer, manifests: manifests, composed: composed,
                cleanup: { name, user in try await services.cleanup.cleanupAll(actions: [.cleanup, .removeData], taskName: name, days: nil, user: user) }
            ).addRoutes(to: router)
            TaskLaunchController(launcher: services.launcher, cleanup: services.cleanup, platforms: services.platforms).addRoutes(to: router)
            TaskExecutionsController(explorer: services.taskExplorer, definitions: services.definitions, manifests: manifests, composed: composed)
                .addRoutes(to: router)
            let jobs = JobQueries(explorer: JobExplorer(pool: pool), tasks: services.taskExplorer, definitions: services.definitions)
            JobExecutionsController(queries: jobs).addRoutes(to: router)
            JobStepsController(queries: jobs).addRoutes(to: router)
            JobInstancesController(queries: jobs).addRoutes(to: router)
            JobOperationsController(operations: services.jobOperations).addRoutes(to: router)
            if settings.features.schedules {
                TaskSchedulesController(schedules: services.schedules).addRoutes(to: router)
            }
        }
        let jobQueries = JobQueries(explorer: JobExplorer(pool: pool), tasks: services.taskExplorer, definitions: services.definitions)
        do {
            try Dashboard.make(
                settings: settings, services: services, jobs: jobQueries, sessions: sessions,
                databaseDialect: pool.dialect == .sqlite ? "SQLite" : "PostgreSQL", logger: logger
            ).addRoutes(to: router)
        } catch {
            logger.error("The dashboard is off: \(error)")
        }
        // The retention purge of job and task executions (DELETE /jobs/executions/purge, /tasks/executions/purge).
        if settings.features.tasks {
            PurgeController(purge: ExecutionPurge(pool: pool, platforms: services.platforms)).addRoutes(to: router)
        }
        return router
    }
}
