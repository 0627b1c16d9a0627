extension PrometheusRegistry {
    /// The content type of ``renderText()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Every series as Prometheus text exposition format 0.0.4, with the common tags added.
    public func renderText() -> String {
        let (families, order, common, descriptions) = state.withLock { ($0.families, $0.order, $0.commonTags, $0.descriptions) }
        var output = ""
        output.reserveCapacity(families.values.reduce(0) { $0 + $1.series.count } * 160)
        for name in order {
            guard let family = families[name], !family.series.isEmpty else { continue }
            render(name, family, common, help: descriptions[name] ?? " ", into: &output)
        }
        return output
    }

    /// ``renderText()`` as UTF-8 bytes.
    public func render() -> [UInt8] { Array(renderText().utf8) }

    private func render(_ name: String, _ family: Family, _ common: [(String, String)], help: String, into output: inout String) {
        switch family.kind {
        case .counter:
            let total = name.hasSuffix("_total") ? name : name + "_total"
            metadata(total, "counter", help, &output)
            for series in family.series {
                sample(total, series.labels, common, (series.handler as! CounterSeries).current, &output)
            }
        case .gauge:
            metadata(name, "gauge", help, &output)
            for series in family.series {
                sample(name, series.labels, common, (series.handler as! GaugeSeries).current, &output)
            }
        case .summary, .timer:
            let base = family.kind == .timer ? name + "_seconds" : name
            // Divide (not multiply by 1e-9): 1537934 ns prints as 0.001537934, not 0.0015379340000000001.
            let divisor = family.kind == .timer ? 1e9 : 1
            let snapshots = family.series.map { ($0.labels, ($0.handler as! SummarySeries).snapshot) }
            metadata(base, "summary", help, &output)
            for (labels, snapshot) in snapshots {
                sample(base + "_count", labels, common, Double(snapshot.count), &output)
                sample(base + "_sum", labels, common, snapshot.sum / divisor, &output)
            }
            metadata(base + "_max", "gauge", help, &output)
            for (labels, snapshot) in snapshots {
                sample(base + "_max", labels, common, snapshot.max / divisor, &output)
            }
        case .longTask:
            let base = name + "_seconds"
            let snapshots = family.series.map { ($0.labels, ($0.handler as! LongTaskSeries).snapshot) }
            metadata(base, "untyped", help, &output)
            for (labels, snapshot) in snapshots {
                sample(base + "_active_count", labels, common, Double(snapshot.active), &output)
                sample(base + "_duration_sum", labels, common, snapshot.durationSum, &output)
            }
            metadata(base + "_max", "gauge", help, &output)
            for (labels, snapshot) in snapshots {
                sample(base + "_max", labels, common, snapshot.max, &output)
            }
        }
    }

    /// `# HELP` then `# TYPE`, as Micrometer writes every family: the meter's description, or
    /// a single space when it has none (so `# HELP name  ` ends in two spaces, as theirs does).
    private func metadata(_ name: String, _ type: String, _ help: String, _ output: inout String) {
        output += "# HELP "
        output += name
        output += " "
        PrometheusNaming.appendEscapedHelp(help, to: &output)
        output += "\n# TYPE "
        output += name
        output += " "
        output += type
        output += "\n"
    }

    private func sample(
        _ name: String, _ labels: [(String, String)], _ common: [(String, String)], _ value: Double, _ output: inout String
    ) {
        output += name
        var first = true
        var own = 0
        var shared = 0
        // Both lists are sorted by name: merge them, the metric's own tag winning a tie.
        while own < labels.count || shared < common.count {
            let label: (String, String)
            if shared == common.count || (own < labels.count && labels[own].0 <= common[shared].0) {
                label = labels[own]
                if shared < common.count && common[shared].0 == label.0 { shared += 1 }
                own += 1
            } else {
                label = common[shared]
                shared += 1
            }
            output += first ? "{" : ","
            first = false
            output += label.0
            output += "=\""
            PrometheusNaming.appendEscaped(label.1, to: &output)
            output += "\""
        }
        if !first { output += "}" }
        output += " "
        output += PrometheusNaming.format(value)
        output += "\n"
    }
}
