import Foundation

/// An app's options, from the file its `metadata-uri` names: Spring Boot's configuration
/// metadata (`spring-configuration-metadata.json`: `{"properties":[{"name","type","description","defaultValue"}]}`),
/// which Data Flow reads from an app's metadata jar. Options feed `/apps/{type}/{name}` and the
/// DSL completions (`--option=` after an app name).
enum AppMetadata {
    /// The options described at `uri`; none when there is no metadata or it cannot be read.
    static func options(_ uri: String?) -> [AppOption] {
        guard let uri, let path = path(uri), let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let properties = object["properties"] as? [[String: Any]]
        else { return [] }
        return properties.compactMap { property in
            guard let name = property["name"] as? String else { return nil }
            let description = property["description"] as? String
            return AppOption(
                id: name, name: name.split(separator: ".").last.map(String.init) ?? name, type: property["type"] as? String,
                description: description, shortDescription: description.map(firstSentence),
                defaultValue: property["defaultValue"].map { "\($0)" })
        }.sorted { $0.id < $1.id }
    }

    private static func path(_ uri: String) -> String? {
        if uri.lowercased().hasPrefix("file:") { return URL(string: uri)?.path }
        return uri.contains("://") ? nil : uri
    }

    private static func firstSentence(_ text: String) -> String {
        guard let end = text.firstIndex(of: ".") else { return text }
        return String(text[...end])
    }
}
