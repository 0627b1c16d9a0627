import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

@Suite("The composed definition's graph as SVG")
struct TaskGraphDiagramTests {
    static func nodes(_ root: SVGElement) -> [SVGElement] {
        root.all("g").filter { $0.classes.contains("graph-node") }
    }

    @Test("a sequence around a split: one node per app named and coloured by its child's last run, fork and join bars, the order top to bottom")
    func splitAndSequence() throws {
        let graph = try TaskDSL.parse("extract && <load-a || load-b && check> && report", definitionName: "etl")
        let statuses: [String: TaskStatus] = ["etl-extract": .complete, "etl-load-a": .error, "etl-load-b": .running]
        let root = try SVGElement.parse(TaskGraphDiagram(graph: graph, definitionName: "etl", statuses: statuses).svg())
        #expect(root.attributes["role"] == "img")
        let nodes = Self.nodes(root)
        #expect(nodes.compactMap(\.title) == [
            "etl-extract: complete", "etl-load-a: error", "etl-load-b: running", "etl-check: never launched", "etl-report: never launched",
        ])
        #expect(nodes.map { $0.classes.last ?? "" } == ["graph-complete", "graph-error", "graph-running", "graph-never", "graph-never"])
        // Status is in words and in the outline, not only the colour.
        #expect(nodes.map { $0.all("text").last?.text ?? "" } == ["complete", "error", "running", "never launched", "never launched"])
        let dashes = nodes.map { $0.all("rect").first?.attributes["stroke-dasharray"] ?? "solid" }
        #expect(Set(dashes.prefix(3)).count == 3, "complete, error and running each have their own outline: \(dashes)")
        #expect(root.all("rect").filter { $0.classes.contains("graph-bar") }.count == 2, "one fork and one join")
        let tops = nodes.map { Double($0.all("rect")[0].attributes["y"] ?? "") ?? -1 }
        let lefts = nodes.map { Double($0.all("rect")[0].attributes["x"] ?? "") ?? -1 }
        #expect(tops[0] < tops[1] && tops[1] == tops[2], "the branches start side by side below extract")
        #expect(lefts[1] < lefts[2], "load-a left of load-b")
        #expect(tops[2] < tops[3] && tops[3] < tops[4], "check after load-b, report last")
        #expect(try #require(root.children.first { $0.name == "desc" }).text.contains("load-a: error"))
    }

    @Test("transitions: each condition on its arrow to an app, a label or an end; labelled flows as their own column")
    func transitions() throws {
        let dsl = "check 'FAILED'->cleanup 3->:retry '*'->$END && publish\nretry: again 'X'->$FAIL"
        let graph = try TaskDSL.parse(dsl, definitionName: "daily")
        let svg = TaskGraphDiagram(graph: graph, definitionName: "daily", statuses: [:]).svg()
        let root = try SVGElement.parse(svg)
        let conditions = root.all("text").filter { $0.classes.contains("graph-condition") }.map(\.text)
        #expect(conditions == ["'FAILED'", "3", "*", "'X'"])
        let terminals = root.all("text").filter { $0.classes.contains("graph-terminal") }.map(\.text)
        #expect(terminals == ["→ :retry", "$END", "$FAIL"])
        #expect(root.all("text").filter { $0.classes.contains("graph-flow-label") }.map(\.text) == [":retry"])
        #expect(Self.nodes(root).compactMap(\.title) == [
            "daily-check: never launched", "daily-cleanup: never launched", "daily-publish: never launched", "daily-retry: never launched",
        ])
        // Nothing overlaps: every node's box is apart from every other's.
        let boxes = Self.nodes(root).map { node -> (Double, Double, Double, Double) in
            let rect = node.all("rect")[0].attributes
            return (Double(rect["x"]!)!, Double(rect["y"]!)!, Double(rect["width"]!)!, Double(rect["height"]!)!)
        }
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] {
                let apart = a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1
                #expect(apart, "\(a) and \(b) overlap")
            }
        }
        #expect(!svg.contains("<script"), "names and conditions are escaped text")
    }

    @Test("a composed definition's page shows its graph; a single app's does not", arguments: TestDatabase.allCases)
    func onThePage(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let quick = try client.script("quick.sh", "exit 0")
            try await client.define("extract", app: "extract", path: quick)
            try await client.define("load", app: "load", path: quick)
            let created = try await client.post("/tasks/definitions", form: [("name", "etl"), ("definition", "extract && <load || t2: load>")])
            #expect(created.status == 200, "\(created)")
            let page = try await PagesBrowser(client).get("/dashboard/tasks/definitions/etl")
            #expect(page.status == 200)
            let figure = try #require(PagesBrowser.element("definition-graph", tag: "figure", in: page.body), "\(page.body)")
            let start = try #require(figure.range(of: "<svg"))
            let end = try #require(figure.range(of: "</svg>"))
            let root = try SVGElement.parse(String(figure[start.lowerBound..<end.upperBound]))
            #expect(Self.nodes(root).compactMap(\.title) == ["etl-extract: never launched", "etl-load: never launched", "etl-t2: never launched"])
            let apps = PagesBrowser.all(#"<a href="/dashboard/apps\?type=task&amp;search=([^"]+)">"#, in: page.body)
            #expect(apps == ["extract", "load"], "each app once: \(apps)")
            let single = try await PagesBrowser(client).get("/dashboard/tasks/definitions/extract")
            #expect(!single.body.contains("definition-graph"))
        }
    }
}
