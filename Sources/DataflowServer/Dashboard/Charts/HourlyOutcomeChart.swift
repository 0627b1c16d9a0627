import BatchRuntime
import Foundation

/// A stacked bar chart of the job executions started in each of the last 24 hours, one bar
/// per hour (UTC) and one segment per outcome, as an SVG document.
///
/// Each segment is a `<rect class="status-<status>">` with a `<title>` such as
/// `11:00–12:00 UTC: 3 failed`; outcomes other than completed also carry a texture (see
/// ``StatusPattern``), repeated in the legend. The `<desc>` sums the bars up in words. Hours
/// are labelled in UTC every three hours.
///
/// ```swift
/// let range = HourlyOutcomeChart.range(endingAt: now)
/// let counts = try await explorer.executionCountsByHour(since: range.since, until: range.until)
/// let svg = HourlyOutcomeChart(counts: counts, now: now).svg()
/// ```
struct HourlyOutcomeChart: Sendable {
    /// How many hours the chart shows.
    static let hours = 24

    /// The executions per hour and status; hours outside the chart's are left out, and
    /// repeated hours and statuses add up.
    var counts: [HourlyExecutionCount]
    /// The time the chart is drawn at: its last bar is this hour (so far).
    var now: Date
    /// The prefix of the chart's element ids, unique in the page.
    var id = "hourly"

    /// What to count for a chart drawn at `now`: from the start of the hour 23 hours before
    /// the current one, to `now`.
    static func range(endingAt now: Date) -> (since: Date, until: Date) {
        (hourStart(of: now).addingTimeInterval(-Double(hours - 1) * 3600), now)
    }

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let frame = ChartFrame(id: id)
        let slots = slotCounts()
        let statuses = BatchStatus.allCases.filter { status in slots.contains { $0[status] != nil } }
        let totals = slots.map { $0.values.reduce(0, +) }
        let scale = ChartScale(maximum: Double(totals.max() ?? 0), targetTicks: 5, minimumStep: 1)
        var svg = frame.open(
            className: "chart hourly-outcome-chart", title: "Job executions per hour over the last 24 hours (UTC), by outcome",
            description: description(slots), defs: StatusPattern.definitions(chart: id, statuses: statuses))
        svg += frame.valueAxis(scale, title: "executions per hour")
        svg += frame.categoryAxis(hourLabels(frame), title: "hour (UTC)")
        if statuses.isEmpty {
            svg += frame.emptyMessage("No executions in the last 24 hours")
        } else {
            svg += "<g class=\"bars\">\(bars(slots, frame: frame, scale: scale))</g>"
            svg += frame.legend(statuses) { status, x, y in
                segment(status, x: x - 6, y: y - 6, width: 12, height: 12, title: nil)
            }
        }
        return svg + frame.close
    }

    /// The counts of each of the 24 hours by status, oldest hour first.
    func slotCounts() -> [[BatchStatus: Int64]] {
        let first = Self.range(endingAt: now).since
        var slots = Array(repeating: [BatchStatus: Int64](), count: Self.hours)
        for count in counts where count.count > 0 {
            let slot = Int((count.hourStart.timeIntervalSince(first) / 3600).rounded(.down))
            guard slots.indices.contains(slot) else { continue }
            slots[slot][count.status, default: 0] += count.count
        }
        return slots
    }

    /// "42 executions in the last 24 hours: 40 completed, 2 failed".
    private func description(_ slots: [[BatchStatus: Int64]]) -> String {
        var byStatus: [BatchStatus: Int64] = [:]
        for slot in slots { byStatus.merge(slot, uniquingKeysWith: +) }
        let total = byStatus.values.reduce(0, +)
        guard total > 0 else { return "No executions in the last 24 hours." }
        let parts = BatchStatus.allCases.compactMap { status in byStatus[status].map { "\($0) \(status.rawValue.lowercased())" } }
        return "\(total) execution\(total == 1 ? "" : "s") in the last 24 hours: \(parts.joined(separator: ", "))"
    }

    /// A label under every hour that starts at 00:00, 03:00, 06:00… UTC, at the hour's left edge.
    private func hourLabels(_ frame: ChartFrame) -> [(x: Double, text: String)] {
        let first = Self.range(endingAt: now).since
        let width = (frame.right - frame.left) / Double(Self.hours)
        return (0..<Self.hours).compactMap { slot in
            let hour = Self.utcHour(first.addingTimeInterval(Double(slot) * 3600))
            return hour % 3 == 0 ? (frame.left + Double(slot) * width, Self.clock(hour)) : nil
        }
    }

    /// The bars: each hour's segments stacked from the baseline in ``BatchStatus`` order.
    private func bars(_ slots: [[BatchStatus: Int64]], frame: ChartFrame, scale: ChartScale) -> String {
        let first = Self.range(endingAt: now).since
        let width = (frame.right - frame.left) / Double(Self.hours)
        var bars = ""
        for (slot, counts) in slots.enumerated() where !counts.isEmpty {
            let hour = Self.utcHour(first.addingTimeInterval(Double(slot) * 3600))
            let span = "\(Self.clock(hour))–\(Self.clock((hour + 1) % 24)) UTC"
            var below: Int64 = 0
            for status in BatchStatus.allCases {
                guard let count = counts[status] else { continue }
                let top = frame.y(Double(below + count), scale)
                let base = frame.y(Double(below), scale)
                bars += segment(
                    status, x: frame.left + (Double(slot) + 0.1) * width, y: top, width: width * 0.8, height: base - top,
                    title: "\(span): \(count) \(status.rawValue.lowercased())")
                below += count
            }
        }
        return bars
    }

    /// One segment: the rectangle the page colours, with its title, and over it the status's
    /// texture (which lets the pointer through to the rectangle and its title).
    private func segment(_ status: BatchStatus, x: Double, y: Double, width: Double, height: Double, title: String?) -> String {
        let n = SVGText.number
        let geometry = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\""
        var rect = "<rect class=\"\(ChartFrame.className(status))\" \(geometry)"
        rect += title.map { "><title>\(SVGText.escape($0))</title></rect>" } ?? "/>"
        if let pattern = StatusPattern.id(chart: id, status: status) {
            rect += "<rect class=\"texture\" \(geometry) fill=\"url(#\(pattern))\" pointer-events=\"none\"/>"
        }
        return rect
    }

    /// The start of the UTC hour `date` falls in.
    static func hourStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }

    /// The hour of the day (0–23) of `date` in UTC.
    static func utcHour(_ date: Date) -> Int {
        let hours = Int((date.timeIntervalSince1970 / 3600).rounded(.down))
        return ((hours % 24) + 24) % 24
    }

    /// `07:00`.
    static func clock(_ hour: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):00"
    }
}
