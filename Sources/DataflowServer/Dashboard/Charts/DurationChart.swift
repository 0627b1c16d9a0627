import BatchRuntime
import Foundation

/// The durations of a job's latest executions as an SVG document: one marker per execution,
/// oldest on the left and newest on the right, its height the execution's duration in a unit
/// chosen from the longest (see ``DurationUnit``).
///
/// A marker's shape says its status (see ``MarkerShape``: a circle for completed, an X for
/// failed…) and its class `status-<status>` lets the page colour it; its `<title>` reads
/// `Execution 123: COMPLETED in 4.2 s`. Executions without a duration (still running, or
/// ended without starting) sit on the baseline. A faint line joins the completed ones.
///
/// ```swift
/// let cells = try await explorer.recentExecutions(jobName: name, limit: 50)
/// let svg = DurationChart(jobName: name, executions: cells).svg()
/// ```
struct DurationChart: Sendable {
    /// The job, named in the title.
    var jobName: String
    /// The executions, oldest first (as ``JobExplorer/recentExecutions(jobName:limit:)`` returns them).
    var executions: [JobGridCell]
    /// The prefix of the chart's element ids, unique in the page.
    var id = "durations"

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let frame = ChartFrame(id: id)
        let longest = executions.compactMap(\.duration).max() ?? 0
        let unit = DurationUnit.fitting(longest, minimum: 2)
        let scale = ChartScale(maximum: longest / unit.seconds, targetTicks: 5, minimumStep: 0.1)
        let statuses = BatchStatus.allCases.filter { status in executions.contains { $0.status == status } }
        var svg = frame.open(
            className: "chart duration-chart", title: "Durations of the last \(executions.count) execution\(executions.count == 1 ? "" : "s") of \(jobName)",
            description: description(longest: longest))
        svg += frame.valueAxis(scale, title: "duration (\(unit.rawValue))")
        svg += frame.categoryAxis(idLabels(frame), title: "execution (oldest left, newest right)")
        if executions.isEmpty {
            svg += frame.emptyMessage("No executions of \(jobName) yet")
            return svg + frame.close
        }
        let points = executions.enumerated().map { index, cell in
            (cell, x(index, frame), cell.duration.map { frame.y($0 / unit.seconds, scale) } ?? frame.bottom)
        }
        let completed = points.filter { $0.0.status == .completed && $0.0.duration != nil }
        if completed.count > 1 {
            let line = completed.map { "\(SVGText.number($0.1)),\(SVGText.number($0.2))" }.joined(separator: " ")
            svg += "<polyline class=\"trend\" points=\"\(line)\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".3\"/>"
        }
        svg += "<g class=\"markers\">"
        for (cell, x, y) in points {
            svg += MarkerShape.of(cell.status).element(
                x: x, y: y, attributes: " class=\"\(ChartFrame.className(cell.status))\"",
                content: "<title>\(SVGText.escape(Self.title(cell)))</title>")
        }
        svg += "</g>"
        svg += frame.legend(statuses) { status, x, y in
            MarkerShape.of(status).element(x: x, y: y, attributes: " class=\"\(ChartFrame.className(status))\"")
        }
        return svg + frame.close
    }

    /// "Execution 123: COMPLETED in 4.2 s", with the exit code when it is not the status.
    static func title(_ cell: JobGridCell) -> String {
        var text = "Execution \(cell.id): \(cell.status.rawValue)"
        if let duration = cell.duration {
            text += " in \(DurationUnit.text(duration))"
        } else {
            text += cell.status.isRunning ? ", still running" : ", no duration"
        }
        if !cell.exitCode.isEmpty, cell.exitCode != cell.status.rawValue {
            text += " (exit code \(cell.exitCode))"
        }
        return text
    }

    /// The centre of execution `index`'s slot.
    private func x(_ index: Int, _ frame: ChartFrame) -> Double {
        frame.left + (Double(index) + 0.5) * (frame.right - frame.left) / Double(max(executions.count, 1))
    }

    /// The ids of every k-th execution counting back from the newest, which is always
    /// labelled; k is 1, 2 or 5 times a power of ten, for at most ten labels.
    private func idLabels(_ frame: ChartFrame) -> [(x: Double, text: String)] {
        guard !executions.isEmpty else { return [] }
        let every = Int(ChartScale.niceStep(max(Double(executions.count) / 10, 1)).rounded())
        let last = executions.count - 1
        return executions.indices.filter { (last - $0) % every == 0 }.map { (x($0, frame), String(executions[$0].id)) }
    }

    /// "50 executions of nightly, 101 to 150: 45 completed, 3 failed, 2 started. Longest: 4.2 min."
    private func description(longest: TimeInterval) -> String {
        guard let first = executions.first, let last = executions.last else { return "No executions of \(jobName) yet." }
        let parts = BatchStatus.allCases.compactMap { status -> String? in
            let count = executions.filter { $0.status == status }.count
            return count == 0 ? nil : "\(count) \(status.rawValue.lowercased())"
        }
        let range = executions.count == 1 ? "execution \(first.id)" : "executions \(first.id) to \(last.id)"
        let count = executions.count == 1 ? "1 execution" : "\(executions.count) executions"
        let longestText = executions.contains { $0.duration != nil } ? " Longest: \(DurationUnit.text(longest))." : ""
        return "\(count) of \(jobName), \(range): \(parts.joined(separator: ", ")).\(longestText)"
    }
}
