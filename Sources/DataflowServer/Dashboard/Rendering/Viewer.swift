import HTTPTypes

/// Who looks at a dashboard page and what they may do there: the pages offer only the
/// actions the viewer's roles allow (the server refuses the others anyway, in
/// ``SecurityMiddleware``), and every form carries the viewer's CSRF token.
struct Viewer: Sendable {
    /// The signed-in user; nil when security is off.
    var user: String?
    /// The user's roles (every role when security is off).
    var roles: Set<String>
    /// Whether the server asks for sign-in.
    var securityEnabled: Bool
    /// The token every form of the page posts back.
    var csrf: String

    /// Whether the viewer may take the dashboard action at `path` (`tasks/definitions/x/launch`).
    func may(_ path: String) -> Bool {
        !securityEnabled || roles.contains(AccessRules.dashboardAction(path.split(separator: "/").map(String.init)).rawValue)
    }

    /// Why the viewer may not take the dashboard action at `path`, in words for the page; nil
    /// when they may.
    func refusal(_ path: String) -> String? {
        guard !may(path) else { return nil }
        return "Your roles do not allow this: it needs the role \(AccessRules.dashboardAction(path.split(separator: "/").map(String.init)).rawValue)."
    }

    /// Whether the viewer has `role`.
    func has(_ role: AccessRules.Role) -> Bool {
        !securityEnabled || roles.contains(role.rawValue)
    }

    /// What the templates read of the viewer's rights.
    var can: Rights {
        Rights(create: has(.create), deploy: has(.deploy), destroy: has(.destroy), modify: has(.modify), schedule: has(.schedule))
    }

    /// The viewer's rights as the templates test them (`{{#can.deploy}}`).
    struct Rights: Sendable {
        /// Register apps, create definitions.
        var create: Bool
        /// Launch and stop tasks.
        var deploy: Bool
        /// Unregister, destroy, clean up.
        var destroy: Bool
        /// Stop, restart and abandon jobs.
        var modify: Bool
        /// Create and delete schedules.
        var schedule: Bool
    }
}
