/// The properties text of a bulk registration, as Data Flow's app starters publish it:
/// `<type>.<name>[.metadata]=<uri>` per line, `#` or `!` comments, blank lines ignored. The
/// version comes from the URI as for a single registration (the file name's `-<version>`, a
/// docker tag, else the registry's fallback).
enum AppImport {
    struct Entry: Equatable {
        var line: Int
        var type: AppType
        var name: String
        var version: String?
        var uri: String
        var metadataURI: String?
    }

    static func parse(_ text: String) throws -> [Entry] {
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ServerError(.badRequest, "line \(index + 1): '\(line)' is not <type>.<name>=<uri>")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, !parts[1].isEmpty, !value.isEmpty else {
                throw ServerError(.badRequest, "line \(index + 1): '\(line)' is not <type>.<name>=<uri>")
            }
            let type = try AppType.parse(parts[0])
            if parts.count == 3, parts[2] == "metadata" || parts[2] == "bootVersion" {
                if parts[2] == "metadata" { metadata["\(type.rawValue).\(parts[1])"] = value }
                continue
            }
            guard parts.count == 2 else {
                throw ServerError(.badRequest, "line \(index + 1): '\(key)' is not <type>.<name> or <type>.<name>.metadata")
            }
            entries.append(Entry(line: index + 1, type: type, name: parts[1], version: nil, uri: value))
        }
        return entries.map { entry in
            var entry = entry
            entry.metadataURI = metadata["\(entry.type.rawValue).\(entry.name)"]
            return entry
        }
    }
}
