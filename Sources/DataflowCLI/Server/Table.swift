import TaskRuntime

/// A plain-text table: a header row, then one row per element, columns padded to their widest
/// cell and two spaces apart (no box drawing, so `grep`, `awk` and `cut` read it).
struct Table {
    var headers: [String]
    var rows: [[String]]

    /// A two-column table of `Key` and `Value`, as Data Flow's shell shows one resource.
    static func keyValue(_ pairs: [(String, String)]) -> Table {
        Table(headers: ["Key", "Value"], rows: pairs.map { [$0.0, $0.1] })
    }

    /// The table's lines, without trailing spaces.
    func render() -> String {
        let lines = [headers] + rows.map { row in row.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") } }
        let widths = headers.indices.map { column in lines.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return lines.map { line in
            var text = headers.indices.map { column in
                ReportFormat.cell(line.indices.contains(column) ? line[column] : "", widths[column] + 2)
            }.joined()
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }
}
