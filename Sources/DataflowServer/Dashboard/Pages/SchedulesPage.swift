import Database
import Foundation
import Hummingbird

/// `GET /dashboard/tasks/schedules`: the schedules, a page at a time, each with its next fire
/// times in its zone, its policies and how its last fire went; the form that creates one
/// (`POST /dashboard/tasks/schedules`) and a button per schedule that deletes it
/// (`POST /dashboard/tasks/schedules/{name}/unschedule`). Both need the SCHEDULE role.
struct SchedulesPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var schedules: [Row]
        var hasSchedules: Bool
        var totalText: String
        var pager: PagerView
        var definitions: [String]
        var serverZone: String
        var misfirePolicies: [SelectOption]
        var concurrencyPolicies: [SelectOption]
    }

    /// One schedule.
    struct Row: Sendable {
        var id: String
        var name: String
        var definition: String
        var definitionHref: String
        var cron: String
        var timeZone: String
        var next: TimeView?
        var later: [TimeView]
        var hasLater: Bool
        var policies: String
        var lastFire: TimeView?
        var lastOutcome: String?
        var lastExecutionHref: String?
        var unscheduleAction: String
    }

    /// The create form's fields.
    struct CreateFields: Decodable, Sendable {
        var name: String
        var definition: String
        var expression: String
        var timeZone: String?
        var misfirePolicy: String?
        var concurrencyPolicy: String?
        var properties: String?
        var arguments: String?
    }

    /// How many schedules a page lists.
    static let pageSize = 25

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/tasks/schedules", use: page)
        router.post("/dashboard/tasks/schedules", use: create)
        router.post("/dashboard/tasks/schedules/:name/unschedule", use: unschedule)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let schedules = try await dashboard.services.schedules.schedules(page: PagerView.request(query["page"], size: Self.pageSize))
        let rows = schedules.elements.map { schedule in
            let upcoming = schedule.nextFireTime.map { [$0] + TaskSchedules.nextFireTimes(of: schedule, after: $0, count: 4) } ?? []
            let name = DashboardResponses.pathEscaped(schedule.name)
            return Row(
                id: "schedule-\(schedule.name)", name: schedule.name, definition: schedule.definitionName,
                definitionHref: "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(schedule.definitionName))",
                cron: schedule.cronExpression, timeZone: schedule.timeZone, next: TimeView(upcoming.first), later: upcoming.dropFirst().compactMap(TimeView.init), hasLater: upcoming.count > 1,
                policies: "misfire \(schedule.misfirePolicy == .runOnce ? "run-once" : "skip"), overlap \(schedule.concurrencyPolicy.rawValue.capitalized)",
                lastFire: TimeView(schedule.lastFireTime), lastOutcome: schedule.lastOutcome,
                lastExecutionHref: schedule.lastTaskExecutionId.map { "/dashboard/tasks/executions/\($0)" },
                unscheduleAction: "/dashboard/tasks/schedules/\(name)/unschedule")
        }
        let definitions = try await dashboard.services.definitions.definitions(page: PageRequest(number: 0, size: 500)).elements.map(\.name)
        let model = Model(
            schedules: rows, hasSchedules: !rows.isEmpty, totalText: PagerView.matches(schedules.totalElements, "schedule"),
            pager: PagerView(schedules, path: "/dashboard/tasks/schedules", query: []), definitions: definitions,
            serverZone: dashboard.services.schedules.serverZone.identifier,
            misfirePolicies: SelectOption.list(["run-once", "skip"], chosen: "run-once"),
            concurrencyPolicies: SelectOption.list(["Forbid", "Allow", "Replace"], chosen: "Forbid"))
        return dashboard.page("schedules", model, title: "Schedules", section: .schedules, request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let schedules = dashboard.services.schedules
        return try await dashboard.act(request, context, as: CreateFields.self, fallback: "/dashboard/tasks/schedules") { form, user in
            func given(_ text: String?) -> String? {
                text.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            var properties = ["scheduler.cron.expression=\(form.expression.trimmingCharacters(in: .whitespaces))"]
            if let zone = given(form.timeZone) { properties.append("scheduler.cron.time-zone=\(zone)") }
            if let policy = given(form.misfirePolicy) { properties.append("scheduler.misfire-policy=\(policy)") }
            if let policy = given(form.concurrencyPolicy) { properties.append("scheduler.concurrency-policy=\(policy)") }
            if let more = given(form.properties) { properties.append(more) }
            let name = form.name.trimmingCharacters(in: .whitespaces)
            let schedule = try await schedules.create(
                name: name, definitionName: form.definition.trimmingCharacters(in: .whitespaces), properties: properties.joined(separator: ","),
                arguments: given(form.arguments), platform: nil, user: user)
            let next = TimeView(schedule.nextFireTime).map { "; it fires next at \($0.utc)" } ?? "; its expression has no time left"
            return ("/dashboard/tasks/schedules", .success("Scheduled \(schedule.definitionName) as \(name)\(next)."))
        }
    }

    @Sendable func unschedule(_ request: Request, context: ServerRequestContext) async throws -> Response {
        struct Empty: Decodable, Sendable {}
        let name = try context.path("name")
        let schedules = dashboard.services.schedules
        return try await dashboard.act(request, context, as: Empty.self, fallback: "/dashboard/tasks/schedules") { _, user in
            try await schedules.delete(name, user: user)
            return ("/dashboard/tasks/schedules", .success("Deleted schedule \(name); a run it launched goes on."))
        }
    }
}
