/// An app as `/apps` shows it (Data Flow's `AppRegistrationResource`; the detailed form adds `options`).
struct AppResource: Encodable, Sendable {
    var name: String
    var type: String
    var uri: String
    var version: String
    var defaultVersion: Bool
    var bootVersion: String
    var versions: [String]?
    var label: String?
    var options: [AppOption]?
    var shortDescription: String?
    var links: Links

    enum CodingKeys: String, CodingKey {
        case name, type, uri, version, defaultVersion, bootVersion, versions, label, options, shortDescription
        case inboundPortNames, outboundPortNames, optionGroups
        case links = "_links"
    }

    init(_ app: AppRegistration, versions: [String]?, base: RequestBase, detailed: Bool = false) {
        name = app.name
        type = app.type.rawValue
        uri = app.uri
        version = app.version
        defaultVersion = app.defaultVersion
        bootVersion = app.bootVersion
        self.versions = versions
        options = detailed ? AppMetadata.options(app.metadataURI) : nil
        shortDescription = detailed ? "" : nil
        links = Links([("self", base.link("/apps/\(app.type.rawValue)/\(app.name)/\(app.version)"))])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(uri, forKey: .uri)
        try container.encode(version, forKey: .version)
        try container.encode(defaultVersion, forKey: .defaultVersion)
        try container.encode(bootVersion, forKey: .bootVersion)
        try container.encode(versions ?? [], forKey: .versions)
        try container.encode(label, forKey: .label)
        try container.encodeIfPresent(options, forKey: .options)
        try container.encodeIfPresent(shortDescription, forKey: .shortDescription)
        if options != nil {
            // Stream apps' ports and option groups, always empty for task apps (Data Flow's detailed resource has them).
            try container.encode([String](), forKey: .inboundPortNames)
            try container.encode([String](), forKey: .outboundPortNames)
            try container.encode([String: [String]](), forKey: .optionGroups)
        }
        try container.encode(links, forKey: .links)
    }
}

/// One option of an app (Spring's configuration metadata property).
struct AppOption: Encodable, Sendable {
    var id: String
    var name: String
    var type: String?
    var description: String?
    var shortDescription: String?
    var defaultValue: String?
}
