import HTTPTypes

/// Which role each request needs, as Data Flow's security configuration grants them: every
/// read VIEW; registering apps and creating definitions CREATE; launching and stopping tasks
/// DEPLOY; deleting DESTROY; changing an app's default version and stopping or restarting jobs
/// MODIFY; schedules SCHEDULE. `/`, `/about` and `/security/info` are open to anyone, as in
/// Data Flow, so clients can discover the server and whether it wants credentials.
enum AccessRules {
    typealias Role = DataflowServerConfiguration.SecurityRole

    /// The role `method path` needs, or nil for an open endpoint.
    static func role(_ method: HTTPRequest.Method, _ path: String) -> Role? {
        let parts = path.split(separator: "/").map(String.init)
        if parts.first == "dashboard" { return dashboardRole(method, Array(parts.dropFirst())) }
        if method == .get || method == .head {
            if parts.isEmpty || parts == ["about"] || parts == ["security", "info"] { return nil }
            return .view
        }
        let first = parts.first ?? ""
        let second = parts.count > 1 ? parts[1] : ""
        switch (method, first, second) {
        case (.post, "apps", _): return .create
        case (.put, "apps", _): return .modify
        case (.delete, "apps", _): return .destroy
        case (.post, "tasks", "definitions"): return .create
        case (.delete, "tasks", "definitions"): return .destroy
        case (.post, "tasks", "executions"): return .deploy
        case (.delete, "tasks", "executions"): return .destroy
        case (_, "tasks", "schedules"): return .schedule
        case (.put, "jobs", _): return .modify
        case (.delete, "jobs", _): return .destroy
        default: return .manage
        }
    }

    /// The role a dashboard request needs: its pages VIEW; its actions what the same action
    /// needs over the REST API; signing in and out, and the assets, nothing.
    static func dashboardRole(_ method: HTTPRequest.Method, _ parts: [String]) -> Role? {
        let first = parts.first ?? ""
        if first == "login" || first == "logout" || first == "assets" { return nil }
        if method == .get || method == .head { return .view }
        return dashboardAction(parts)
    }

    /// The role of a dashboard action (`apps`, `tasks/definitions/x/launch`, `jobs/executions/5/restart`),
    /// which the pages also read to offer only what the user may do.
    static func dashboardAction(_ parts: [String]) -> Role {
        switch (parts.first ?? "", parts.last ?? "") {
        case ("apps", "apps"), ("tasks", "definitions"): return .create
        case (_, "unregister"), (_, "destroy"), (_, "cleanup"): return .destroy
        case ("tasks", "launch"), ("tasks", "stop"): return .deploy
        case ("tasks", "schedules"), ("tasks", "unschedule"): return .schedule
        case ("jobs", "restart"), ("jobs", "stop"), ("jobs", "abandon"): return .modify
        default: return .manage
        }
    }
}
