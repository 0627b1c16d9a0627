/// The frame of every dashboard page: the navigation, who is signed in, the one-shot notice
/// and the page's own body.
struct DashboardLayout: Sendable {
    /// A navigation entry.
    struct NavItem: Sendable {
        /// The link text.
        var label: String
        /// The link.
        var href: String
        /// Whether it is the page's section.
        var current: Bool
    }

    /// The sections, in navigation order.
    enum Section: String, Sendable, CaseIterable {
        case overview, jobs, apps, definitions, schedules, taskExecutions, jobExecutions, about

        var label: String {
            switch self {
            case .overview: "Overview"
            case .jobs: "Job grid"
            case .apps: "Apps"
            case .definitions: "Task definitions"
            case .schedules: "Schedules"
            case .taskExecutions: "Task executions"
            case .jobExecutions: "Job executions"
            case .about: "About"
            }
        }

        var href: String {
            switch self {
            case .overview: "/dashboard"
            case .jobs: "/dashboard/jobs"
            case .apps: "/dashboard/apps"
            case .definitions: "/dashboard/tasks/definitions"
            case .schedules: "/dashboard/tasks/schedules"
            case .taskExecutions: "/dashboard/tasks/executions"
            case .jobExecutions: "/dashboard/jobs/executions"
            case .about: "/dashboard/about"
            }
        }
    }

    /// The sections of a server with `features`: the task pages when tasks are on, the
    /// schedules page when schedules are too.
    static func sections(features: Features) -> [Section] {
        Section.allCases.filter { section in
            switch section {
            case .apps, .about: true
            case .schedules: features.tasks && features.schedules
            default: features.tasks
            }
        }
    }

    /// The signed-in user, for the sign-out form.
    struct SignedIn: Sendable {
        var name: String
        var roles: String
    }

    /// The page title.
    var title: String
    /// The navigation.
    var nav: [NavItem]
    /// The signed-in user.
    var user: SignedIn?
    /// The CSRF token of the page's forms.
    var csrf: String
    /// A one-shot notice.
    var notice: DashboardNotice?
    /// The page body (already rendered HTML).
    var body: String
    /// The versioned URLs of the stylesheet, script and icon.
    var assets: DashboardAssets.URLs

    init(
        title: String, section: Section?, sections: [Section] = Section.allCases, viewer: Viewer, notice: DashboardNotice?, body: String,
        assets: DashboardAssets.URLs
    ) {
        self.title = title
        nav = sections.map { NavItem(label: $0.label, href: $0.href, current: $0 == section) }
        user = viewer.user.map { SignedIn(name: $0, roles: viewer.roles.sorted().joined(separator: ", ")) }
        csrf = viewer.csrf
        self.notice = notice
        self.body = body
        self.assets = assets
    }
}
