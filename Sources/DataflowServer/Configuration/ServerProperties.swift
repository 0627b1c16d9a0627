import Configuration
import Foundation

/// The server's properties from all its sources, in one precedence, highest first:
///
/// 1. command-line arguments (`--server.port=9393`, `--server.port 9393`);
/// 2. `--spring.application.json` or `SPRING_APPLICATION_JSON` (Spring Boot's JSON properties);
/// 3. environment variables (`SERVER_PORT`, `SPRING_DATASOURCE_URL`, ...);
/// 4. secrets directories named by `spring.config.import=configtree:/etc/secrets/`, one file per
///    property (a later directory in the list wins over an earlier one);
/// 5. the YAML file (`--config`, else `spring.config.location`, else `./config/application.yaml`,
///    else `/config/application.yaml`);
/// 6. the defaults.
///
/// Names match with Spring's relaxed binding (``ServerPropertyName``): any case, `-` and `_`
/// ignored within an element, `_` separating elements in environment variables.
///
/// ## What swift-configuration does here, and what is written by hand
///
/// Values are read through swift-configuration's snapshots: `YAMLSnapshot` parses the YAML file
/// (nested maps and dotted keys flatten to the same key), `JSONSnapshot` the application JSON,
/// `EnvironmentVariablesProvider` holds the environment, and `InMemoryProvider`s hold the
/// arguments, the secrets files and the defaults. Written by hand, because the providers do not
/// do it:
/// - *listing the names each source sets*: no provider enumerates its keys, and both the
///   misspelling warnings and the map properties (`accounts.<name>.…`) need them, so the YAML
///   is walked with Yams, the JSON with `JSONSerialization`, the environment's and the
///   secrets directory's names are listed;
/// - *relaxed binding*: each provider looks a key up in its own encoding (the environment
///   provider upper-cases and joins with `_`, `YAMLSnapshot` joins with `.`), so each listed name
///   is canonicalised here and looked up in the provider under the exact name it was listed by;
/// - *the arguments*: `CommandLineArgumentsProvider` splits every value on commas
///   (`--…roles=VIEW,DEPLOY` becomes a list), dash-cases and lower-cases the key it looks up
///   (`--spring.datasource.driverClassName` cannot be found), and lists no keys;
/// - *the secrets directory*: `DirectoryFilesProvider` encodes `.` in a key as `_`, so a file
///   named `spring.datasource.password` (Spring's config-tree form) cannot be looked up; it
///   skips symbolic links, which is how Kubernetes mounts every file of a Secret; it also trims
///   leading whitespace and lists no keys;
/// - *the precedence walk* (first source that has the key wins): a `ConfigReader` over the same
///   providers resolves the same order, but returns only the value (which provider answered
///   goes to an `AccessReporter` as an event), and every message here names the source.
public struct ServerProperties: Sendable {
    /// A name one source sets.
    struct Entry: Sendable {
        /// The name as the source spells it.
        let name: ServerPropertyName
        /// What it is to the server.
        let classification: ServerPropertyCatalog.Classification
        /// Its value.
        let value: ServerPropertyValue
    }

    /// One source.
    struct Layer: Sendable {
        /// The kind of source.
        let origin: ServerPropertySource.Origin
        /// The swift-configuration snapshot the values were read from (its `providerName`).
        let providerName: String
        /// The names it sets, in its order.
        var entries: [Entry] = []
        /// Known properties by key (``ServerPropertyCatalog/Classification/known(key:display:spec:member:)``) → entry.
        var index: [String: Int] = [:]

        /// Lists what a swift-configuration snapshot holds under `names` (each looked up under
        /// its exact key), classifying every name and reading its value as text.
        init(
            _ origin: ServerPropertySource.Origin, snapshot: any ConfigSnapshot,
            names: [(written: String, style: ServerPropertyName.Style, lookup: AbsoluteConfigKey, source: ServerPropertySource)],
            allSecret: Bool = false, preferredTypes: [String: ConfigType] = [:]
        ) throws(ServerConfigurationError) {
            self.origin = origin
            self.providerName = snapshot.providerName
            for item in names {
                let name = ServerPropertyName(item.written, style: item.style)
                let classification = ServerPropertyCatalog.classify(name)
                if case .unrelated = classification { continue }  // other programs' variables, other frameworks' keys
                guard
                    let (text, flaggedSecret) = try Self.text(
                        of: item.lookup, in: snapshot, source: item.source, preferring: preferredTypes[item.written])
                else { continue }
                // The catalog says which known properties are secrets; for other names, trust the
                // provider's flag and the name (password, token, key, ...).
                let display: String
                let isSecret: Bool
                switch classification {
                case .unrelated: continue
                case .known(_, let shown, let spec, _):
                    display = shown
                    isSecret = allSecret || spec.isSecret
                case .unknown:
                    display = name.written
                    isSecret = allSecret || flaggedSecret || ServerPropertyCatalog.looksSecret(name.written)
                }
                let value = ServerPropertyValue(name: display, text: text, source: item.source, isSecret: isSecret)
                entries.append(Entry(name: name, classification: classification, value: value))
                if case .known(let key, _, _, _) = classification { index[key] = entries.count - 1 }
            }
        }

        /// A value as text, whatever type the snapshot holds it as (JSON numbers and booleans,
        /// YAML lists), with the snapshot's secret flag; nil when it holds none. `preferred` is
        /// asked for first (a JSON `true` also reads as the integer 1).
        static func text(
            of key: AbsoluteConfigKey, in snapshot: any ConfigSnapshot, source: ServerPropertySource, preferring preferred: ConfigType? = nil
        ) throws(ServerConfigurationError) -> (String, Bool)? {
            var failure: (any Error)?
            let types: [ConfigType] = (preferred.map { [$0] } ?? []) + [.string, .int, .double, .bool, .stringArray, .intArray, .doubleArray, .boolArray]
            for type in types {
                do {
                    guard let value = try snapshot.value(forKey: key, type: type).value else { return nil }
                    return (text(of: value.content), value.isSecret)
                } catch {
                    failure = failure ?? error  // another type may fit
                }
            }
            throw ServerConfigurationError(
                .unreadableFile, property: source.name, source: source, "\(source) cannot be read as text: \(failure.map { "\($0)" } ?? "no value")")
        }

        static func text(of content: ConfigContent) -> String {
            switch content {
            case .string(let text): text
            case .int(let number): String(number)
            case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case .bool(let flag): String(flag)
            case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
            case .stringArray(let items): items.joined(separator: ",")
            case .intArray(let items): items.map(String.init).joined(separator: ",")
            case .doubleArray(let items): items.map { String($0) }.joined(separator: ",")
            case .boolArray(let items): items.map(String.init).joined(separator: ",")
            case .byteChunkArray(let items): items.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",")
            }
        }
    }

    /// The sources, highest precedence first.
    let layers: [Layer]
    /// The YAML file read, if any.
    public let configFile: String?
    /// The secrets directories read, in the order given.
    public let secretsDirectories: [String]
    /// Arguments that are no `--name` property (the server takes none).
    public let positionalArguments: [String]

    /// The effective value of a known property (any spelling: `server.port`, `SERVER_PORT`),
    /// from the highest-precedence source that sets it; nil when none does.
    public func value(_ name: String) -> ServerPropertyValue? {
        let style: ServerPropertyName.Style = name.contains(".") || !name.contains("_") ? .dotted : .environment
        guard case .known(let key, _, _, _) = ServerPropertyCatalog.classify(ServerPropertyName(name, style: style)) else { return nil }
        return value(key: key)
    }

    /// The effective value stored under a catalog key.
    func value(key: String) -> ServerPropertyValue? {
        for layer in layers {
            if let position = layer.index[key] { return layer.entries[position].value }
        }
        return nil
    }

    /// The map keys a family has in any source: canonical key → the key as written (from the
    /// highest-precedence source that is no environment variable, which keeps case and dashes),
    /// sorted by the written key.
    func members(of family: ServerPropertyFamily) -> [(key: String, written: String)] {
        var written: [String: (String, ServerPropertySource.Origin)] = [:]
        for layer in layers {
            for entry in layer.entries {
                guard case .known(_, _, _, let member?) = entry.classification, member.prefix == family.prefix else { continue }
                if let known = written[member.key], known.1 != .environment || layer.origin == .environment { continue }
                written[member.key] = (member.written, layer.origin)
            }
        }
        return written.map { ($0.key, $0.value.0) }.sorted { ($0.written, $0.key) < ($1.written, $1.key) }
    }

    /// Every known property that a source sets (defaults included), with its effective value, by name.
    public var effectiveValues: [ServerPropertyValue] {
        var keys: [String] = []
        var seen: Set<String> = []
        for layer in layers {
            for entry in layer.entries {
                if case .known(let key, _, _, _) = entry.classification, seen.insert(key).inserted { keys.append(key) }
            }
        }
        return keys.compactMap(value(key:)).sorted { $0.name < $1.name }
    }

    /// The names under the server's prefixes that no known property has, with their sources, in
    /// precedence order.
    var unknownEntries: [Entry] {
        layers.flatMap { layer in
            layer.entries.filter { if case .unknown = $0.classification { true } else { false } }
        }
    }
}
