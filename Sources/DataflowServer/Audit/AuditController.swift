import Database
import Foundation
import Hummingbird

/// `/audit-records`: the audit trail, newest first, filtered by operations, actions and dates.
struct AuditController: Sendable {
    let audit: AuditTrail

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/audit-records", use: list)
        router.get("/audit-records/audit-action-types", use: actionTypes)
        router.get("/audit-records/audit-operation-types", use: operationTypes)
        router.get("/audit-records/:id", use: show)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let operations = try Self.values(parameters, "operations", AuditOperation.allCases, \.name)
        let actions = try Self.values(parameters, "actions", AuditAction.allCases, \.name)
        let page = try await audit.records(
            operations: operations, actions: actions, from: try Self.date(parameters, "fromDate"), to: try Self.date(parameters, "toDate"),
            page: try parameters.pageRequest())
        let base = RequestBase(request, fallback: "")
        let resources = page.elements.map { AuditRecordResource($0, base: base) }
        return try Responses.json(
            Paging.resources(page, resources, collection: "auditRecordResourceList", path: "/audit-records", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        guard let record = try await audit.record(id: id) else {
            throw ServerError(.noSuchAuditRecord, "Could not find audit record with id \(id)")
        }
        return try Responses.json(AuditRecordResource(record, base: RequestBase(request, fallback: "")))
    }

    @Sendable func actionTypes(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try Responses.json(AuditAction.allCases.map { TypeEntry(id: $0.rawValue, name: $0.displayName, key: $0.name) })
    }

    @Sendable func operationTypes(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try Responses.json(AuditOperation.allCases.map { TypeEntry(id: $0.rawValue, name: $0.displayName, key: $0.name) })
    }

    struct TypeEntry: Encodable {
        var id: Int64
        var name: String
        var key: String
    }

    /// Comma-separated enum names (`operations=TASK,APP_REGISTRATION`), refused with Data Flow's wording when unknown.
    static func values<T>(_ parameters: RequestParameters, _ name: String, _ all: [T], _ key: (T) -> String) throws -> [T] {
        try parameters.all(name).flatMap { $0.split(separator: ",") }.map { text in
            let wanted = text.trimmingCharacters(in: .whitespaces).uppercased()
            guard let value = all.first(where: { key($0) == wanted }) else {
                throw ServerError(.badRequest, "The parameter '\(name)' must contain one of the following values: '\(all.map(key).joined(separator: ", "))'")
            }
            return value
        }
    }

    /// Data Flow's audit dates: `yyyy-MM-dd'T'HH:mm:ss` (UTC), or with milliseconds and an offset.
    static func date(_ parameters: RequestParameters, _ name: String) throws -> Date? {
        guard let text = parameters.string(name), !text.isEmpty else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text + "Z", strategy: Date.ISO8601FormatStyle()) { return date }
        throw ServerError(.badRequest, "The parameter '\(name)' must be a date and time such as 2024-03-13T10:02:28, not '\(text)'")
    }
}

struct AuditRecordResource: Encodable {
    var record: AuditRecord
    var links: Links

    init(_ record: AuditRecord, base: RequestBase) {
        self.record = record
        self.links = .this(base.url + "/audit-records/\(record.id)")
    }

    enum Keys: String, CodingKey {
        case auditRecordId, createdBy, correlationId, auditData, createdOn, auditAction, auditOperation, platformName
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(record.id, forKey: .auditRecordId)
        try container.encode(record.createdBy, forKey: .createdBy)
        try container.encode(record.correlationId, forKey: .correlationId)
        try container.encode(record.data, forKey: .auditData)
        try container.encode(WireTime.string(record.createdOn), forKey: .createdOn)
        try container.encode(record.action.name, forKey: .auditAction)
        try container.encode(record.operation.name, forKey: .auditOperation)
        try container.encode(record.platformName, forKey: .platformName)
        try container.encode(links, forKey: .links)
    }
}
