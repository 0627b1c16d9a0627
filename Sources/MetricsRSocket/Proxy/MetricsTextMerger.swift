/// Joins the Prometheus texts of many clients into one exposition that strict parsers accept:
/// each family's `# HELP` and `# TYPE` appear once, and all its samples sit together under
/// them, whichever client they came from. (The Java proxy concatenates the texts, repeating
/// metadata lines, which Telegraf and other strict parsers reject.)
///
/// Works on UTF-8 bytes: a scrape of a thousand series per client is hundreds of kilobytes,
/// and the proxy merges every client's text on every scrape.
struct MetricsTextMerger {
    typealias Line = ArraySlice<UInt8>

    private struct Family {
        var name: Line
        var help: Line?
        var type: Line?
        var samples: [Line] = []
    }

    private var families: [Family] = []
    private var index: [Line: Int] = [:]
    private var byteCount = 0

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    /// Adds one client's text.
    mutating func add(_ text: String) { add(Array(text.utf8)) }

    /// Adds one client's text as UTF-8.
    mutating func add(_ text: [UInt8]) {
        byteCount += text.count
        var current: Int?
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(of: Self.newline) ?? text.endIndex
            let line = text[start..<end]
            start = end + 1
            guard let first = line.first else { continue }
            if first == UInt8(ascii: "#") {
                guard let (keyword, name) = Self.metadata(line) else { continue }
                let family = self.family(name)
                current = family
                if keyword == UInt8(ascii: "H") {
                    if families[family].help == nil { families[family].help = line }
                } else if families[family].type == nil {
                    families[family].type = line
                }
                continue
            }
            let name = line.prefix { $0 != UInt8(ascii: "{") && $0 != Self.space && $0 != UInt8(ascii: "\t") }
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
    func text() -> String { String(decoding: bytes(), as: UTF8.self) }

    /// The merged text as UTF-8.
    func bytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(byteCount + families.count)
        for family in families where !family.samples.isEmpty || family.type != nil {
            for line in [family.help, family.type].compactMap({ $0 }) + family.samples {
                output.append(contentsOf: line)
                output.append(Self.newline)
            }
        }
        return output
    }

    /// `# HELP name ...` or `# TYPE name ...`: the keyword's first letter and the name.
    private static func metadata(_ line: Line) -> (UInt8, Line)? {
        var rest = line.dropFirst().drop { $0 == space }
        guard rest.starts(with: "HELP ".utf8) || rest.starts(with: "TYPE ".utf8) else { return nil }
        let keyword = rest.first!
        rest = rest.dropFirst(5).drop { $0 == space }
        let name = rest.prefix { $0 != space }
        return name.isEmpty ? nil : (keyword, name)
    }

    private mutating func family(_ name: Line) -> Int {
        if let existing = index[name] { return existing }
        families.append(Family(name: name))
        index[name] = families.count - 1
        return families.count - 1
    }

    /// A sample named `name` belongs to family `family` when it is the family's name or one of
    /// its suffixed series (`_count`, `_sum`, `_bucket`, `_total`, `_created`, `_active_count`, ...).
    private static func belongs(_ name: Line, to family: Line) -> Bool {
        name == family
            || (name.count > family.count && name.starts(with: family) && name[name.startIndex + family.count] == UInt8(ascii: "_"))
    }
}
