import Hummingbird

/// The request context of every route: Hummingbird's core storage and, when security is on,
/// the authenticated user.
public struct ServerRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The user the request authenticated as; nil when security is off or for anonymous requests.
    public var user: String?
    /// The user's roles (`VIEW`, `DEPLOY`, ...).
    public var roles: [String]

    /// Creates the context of one request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.roles = []
    }
}

extension ServerRequestContext {
    /// A path parameter that must be an id (a positive 64-bit integer), with a clear 400 otherwise.
    func id(_ name: String) throws -> Int64 {
        let text = parameters.get(name) ?? ""
        guard let id = Int64(text), id >= 0 else {
            throw ServerError(.badRequest, "'\(text)' is not a valid \(name): expected a whole number such as 42")
        }
        return id
    }

    /// Comma-separated ids (`/tasks/executions/1,2,3`).
    func ids(_ name: String) throws -> [Int64] {
        let text = parameters.get(name) ?? ""
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try parts.map { part in
            guard let id = Int64(part), id >= 0 else {
                throw ServerError(.badRequest, "'\(text)' is not a list of ids: expected whole numbers separated by commas, such as 1,2,3")
            }
            return id
        }
    }

    /// A required path parameter.
    func path(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw ServerError(.badRequest, "missing path parameter '\(name)'") }
        guard !value.contains("\u{0}") else { throw ServerError(.badRequest, "The path parameter '\(name)' contains a NUL character") }
        return value
    }
}
