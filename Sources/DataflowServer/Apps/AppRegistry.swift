import Database
import Foundation

/// Registers, lists and unregisters apps: the only writer of `app_registration`.
///
/// The first version of an app is its default; a later version becomes default only when asked
/// (``makeDefault(type:name:version:user:)``). Executables are checked when registered; an app
/// used by a task definition cannot be unregistered (Data Flow allows it, and the definition then
/// fails at launch).
public struct AppRegistry: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool
    /// Whether stream app types may be registered.
    public let streamsEnabled: Bool

    /// The version given to an app registered without one whose file name carries none.
    public static let fallbackVersion = "1.0.0"

    /// Creates a registry.
    public init(pool: ConnectionPool, streamsEnabled: Bool = false) {
        self.pool = pool
        self.streamsEnabled = streamsEnabled
    }

    /// Registers one app version.
    /// - Parameters:
    ///   - force: Replace a registration of the same type, name and version.
    /// - Throws: ``ServerError`` `appAlreadyRegistered` (409), `badRequest` for a URI that cannot be run.
    @discardableResult
    public func register(
        type: AppType, name: String, version: String?, uri: String, metadataURI: String? = nil, bootVersion: String? = nil,
        force: Bool = false, user: String? = nil
    ) async throws -> AppRegistration {
        try checkType(type)
        try checkName(name)
        let (target, storedURI) = try AppURI.check(uri)
        let version = version.flatMap { $0.isEmpty ? nil : $0 } ?? {
            if case .executable(let path) = target { return AppURI.version(inFileName: path) ?? Self.fallbackVersion }
            return dockerTag(storedURI) ?? Self.fallbackVersion
        }()
        return try await pool.transaction { connection in
            let versions = try await AppRegistrationStore.versions(type: type, name: name, on: connection)
            var app = AppRegistration(
                id: 0, name: name, type: type, version: version, uri: storedURI, metadataURI: metadataURI,
                defaultVersion: !versions.contains(where: \.defaultVersion), bootVersion: bootVersion ?? "BOOT3")
            if var existing = versions.first(where: { $0.version == version }) {
                guard force else {
                    throw ServerError(
                        .appAlreadyRegistered,
                        "The '\(type.rawValue):\(name):\(version)' application is already registered as \(existing.uri); unregister it first or register with force=true")
                }
                existing.uri = app.uri
                existing.metadataURI = metadataURI
                existing.bootVersion = app.bootVersion
                try await AppRegistrationStore.update(existing, on: connection)
                app = existing
            } else {
                app = try await AppRegistrationStore.insert(app, on: connection)
            }
            try await AuditTrail.record(
                AuditRecord(
                    action: .create, operation: .appRegistration, correlationId: "\(type.rawValue):\(name):\(version)",
                    data: "{\"uri\":\"\(storedURI)\"}", createdBy: user), on: connection)
            return app
        }
    }

    /// Registers every app of a properties text (`task.timestamp=file:/usr/local/bin/timestamp-task`,
    /// `task.timestamp.metadata=file:...`; `#` comments and blank lines ignored). Every entry is
    /// checked first, so a bad entry registers nothing; apps already registered are skipped
    /// unless `force` is set, as Data Flow's import does.
    /// - Throws: ``ServerError`` `badRequest` naming the line of a malformed entry.
    public func importApps(_ text: String, force: Bool = false, user: String? = nil) async throws -> [AppRegistration] {
        let entries = try AppImport.parse(text)
        for entry in entries {
            do {
                try checkType(entry.type)
                try checkName(entry.name)
                _ = try AppURI.check(entry.uri)
            } catch let error as ServerError {
                throw ServerError(error.code, "line \(entry.line): \(error.message)")
            }
        }
        var registered: [AppRegistration] = []
        for entry in entries {
            do {
                registered.append(try await register(
                    type: entry.type, name: entry.name, version: entry.version, uri: entry.uri, metadataURI: entry.metadataURI,
                    force: force, user: user))
            } catch let error as ServerError where error.code == .appAlreadyRegistered && !force {
                continue  // Data Flow's import skips apps already registered unless forced.
            } catch let error as ServerError {
                throw ServerError(error.code, "line \(entry.line): \(error.message)")
            }
        }
        return registered
    }

    /// One version (the default when `version` is nil), or nil.
    public func app(type: AppType, name: String, version: String? = nil) async throws -> AppRegistration? {
        let versions = try await self.versions(type: type, name: name)
        return version.map { wanted in versions.first { $0.version == wanted } } ?? versions.first(where: \.defaultVersion)
    }

    /// Every version of an app.
    public func versions(type: AppType, name: String) async throws -> [AppRegistration] {
        try await pool.withConnection { try await AppRegistrationStore.versions(type: type, name: name, on: $0) }
    }

    /// A page of apps sorted by name.
    public func apps(type: AppType?, search: String?, version: String?, defaultOnly: Bool?, page: PageRequest) async throws
        -> Page<AppRegistration>
    {
        try await pool.withConnection { connection in
            let (apps, total) = try await AppRegistrationStore.list(
                type: type, search: search, version: version, defaultOnly: defaultOnly, limit: page.size, offset: page.offset,
                on: connection)
            return Page(elements: apps, number: page.number, size: page.size, totalElements: total)
        }
    }

    /// Makes `version` the default.
    public func makeDefault(type: AppType, name: String, version: String, user: String? = nil) async throws {
        try await pool.transaction { connection in
            let versions = try await AppRegistrationStore.versions(type: type, name: name, on: connection)
            guard versions.contains(where: { $0.version == version }) else { throw Self.noSuchApp(type, name, version) }
            for var app in versions where app.defaultVersion != (app.version == version) {
                app.defaultVersion = app.version == version
                try await AppRegistrationStore.update(app, on: connection)
            }
            try await AuditTrail.record(
                AuditRecord(action: .update, operation: .appRegistration, correlationId: "\(type.rawValue):\(name):\(version)",
                            data: "{\"defaultVersion\":true}", createdBy: user), on: connection)
        }
    }

    /// Unregisters one version (the default when `version` is nil).
    /// - Parameter inUse: The task definitions that use an app name; an app in use keeps at
    ///   least its default version.
    /// - Throws: ``ServerError`` `noSuchApp` (404), `appInUse` (409).
    public func unregister(
        type: AppType, name: String, version: String?, user: String? = nil, inUse: @Sendable (String) async throws -> [String]
    ) async throws {
        let users = try await inUse(name)
        try await pool.transaction { connection in
            let versions = try await AppRegistrationStore.versions(type: type, name: name, on: connection)
            guard let app = version.map({ wanted in versions.first { $0.version == wanted } }) ?? versions.first(where: \.defaultVersion)
            else { throw Self.noSuchApp(type, name, version) }
            if !users.isEmpty, app.defaultVersion || versions.count == 1 {
                throw ServerError(
                    .appInUse,
                    "The '\(type.rawValue):\(name):\(app.version)' application is used by the task definition\(users.count == 1 ? "" : "s") \(users.joined(separator: ", ")); destroy \(users.count == 1 ? "it" : "them") first, or make another version the default")
            }
            try await AppRegistrationStore.delete(id: app.id, on: connection)
            try await AuditTrail.record(
                AuditRecord(action: .delete, operation: .appRegistration, correlationId: "\(type.rawValue):\(name):\(app.version)",
                            data: nil, createdBy: user), on: connection)
        }
    }

    static func noSuchApp(_ type: AppType, _ name: String, _ version: String?) -> ServerError {
        ServerError(.noSuchApp, "Application with name '\(name)'\(version.map { " and version '\($0)'" } ?? "") and type '\(type.rawValue)' was not found; list the registered apps with GET /apps")
    }

    private func checkType(_ type: AppType) throws {
        guard type == .task || streamsEnabled else {
            throw ServerError(.badRequest, "cannot register a '\(type.rawValue)' app: streams are disabled on this server; register task apps (type task)")
        }
    }

    private func checkName(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_$-."))
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw ServerError(.badRequest, "'\(name)' is not a valid app name: use letters, digits, '_', '$', '-' and '.'")
        }
    }

    private func dockerTag(_ uri: String) -> String? {
        guard let colon = uri.lastIndex(of: ":"), !uri[colon...].contains("/") else { return nil }
        let tag = String(uri[uri.index(after: colon)...])
        return tag.isEmpty || uri[..<colon] == "docker" ? nil : tag
    }
}

extension AppRegistry {
    /// The versions of each app of `apps`, by `type:name`, in one query.
    func versions(of apps: [AppRegistration]) async throws -> [String: [String]] {
        let names = Array(Set(apps.map(\.name)))
        guard !names.isEmpty else { return [:] }
        let all = try await pool.withConnection { try await AppRegistrationStore.versions(names: names, on: $0) }
        return Dictionary(grouping: all) { "\($0.type.rawValue):\($0.name)" }.mapValues { $0.map(\.version) }
    }

    /// Every registered app version.
    public func allApps() async throws -> [AppRegistration] {
        try await pool.withConnection { try await AppRegistrationStore.all(on: $0) }
    }
}
