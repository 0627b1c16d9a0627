import Foundation

/// One entry of the audit trail (a row of Data Flow's `audit_records`): who did what to which thing.
public struct AuditRecord: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// What was done.
    public var action: AuditAction
    /// To which kind of thing.
    public var operation: AuditOperation
    /// The thing's name or id (an app's `type:name:version`, a definition's name, an execution id).
    public var correlationId: String?
    /// Details: the DSL, the launch's properties and arguments (secret values masked).
    public var data: String?
    /// The user, when security is on.
    public var createdBy: String?
    /// When.
    public var createdOn: Date
    /// The platform, for launches and stops.
    public var platformName: String?

    /// Creates a value.
    public init(
        id: Int64 = 0, action: AuditAction, operation: AuditOperation, correlationId: String?, data: String?, createdBy: String?,
        createdOn: Date = Date(), platformName: String? = nil
    ) {
        self.id = id
        self.action = action
        self.operation = operation
        self.correlationId = correlationId
        self.data = data
        self.createdBy = createdBy
        self.createdOn = createdOn
        self.platformName = platformName
    }
}

/// Data Flow's audit actions, stored by their ids as Data Flow stores them.
public enum AuditAction: Int64, Sendable, Hashable, CaseIterable {
    /// Created or registered.
    case create = 100
    /// Deleted or unregistered.
    case delete = 200
    /// Launched.
    case deploy = 300
    /// Rolled back (streams).
    case rollback = 400
    /// Stopped.
    case undeploy = 500
    /// Changed.
    case update = 600
    /// A user logged in.
    case loginSuccess = 700

    /// Data Flow's name (`CREATE`, `LOGIN_SUCCESS`).
    public var name: String {
        switch self {
        case .create: "CREATE"
        case .delete: "DELETE"
        case .deploy: "DEPLOY"
        case .rollback: "ROLLBACK"
        case .undeploy: "UNDEPLOY"
        case .update: "UPDATE"
        case .loginSuccess: "LOGIN_SUCCESS"
        }
    }

    /// Data Flow's display name.
    var displayName: String {
        switch self {
        case .create: "Create"
        case .delete: "Delete"
        case .deploy: "Deploy"
        case .rollback: "Rollback"
        case .undeploy: "Undeploy"
        case .update: "Update"
        case .loginSuccess: "Successful login"
        }
    }
}

/// Data Flow's audited areas, stored by their ids as Data Flow stores them.
public enum AuditOperation: Int64, Sendable, Hashable, CaseIterable {
    /// App registrations.
    case appRegistration = 100
    /// Schedules.
    case schedule = 200
    /// Streams.
    case stream = 300
    /// Task definitions and executions.
    case task = 400
    /// Logins.
    case login = 500

    /// Data Flow's name (`APP_REGISTRATION`).
    public var name: String {
        switch self {
        case .appRegistration: "APP_REGISTRATION"
        case .schedule: "SCHEDULE"
        case .stream: "STREAM"
        case .task: "TASK"
        case .login: "LOGIN"
        }
    }

    /// Data Flow's display name.
    var displayName: String {
        switch self {
        case .appRegistration: "App Registration"
        case .schedule: "Schedule"
        case .stream: "Stream"
        case .task: "Task"
        case .login: "Login"
        }
    }
}
