import BatchRuntime
import Foundation

extension PurgeReport {
    /// The report as the server answers it (the same JSON), with the policy that made it.
    func json(policy: [String: JSONValue]) throws -> JSONValue {
        let encoder = JSONEncoder()
        guard case .object(var members) = JSONValue(parsing: String(decoding: try encoder.encode(self), as: UTF8.self)) else {
            return .null
        }
        members["policy"] = .object(policy)
        return .object(members)
    }
}
