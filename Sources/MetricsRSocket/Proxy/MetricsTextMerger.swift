/// Joins the Prometheus texts of many clients into one exposition that strict parsers accept:
/// each family's `# HELP` and `# TYPE` appear once, and all its samples sit together under
/// them, whichever client they came from. (The Java proxy concatenates the texts, repeating
/// metadata lines, which Telegraf and other strict parsers reject.)
struct MetricsTextMerger {
    private struct Family {
        var name: Substring
        var help: Substring?
        var type: Substring?
        var samples: [Substring] = []
    }

    private var families: [Family] = []
    private var index: [Substring: Int] = [:]

    /// Adds one client's text.
    mutating func add(_ text: String) {
        var current: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
                guard parts.count >= 3, parts[1] == "HELP" || parts[1] == "TYPE" else { continue }
                let family = self.family(parts[2])
                current = family
                if parts[1] == "HELP" {
                    if families[family].help == nil { families[family].help = line }
                } else if families[family].type == nil {
                    families[family].type = line
                }
                continue
            }
            let name = line.prefix { $0 != "{" && $0 != " " && $0 != "\t" }
            guard !name.isEmpty else { continue }
            if let current, Self.belongs(name, to: families[current].name) {
                families[current].samples.append(line)
            } else {
                let family = self.family(name)
                current = family
                families[family].samples.append(line)
            }
        }
    }

    /// The merged text.
    func text() -> String {
        var output = ""
        output.reserveCapacity(families.reduce(0) { $0 + $1.samples.reduce(64) { $0 + $1.utf8.count + 1 } })
        for family in families where !family.samples.isEmpty || family.type != nil {
            if let help = family.help { output += help; output += "\n" }
            if let type = family.type { output += type; output += "\n" }
            for sample in family.samples {
                output += sample
                output += "\n"
            }
        }
        return output
    }

    private mutating func family(_ name: Substring) -> Int {
        if let existing = index[name] { return existing }
        families.append(Family(name: name))
        index[name] = families.count - 1
        return families.count - 1
    }

    /// A sample named `name` belongs to family `family` when it is the family's name or one of
    /// its suffixed series (`_count`, `_sum`, `_bucket`, `_total`, `_created`, `_active_count`, ...).
    private static func belongs(_ name: Substring, to family: Substring) -> Bool {
        name == family || (name.hasPrefix(family) && name.dropFirst(family.count).first == "_")
    }
}
