import Configuration
import Foundation
import Yams

extension ServerProperties {
    /// Where the YAML file is looked for when neither `--config` nor `spring.config.location`
    /// names one: `./config/application.yaml`, then `/config/application.yaml` (`.yml` too).
    public static let defaultConfigDirectories = ["./config", "/config"]

    /// Reads every source (see ``ServerProperties``).
    /// - Parameters:
    ///   - arguments: The command-line arguments, without the program name.
    ///   - environment: The process environment.
    ///   - defaults: Default values by catalog name, the lowest precedence.
    ///   - configDirectories: Where to look for `application.yaml` when no file is named.
    /// - Throws: ``ServerConfigurationError`` when a named file or directory is missing
    ///   (`--config`, a non-optional `configtree:`), a file does not parse, or an argument is malformed.
    public static func load(
        arguments: [String], environment: [String: String], defaults: [String: String] = [:],
        configDirectories: [String] = defaultConfigDirectories
    ) throws(ServerConfigurationError) -> ServerProperties {
        let parsed = try ServerArguments.parse(arguments)

        // Arguments: parsed here (see the type's documentation for why not CommandLineArgumentsProvider).
        var argumentValues: [AbsoluteConfigKey: ConfigValue] = [:]
        var argumentNames: [String] = []
        for (name, text) in parsed.properties {
            if argumentValues[AbsoluteConfigKey([name])] == nil { argumentNames.append(name) }
            argumentValues[AbsoluteConfigKey([name])] = ConfigValue(.string(text), isSecret: ServerPropertyCatalog.looksSecret(name))
        }
        let arguments = try Layer(
            .argument, snapshot: InMemoryProvider(name: "arguments", values: argumentValues).snapshot(),
            names: argumentNames.map { ($0, .dotted, AbsoluteConfigKey([$0]), ServerPropertySource(.argument, name: $0)) })

        // Environment: the provider looks a key up by upper-casing it and turning every other
        // character into `_`, so it finds exactly the variables spelled that way (Spring's
        // documented form); others (`server.port=…` set with `env`) are not read.
        let environmentProvider = EnvironmentVariablesProvider(
            environmentVariables: environment, secretsSpecifier: .dynamic { name, _ in ServerPropertyCatalog.looksSecret(name) })
        let variableNames = environment.keys.filter(Self.isUpperCaseVariableName).sorted()
        let variables = try Layer(
            .environment, snapshot: environmentProvider.snapshot(),
            names: variableNames.map { ($0, .environment, AbsoluteConfigKey([$0]), ServerPropertySource(.environment, name: $0)) })

        // SPRING_APPLICATION_JSON, between the arguments and the environment as in Spring Boot.
        var json: Layer?
        if let carrier = arguments.index[ServerPropertyCatalog.applicationJSON].map({ arguments.entries[$0].value }) {
            json = try applicationJSON(carrier.text, carrier: "--\(carrier.source.name)")
        } else if let text = environment["SPRING_APPLICATION_JSON"] {
            json = try applicationJSON(text, carrier: "SPRING_APPLICATION_JSON")
        }

        let early = ServerProperties(
            layers: [arguments] + (json.map { [$0] } ?? []) + [variables], configFile: nil, secretsDirectories: [], positionalArguments: [])
        let configFile = try locateConfigFile(option: parsed.configOption, early: early, directories: configDirectories)
        let yaml = try configFile.map(Self.yamlLayer)

        let withFile = ServerProperties(
            layers: early.layers + (yaml.map { [$0] } ?? []), configFile: nil, secretsDirectories: [], positionalArguments: [])
        let trees = try configTrees(withFile.value(key: ServerPropertyCatalog.configImport))
        // A later import wins, as in Spring Boot: it goes first.
        var secrets: [Layer] = []
        for tree in trees.reversed() { secrets += try secretsLayer(tree) }

        var defaultValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (name, text) in defaults { defaultValues[AbsoluteConfigKey([name])] = ConfigValue(.string(text), isSecret: false) }
        let defaultLayer = try Layer(
            .defaults, snapshot: InMemoryProvider(name: "defaults", values: defaultValues).snapshot(),
            names: defaults.keys.sorted().map { ($0, .dotted, AbsoluteConfigKey([$0]), ServerPropertySource(.defaults, name: $0)) })

        return ServerProperties(
            layers: early.layers + secrets + (yaml.map { [$0] } ?? []) + [defaultLayer], configFile: configFile,
            secretsDirectories: trees.compactMap { $0.exists ? $0.path : nil }, positionalArguments: parsed.positional)
    }

    /// `SERVER_PORT`: upper-case letters, digits and `_` (what the environment provider can look up).
    static func isUpperCaseVariableName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    // MARK: SPRING_APPLICATION_JSON

    /// The properties of a JSON document, read by swift-configuration's `JSONSnapshot`; its keys
    /// listed with `JSONSerialization` (nested objects and dotted keys alike).
    static func applicationJSON(_ text: String, carrier: String) throws(ServerConfigurationError) -> Layer {
        let data = Data(text.utf8)
        let snapshot: JSONSnapshot
        let object: Any
        do {
            snapshot = try JSONSnapshot(data: data.bytes, providerName: carrier, parsingOptions: .default)
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ServerConfigurationError(.unreadableFile, property: ServerPropertyCatalog.applicationJSON, "\(carrier) is not a JSON object of properties: \(error)")
        }
        var names: [String] = []
        var types: [String: ConfigType] = [:]
        func walk(_ value: Any, path: [String]) {
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() { walk(object[key]!, path: path + [key]) }
            } else if !(value is NSNull), !path.isEmpty {
                let name = path.joined(separator: ".")
                names.append(name)
                // A JSON boolean is an NSNumber of Objective-C type "c"; ask the snapshot for a Bool then.
                if let number = value as? NSNumber {
                    let type = String(cString: number.objCType)
                    types[name] = type == "c" ? .bool : type == "d" || type == "f" ? .double : .int
                }
            }
        }
        walk(object, path: [])
        return try Layer(
            .applicationJSON, snapshot: snapshot,
            names: names.map { ($0, .dotted, AbsoluteConfigKey([$0]), ServerPropertySource(.applicationJSON, name: $0, location: carrier)) },
            preferredTypes: types)
    }

    // MARK: The YAML file

    /// Finds the YAML file: `--config` (must exist), else `spring.config.location` (must exist
    /// unless `optional:`), else the first `application.yaml`/`.yml` in `directories`.
    static func locateConfigFile(
        option: String?, early: ServerProperties, directories: [String]
    ) throws(ServerConfigurationError) -> String? {
        if let option {
            guard let file = configFile(at: option) else {
                throw ServerConfigurationError(
                    .missingFile, property: "config", source: ServerPropertySource(.argument, name: "config"),
                    "--config=\(option): no such file (expected a YAML file, or a directory holding application.yaml)")
            }
            return file
        }
        if let location = early.value(key: ServerPropertyCatalog.configLocation) {
            var path = location.text.trimmingCharacters(in: .whitespaces)
            let optional = path.hasPrefix("optional:")
            if optional { path.removeFirst("optional:".count) }
            if path.hasPrefix("file:") { path.removeFirst("file:".count) }
            guard !path.isEmpty, !path.contains(","), !path.hasPrefix("classpath:") else {
                throw ServerConfigurationError.invalid(location, expected: "one file or directory, [optional:][file:]PATH")
            }
            if let file = configFile(at: path) { return file }
            if optional { return nil }
            throw ServerConfigurationError(
                .missingFile, property: location.name, source: location.source,
                "\(location.name)=\(location.text) from \(location.source): no such file (expected a YAML file, or a directory holding application.yaml)")
        }
        for directory in directories {
            if let file = configFile(at: directory, onlyDirectory: true) { return file }
        }
        return nil
    }

    /// `path` if it is a file, else its `application.yaml` or `application.yml` if it is a directory.
    static func configFile(at path: String, onlyDirectory: Bool = false) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return onlyDirectory ? nil : path }
        for name in ["application.yaml", "application.yml"] {
            let file = (path as NSString).appendingPathComponent(name)
            var isFileDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isFileDirectory), !isFileDirectory.boolValue { return file }
        }
        return nil
    }

    /// The YAML file's properties: values from swift-configuration's `YAMLSnapshot`, keys listed
    /// by walking the same bytes with Yams (the snapshot does not list them).
    ///
    /// `YAMLSnapshot` refuses a whole file for one list of maps (a Data Flow file's Kubernetes
    /// `volumes`, say); the file is then read from the walk's own values, and such lists, which
    /// no server property takes, are left out.
    static func yamlLayer(_ path: String) throws(ServerConfigurationError) -> Layer {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerConfigurationError(.unreadableFile, property: nil, "\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ServerConfigurationError(.unreadableFile, property: nil, "\(path): not UTF-8 text")
        }
        let leaves: [(key: String, text: String?)]
        do {
            leaves = try yamlLeaves(text)
        } catch {
            throw ServerConfigurationError(.unreadableFile, property: nil, "\(path): not a YAML map of properties: \(error)")
        }
        let readable = leaves.compactMap { leaf in leaf.text.map { (key: leaf.key, text: $0) } }
        let snapshot: any ConfigSnapshot
        if !readable.isEmpty, let parsed = try? YAMLSnapshot(data: data.bytes, providerName: path, parsingOptions: .default) {
            snapshot = parsed
        } else {
            var values: [AbsoluteConfigKey: ConfigValue] = [:]
            for leaf in readable { values[AbsoluteConfigKey([leaf.key])] = ConfigValue(.string(leaf.text), isSecret: false) }
            snapshot = InMemoryProvider(name: path, values: values).snapshot()
        }
        let names = readable.map(\.key)
        return try Layer(
            .configFile, snapshot: snapshot,
            names: names.map { ($0, .dotted, AbsoluteConfigKey([$0]), ServerPropertySource(.configFile, name: $0, location: path)) })
    }

    /// The keys of a YAML document's scalars and lists, their map keys joined with `.` as
    /// `YAMLSnapshot` joins them (`spring: {datasource: {url: x}}` and `spring.datasource.url: x`
    /// both give `spring.datasource.url`), in document order, each with its text (a list of
    /// scalars joined with commas; nil for a list holding maps or lists). Null values (`url:`,
    /// `url: ~`) are left out, as unset.
    static func yamlLeaves(_ text: String) throws -> [(key: String, text: String?)] {
        guard let root = try Yams.Parser(yaml: text).singleRoot() else { return [] }
        guard case .mapping(let mapping) = root else { throw YAMLShapeError.topLevelNotAMap }
        var leaves: [(key: String, text: String?)] = []
        var seen: Set<String> = []
        func walk(_ mapping: Yams.Node.Mapping, path: [String]) throws {
            for (key, value) in mapping {
                guard let name = key.string else { throw YAMLShapeError.keyNotText(path.joined(separator: ".")) }
                let keyPath = path + [name]
                let text: String?
                switch value {
                case .mapping(let nested):
                    try walk(nested, path: keyPath)
                    continue
                case .scalar(let scalar) where scalar.style == .plain && Yams.Node.scalar(scalar).null != nil:
                    continue  // `url:`, `url: ~`, `url: null` (a quoted "" is a value)
                case .scalar(let scalar):
                    text = scalar.string
                case .sequence(let sequence):
                    let items = sequence.map(\.scalar)
                    text = items.contains { $0 == nil } ? nil : items.map { $0!.string }.joined(separator: ",")
                case .alias:
                    text = nil
                }
                let joined = keyPath.joined(separator: ".")
                if seen.insert(joined).inserted { leaves.append((joined, text)) }
            }
        }
        try walk(mapping, path: [])
        return leaves
    }

    /// A YAML document that is no map of properties.
    enum YAMLShapeError: Error, CustomStringConvertible {
        case topLevelNotAMap
        case keyNotText(String)

        var description: String {
            switch self {
            case .topLevelNotAMap: "the document is not a map"
            case .keyNotText(let path): "a key under '\(path)' is not text"
            }
        }
    }

    // MARK: Secrets directories

    /// A `configtree:` import.
    struct ConfigTree: Sendable {
        let path: String
        let optional: Bool
        let exists: Bool
        let source: ServerPropertySource
    }

    /// The secrets directories of `spring.config.import` (`[optional:]configtree:DIR`, comma separated).
    static func configTrees(_ value: ServerPropertyValue?) throws(ServerConfigurationError) -> [ConfigTree] {
        guard let value else { return [] }
        var trees: [ConfigTree] = []
        for item in value.text.split(separator: ",") {
            var text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let optional = text.hasPrefix("optional:")
            if optional { text.removeFirst("optional:".count) }
            guard text.hasPrefix("configtree:"), text.count > "configtree:".count else {
                throw ServerConfigurationError.invalid(value, expected: "configtree:DIR or optional:configtree:DIR, comma separated (only secrets directories can be imported)")
            }
            let path = String(text.dropFirst("configtree:".count))
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue {
                throw ServerConfigurationError(
                    .missingFile, property: value.name, source: value.source, "\(value.name) from \(value.source): \(path) is not a directory")
            }
            if !exists, !optional {
                throw ServerConfigurationError(
                    .missingFile, property: value.name, source: value.source,
                    "\(value.name) from \(value.source): secrets directory \(path) does not exist (write optional:configtree:\(path) if it may be absent)")
            }
            trees.append(ConfigTree(path: path, optional: optional, exists: exists, source: value.source))
        }
        return trees
    }

    /// One secrets directory: every file is a property named by its path below the directory
    /// (`spring.datasource.password`, `SPRING_DATASOURCE_PASSWORD`, `spring/datasource/password`),
    /// its content the value with trailing line breaks removed. Hidden entries (Kubernetes'
    /// `..data`) are skipped; symbolic links are followed. Every value is a secret.
    static func secretsLayer(_ tree: ConfigTree) throws(ServerConfigurationError) -> [Layer] {
        guard tree.exists else { return [] }
        var files: [(name: String, path: String)] = []
        try listFiles(in: tree.path, prefix: [], depth: 0, into: &files)
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ServerConfigurationError(.unreadableFile, property: file.name, "secrets file \(file.path) cannot be read")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw ServerConfigurationError(.unreadableFile, property: file.name, "secrets file \(file.path) is not UTF-8 text")
            }
            while text.hasSuffix("\n") || text.hasSuffix("\r") || text.hasSuffix("\r\n") { text.removeLast() }
            values[AbsoluteConfigKey([file.name])] = ConfigValue(.string(text), isSecret: true)
        }
        let layer = try Layer(
            .secretsFile, snapshot: InMemoryProvider(name: "secrets \(tree.path)", values: values).snapshot(),
            names: files.map { file in
                // `SPRING_DATASOURCE_PASSWORD` is read as an environment variable name; anything with a dot, or without `_`, as a dotted name.
                let style: ServerPropertyName.Style = file.name.contains(".") || !file.name.contains("_") ? .dotted : .environment
                return (file.name, style, AbsoluteConfigKey([file.name]), ServerPropertySource(.secretsFile, name: file.name, location: file.path))
            },
            allSecret: true)
        return [layer]
    }

    private static func listFiles(
        in directory: String, prefix: [String], depth: Int, into files: inout [(name: String, path: String)]
    ) throws(ServerConfigurationError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ServerConfigurationError(.unreadableFile, property: nil, "secrets directory \(directory) cannot be listed: \(error.localizedDescription)")
        }
        for name in names where !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }  // a dangling link
            if isDirectory.boolValue {
                if depth < 8 { try listFiles(in: path, prefix: prefix + [name], depth: depth + 1, into: &files) }
            } else {
                files.append(((prefix + [name]).joined(separator: "."), path))
            }
        }
    }
}

/// The command-line arguments as the server reads them.
enum ServerArguments {
    struct Parsed {
        /// `--name=value` and `--name value` (and `--name` alone, meaning `true`), in order.
        var properties: [(name: String, value: String)] = []
        /// `--config PATH` / `--config=PATH`.
        var configOption: String?
        /// Everything else.
        var positional: [String] = []
    }

    /// Splits the arguments. `--name value` takes the next argument when it does not start with
    /// `--`; `--` ends the options.
    static func parse(_ arguments: [String]) throws(ServerConfigurationError) -> Parsed {
        var parsed = Parsed()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                parsed.positional += arguments[index...]
                break
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                parsed.positional.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let name: String
            let value: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                name = String(body)
                value = arguments[index]
                index += 1
            } else {
                name = String(body)
                value = nil
            }
            guard !name.isEmpty else {
                throw ServerConfigurationError(.invalidArgument, property: nil, "\(argument): expected --name=value")
            }
            if name == "config" {
                guard let value, !value.isEmpty else {
                    throw ServerConfigurationError(
                        .invalidArgument, property: "config", source: ServerPropertySource(.argument, name: "config"),
                        "--config: expected --config=PATH naming the YAML file")
                }
                parsed.configOption = value
            } else {
                parsed.properties.append((name, value ?? "true"))
            }
        }
        return parsed
    }
}
