import Foundation

/// A registered application: a name, a type and a version pointing at what to run (a row of
/// Data Flow's `app_registration`).
public struct AppRegistration: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// The app's name (`timestamp`).
    public var name: String
    /// Its type; this server launches `task` apps.
    public var type: AppType
    /// Its version (`1.0.0`).
    public var version: String
    /// Where it is: `file:/usr/local/bin/timestamp-task` (a local executable) or `docker:repo/image:tag`.
    public var uri: String
    /// Where its options are described (Spring's configuration metadata JSON), if anywhere.
    public var metadataURI: String?
    /// Whether this is the version launched when none is named.
    public var defaultVersion: Bool
    /// Data Flow's Spring Boot generation of the app (`BOOT2` or `BOOT3`), as Data Flow 2.11 stores and shows it.
    public var bootVersion: String

    /// Creates a value.
    public init(
        id: Int64, name: String, type: AppType, version: String, uri: String, metadataURI: String? = nil,
        defaultVersion: Bool, bootVersion: String = "BOOT3"
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.version = version
        self.uri = uri
        self.metadataURI = metadataURI
        self.defaultVersion = defaultVersion
        self.bootVersion = bootVersion
    }
}

/// Data Flow's application types, stored as their ordinal as Data Flow stores them.
public enum AppType: String, Sendable, Hashable, CaseIterable {
    /// A stream app of any kind (Data Flow's `app`).
    case app
    /// A stream source.
    case source
    /// A stream processor.
    case processor
    /// A stream sink.
    case sink
    /// A task: what this server launches.
    case task

    /// The value of the `type` column.
    var ordinal: Int64 { Int64(Self.allCases.firstIndex(of: self)!) }

    /// The type stored as `ordinal`, or nil.
    init?(ordinal: Int64) {
        guard ordinal >= 0, ordinal < Int64(Self.allCases.count) else { return nil }
        self = Self.allCases[Int(ordinal)]
    }

    /// Parses a type name; the error lists the names Data Flow accepts.
    static func parse(_ text: String) throws -> AppType {
        guard let type = AppType(rawValue: text.lowercased()) else {
            throw ServerError(
                .badRequest,
                "The parameter 'type' must contain one of the following values: '\(allCases.map(\.rawValue).joined(separator: ", "))'")
        }
        return type
    }
}
