import BatchRuntime
import Hummingbird
import Logging

extension Dashboard {
    /// Builds the dashboard over the server's services.
    /// - Throws: ``ServerError`` when its templates or assets are missing from the build.
    static func make(
        settings: ServerSettings, services: DataflowServerApplication.Services, jobs: JobQueries, sessions: DashboardSessions, databaseDialect: String,
        logger: Logger
    ) throws -> Dashboard {
        Dashboard(
            templates: try DashboardTemplates.load(), assets: try DashboardAssets.load(), sessions: sessions,
            security: settings.security.enabled ? ServerSecurity(settings.security) : nil, services: services, jobs: jobs,
            versions: LiveVersions(jobs: jobs.explorer, tasks: services.taskExplorer), settings: settings, databaseDialect: databaseDialect,
            logger: logger)
    }

    /// Every dashboard route.
    func addRoutes(to router: Router<ServerRequestContext>) {
        assets.addRoutes(to: router)
        LoginController(dashboard: self).addRoutes(to: router)
        AboutPage(dashboard: self).addRoutes(to: router)
        AppsPage(dashboard: self).addRoutes(to: router)
        guard settings.features.tasks else { return }
        OverviewPage(dashboard: self).addRoutes(to: router)
        JobExecutionPage(dashboard: self).addRoutes(to: router)
        JobExecutionsPage(dashboard: self).addRoutes(to: router)
        JobGridPage(dashboard: self).addRoutes(to: router)
        TaskDefinitionsPage(dashboard: self).addRoutes(to: router)
        TaskDefinitionPage(dashboard: self).addRoutes(to: router)
        TaskExecutionsPage(dashboard: self).addRoutes(to: router)
        TaskExecutionPage(dashboard: self).addRoutes(to: router)
        if settings.features.schedules { SchedulesPage(dashboard: self).addRoutes(to: router) }
        let launcher = services.launcher
        LiveEventsController(
            versions: versions,
            logs: { id, position in
                guard let launch = try await launcher.launchRecord(executionId: id), let platform = launcher.platforms[launch.platformName]?.platform
                else { return nil }
                return try await LiveEventsController.read { try platform.logTail(of: launch, after: position) }
            }, logger: logger
        ).addRoutes(to: router)
    }
}
