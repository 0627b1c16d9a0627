import BatchRuntime
import Foundation
import Testing

@testable import DataflowServer

/// The dashboard's SVG charts, read back with an XML parser: well-formed, accessible, one
/// shape per count or execution, and statuses told apart by more than colour.
@Suite("dashboard charts: SVG text, scales, executions per hour")
struct ChartTests {
    static let now = Date(timeIntervalSince1970: 1_767_360_000)  // 2026-01-02T13:20:00Z
    /// The start of the hour `offset` hours from now's.
    static func hour(_ offset: Int) -> Date {
        HourlyOutcomeChart.hourStart(of: now).addingTimeInterval(Double(offset) * 3600)
    }

    @Test("escaping: the five XML characters and control characters")
    func escaping() throws {
        #expect(SVGText.escape(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&apos;")
        #expect(SVGText.escape("tab\tnul\u{0}bell\u{7}é") == "tab\tnul bell é")
        #expect(SVGText.attribute("title", #"x"y"#) == #" title="x&quot;y""#)
        let parsed = try SVGElement.parse("<t a=\"\(SVGText.escape("<&\"'>"))\">\(SVGText.escape("<&\"'>\u{1}"))</t>")
        #expect(parsed.attributes["a"] == "<&\"'>" && parsed.text == "<&\"'> ")
    }

    @Test("numbers: at most one decimal, no trailing zero, no negative zero")
    func numbers() {
        #expect(["27.333", "3.0", "1.25", "-0.04", "-2.46", "1e300"].map { SVGText.number(Double($0)!) }
            == ["27.3", "3", "1.3", "0", "-2.5", "1000000000000000"])
        #expect(SVGText.number(.nan) == "0")
    }

    @Test("value scales: round steps of 1, 2 or 5 times a power of ten")
    func scales() {
        #expect(ChartScale(maximum: 42, minimumStep: 1) == ChartScale(top: 50, step: 10))
        #expect(ChartScale(maximum: 42, minimumStep: 1).ticks == [0, 10, 20, 30, 40, 50])
        #expect(ChartScale(maximum: 5, minimumStep: 1).ticks == [0, 1, 2, 3, 4, 5])
        #expect(ChartScale(maximum: 3, minimumStep: 1).ticks == [0, 1, 2, 3], "counts have no fractions")
        #expect(ChartScale(maximum: 0, minimumStep: 1).ticks == [0, 1])
        #expect(ChartScale(maximum: 1.5, minimumStep: 0.1) == ChartScale(top: 1.5, step: 0.5))
        #expect(ChartScale(maximum: 230, minimumStep: 1) == ChartScale(top: 250, step: 50))
        #expect(ChartScale(maximum: 999, minimumStep: 1) == ChartScale(top: 1000, step: 200))
    }

    /// 12 executions in the chart's hours, one before them and one after.
    static let counts: [HourlyExecutionCount] = [
        .init(hourStart: hour(-2), status: .completed, count: 3), .init(hourStart: hour(-2), status: .failed, count: 2),
        .init(hourStart: hour(-1), status: .stopped, count: 1), .init(hourStart: hour(-1), status: .abandoned, count: 1),
        .init(hourStart: hour(0), status: .started, count: 1), .init(hourStart: hour(-23), status: .completed, count: 4),
        .init(hourStart: hour(-24), status: .completed, count: 9), .init(hourStart: hour(1), status: .failed, count: 9),
    ]

    @Test("hourly: accessible document, one segment per count with its title, the desc sums them up")
    func hourlySegments() throws {
        let svg = HourlyOutcomeChart(counts: Self.counts, now: Self.now).svg()
        let root = try SVGElement.parse(svg)
        #expect(root.name == "svg" && root.attributes["role"] == "img" && root.attributes["width"] == "100%")
        #expect(root.attributes["viewBox"] == "0 0 720 250" && root.attributes["aria-labelledby"] == "hourly-title hourly-desc")
        #expect(root.all("title").first?.attributes["id"] == "hourly-title" && root.all("desc").first?.attributes["id"] == "hourly-desc")
        #expect(root.all("desc").first?.text == "12 executions in the last 24 hours: 7 completed, 1 started, 1 stopped, 2 failed, 1 abandoned")
        let bars = try #require(root.first("g", class: "bars"))
        let segments = bars.all("rect").filter { $0.classes.contains { $0.hasPrefix("status-") } }
        var perStatus: [String: Int] = [:]
        for segment in segments { perStatus[segment.classes[0], default: 0] += 1 }
        #expect(perStatus == ["status-completed": 2, "status-failed": 1, "status-stopped": 1, "status-abandoned": 1, "status-started": 1])
        #expect(
            segments.compactMap(\.title) == [
                "14:00–15:00 UTC: 4 completed", "11:00–12:00 UTC: 3 completed", "11:00–12:00 UTC: 2 failed",
                "12:00–13:00 UTC: 1 stopped", "12:00–13:00 UTC: 1 abandoned", "13:00–14:00 UTC: 1 started",
            ], "oldest hour first, outcomes stacked in BatchStatus order")
        #expect(svg == HourlyOutcomeChart(counts: Self.counts.reversed(), now: Self.now).svg(), "deterministic")
        #expect(svg.range(of: #"\d\.\d\d"#, options: .regularExpression) == nil, "one decimal at most")
    }

    @Test("hourly: axes with round ticks, hours every three hours in UTC")
    func hourlyAxes() throws {
        let root = try SVGElement.parse(HourlyOutcomeChart(counts: Self.counts, now: Self.now).svg())
        #expect(try #require(root.first("g", class: "y-ticks")).all("text").map(\.text) == ["0", "1", "2", "3", "4", "5"])
        #expect(try #require(root.first("g", class: "x-labels")).all("text").map(\.text)
            == ["15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00"])
        #expect(root.all("text").filter { $0.classes == ["axis-title"] }.map(\.text) == ["executions per hour", "hour (UTC)"])
        let busy = [HourlyExecutionCount(hourStart: Self.hour(-5), status: .completed, count: 42)]
        let ticks = try SVGElement.parse(HourlyOutcomeChart(counts: busy, now: Self.now).svg()).first("g", class: "y-ticks")
        #expect(ticks?.all("text").map(\.text) == ["0", "10", "20", "30", "40", "50"])
    }

    @Test("hourly: every outcome but completed carries a texture, in the bars and in the legend")
    func hourlyTextures() throws {
        let all = BatchStatus.allCases.map { HourlyExecutionCount(hourStart: Self.hour(-3), status: $0, count: 1) }
        let root = try SVGElement.parse(HourlyOutcomeChart(counts: all, now: Self.now).svg())
        let patterns = Set(root.all("pattern").compactMap { $0.attributes["id"] })
        #expect(patterns.contains("hourly-hatch-failed") && patterns.contains("hourly-dots-stopped"))
        #expect(patterns.count == BatchStatus.allCases.count - 1)
        let bars = try #require(root.first("g", class: "bars")).all("rect")
        let legend = try #require(root.first("g", class: "legend"))
        #expect(legend.all("text").map(\.text) == BatchStatus.allCases.map { $0.rawValue.lowercased() })
        for status in BatchStatus.allCases {
            let className = "status-\(status.rawValue.lowercased())"
            for rects in [bars, legend.all("rect")] {
                let index = try #require(rects.firstIndex { $0.classes == [className] })
                let overlay = rects.indices.contains(index + 1) && rects[index + 1].classes == ["texture"] ? rects[index + 1] : nil
                if status == .completed {
                    #expect(overlay == nil, "completed is plain")
                } else {
                    let fill = try #require(overlay?.attributes["fill"], "\(status) has a texture")
                    #expect(patterns.contains(String(fill.dropFirst(5).dropLast())))
                }
            }
        }
        let unfinished: [BatchStatus] = [.failed, .stopped, .abandoned, .unknown, .started]
        #expect(Set(unfinished.compactMap { StatusPattern.of($0) }).count == unfinished.count, "told apart from each other too")
    }

    @Test("hourly: no executions still draws the axes and says so")
    func hourlyEmpty() throws {
        let root = try SVGElement.parse(HourlyOutcomeChart(counts: [], now: Self.now).svg())
        #expect(root.first("text", class: "empty")?.text == "No executions in the last 24 hours")
        #expect(root.first("g", class: "bars") == nil && root.first("path", class: "axis") != nil)
        #expect(root.first("g", class: "x-labels")?.all("text").count == 8)
        #expect(root.all("desc").first?.text == "No executions in the last 24 hours.")
    }
}

/// The chart of a job's latest durations.
extension ChartTests {
    static func cell(_ id: Int64, _ status: BatchStatus, _ seconds: Double?, exitCode: String? = nil) -> JobGridCell {
        let start = now.addingTimeInterval(Double(id) * 600)
        return JobGridCell(
            id: id, status: status, exitCode: exitCode ?? status.rawValue, startTime: start,
            endTime: seconds.map { start.addingTimeInterval($0) }, createTime: start)
    }

    static let cells = [
        cell(101, .completed, 4.2), cell(102, .failed, 3, exitCode: "FAILED"), cell(103, .stopped, 1), cell(104, .abandoned, 2),
        cell(105, .unknown, nil), cell(106, .completed, 90, exitCode: "NOOP"), cell(107, .completed, 2.5), cell(108, .started, nil),
    ]

    @Test("durations: one marker per execution, its shape by status, its title, oldest left")
    func durationMarkers() throws {
        let svg = DurationChart(jobName: "nightly", executions: Self.cells).svg()
        let root = try SVGElement.parse(svg)
        #expect(root.attributes["role"] == "img" && root.attributes["aria-labelledby"] == "durations-title durations-desc")
        #expect(root.all("title").first?.text == "Durations of the last 8 executions of nightly")
        #expect(
            root.all("desc").first?.text
                == "8 executions of nightly, executions 101 to 108: 3 completed, 1 started, 1 stopped, 1 failed, 1 abandoned, 1 unknown. Longest: 1.5 min.")
        let markers = try #require(root.first("g", class: "markers")).children
        #expect(markers.map(\.classes) == Self.cells.map { ["status-\($0.status.rawValue.lowercased())"] })
        #expect(markers.map(\.title) == [
            "Execution 101: COMPLETED in 4.2 s", "Execution 102: FAILED in 3 s", "Execution 103: STOPPED in 1 s",
            "Execution 104: ABANDONED in 2 s", "Execution 105: UNKNOWN, no duration", "Execution 106: COMPLETED in 1.5 min (exit code NOOP)",
            "Execution 107: COMPLETED in 2.5 s", "Execution 108: STARTED, still running",
        ])
        let xs = markers.map { Double($0.attributes["cx"] ?? String($0.attributes["d"]!.dropFirst().prefix { $0 != " " }))! }
        #expect(xs == xs.sorted() && Set(xs).count == xs.count, "oldest left, newest right")
        let running = markers[7].attributes["d"]!
        #expect(running.contains(" 200l6 6") && markers[7].attributes["fill-rule"] == "evenodd", "hollow diamond on the baseline (206)")
        #expect(svg == DurationChart(jobName: "nightly", executions: Self.cells).svg(), "deterministic")
        #expect(svg.range(of: #"\d\.\d\d"#, options: .regularExpression) == nil, "one decimal at most")
    }

    @Test("durations: every status has its own shape, not only its colour, in the markers and the legend")
    func durationShapes() throws {
        let root = try SVGElement.parse(DurationChart(jobName: "nightly", executions: Self.cells).svg())
        let markers = try #require(root.first("g", class: "markers")).children
        func shape(_ element: SVGElement) -> String {
            guard let d = element.attributes["d"] else { return element.name }
            // The path with its starting point removed: the same for every marker of one shape.
            return String(d.drop { $0 != "l" && $0 != "h" && $0 != "L" }) + (element.attributes["fill-rule"] ?? "")
        }
        var shapes: [String: String] = [:]
        for marker in markers {
            let status = marker.classes[0]
            #expect(shapes[status] == nil || shapes[status] == shape(marker) || status == "status-failed")
            shapes[status] = shapes[status] ?? shape(marker)
        }
        #expect(markers[0].name == "circle" && markers[1].name == "path" && markers[1].attributes["d"]!.filter { $0 == "L" }.count == 11)
        #expect(Set(shapes.values).count == shapes.count, "one shape per status: \(shapes)")
        let legend = try #require(root.first("g", class: "legend"))
        #expect(legend.all("text").map(\.text) == ["completed", "started", "stopped", "failed", "abandoned", "unknown"])
        #expect(legend.children.map { $0.children[0].classes[0] } == ["completed", "started", "stopped", "failed", "abandoned", "unknown"].map { "status-\($0)" })
        let finished: [BatchStatus] = [.completed, .failed, .stopped, .abandoned, .unknown, .started]
        #expect(Set(finished.map(MarkerShape.of)).count == finished.count)
        #expect([BatchStatus.starting, .started, .stopping].allSatisfy { MarkerShape.of($0) == .hollowDiamond })
    }

    /// Longest runs (seconds) with the unit and the ticks of their axis.
    static let units: [(Double, String, [String])] = [
        (0.4, "ms", ["0", "100", "200", "300", "400"]), (1.9, "ms", ["0", "500", "1000", "1500", "2000"]),
        (90, "s", ["0", "20", "40", "60", "80", "100"]), (150, "min", ["0", "0.5", "1", "1.5", "2", "2.5"]),
        (45 * 60, "min", ["0", "10", "20", "30", "40", "50"]), (3 * 3600, "h", ["0", "1", "2", "3"]),
    ]

    @Test("durations: the unit follows the longest run", arguments: units)
    func durationUnits(_ longest: Double, _ unit: String, _ ticks: [String]) throws {
        let root = try SVGElement.parse(DurationChart(jobName: "j", executions: [Self.cell(1, .completed, longest)]).svg())
        #expect(root.all("text").first { $0.classes == ["axis-title"] }?.text == "duration (\(unit))")
        #expect(root.first("g", class: "y-ticks")?.all("text").map(\.text) == ticks)
        #expect(DurationUnit.text(90) == "1.5 min" && DurationUnit.text(0.42) == "420 ms" && DurationUnit.text(7200) == "2 h")
    }

    @Test("durations: ids labelled at round intervals ending with the newest; names escaped; empty state")
    func durationLabelsAndText() throws {
        let fifty = (1...50).map { Self.cell(Int64(1000 + $0), .completed, Double($0)) }
        let labels = try SVGElement.parse(DurationChart(jobName: "j", executions: fifty).svg()).first("g", class: "x-labels")
        #expect(labels?.all("text").map(\.text) == stride(from: 1005, through: 1050, by: 5).map(String.init))
        let three = try SVGElement.parse(DurationChart(jobName: "j", executions: Array(fifty.prefix(3))).svg())
        #expect(three.first("g", class: "x-labels")?.all("text").map(\.text) == ["1001", "1002", "1003"])

        let name = #"<b>&"x'"#
        let svg = DurationChart(jobName: name, executions: [Self.cell(7, .failed, 1, exitCode: "<E&>")]).svg()
        #expect(!svg.contains("<b>") && !svg.contains("<E&>"))
        let root = try SVGElement.parse(svg)
        #expect(root.all("title").first?.text == "Durations of the last 1 execution of \(name)")
        #expect(root.all("desc").first?.text.contains("1 execution of \(name), execution 7: 1 failed") == true)
        #expect(root.first("g", class: "markers")?.children.first?.title == "Execution 7: FAILED in 1 s (exit code <E&>)")

        let empty = try SVGElement.parse(DurationChart(jobName: name, executions: []).svg())
        #expect(empty.first("text", class: "empty")?.text == "No executions of \(name) yet")
        #expect(empty.first("g", class: "markers") == nil && empty.first("path", class: "axis") != nil)
    }
}
