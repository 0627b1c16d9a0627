import Testing
@testable import DataflowServer

@Suite("Printing task graphs back as DSL")
struct TaskDSLPrintTests {
    /// Text as written, and the canonical text it prints as.
    static let canonical: [(String, String)] = [
        ("timestamp", "timestamp"),
        ("timestamp --format=yyyy", "timestamp --format=yyyy"),
        ("timestamp --format='yyyy MM dd'", "timestamp --format='yyyy MM dd'"),
        ("timestamp --format=\"yyyy MM dd\"", "timestamp --format='yyyy MM dd'"),
        ("a --x='it''s' --y=\"a 'b'\"", "a --x='it''s' --y='a ''b'''"),
        ("a --x='' --y=\"\"", "a --x='' --y=''"),
        ("a --x='a|b' --y='a;b' --z='a>b' --w='a&&b'", "a --x='a|b' --y='a;b' --z='a>b' --w='a&&b'"),
        ("a --expression=--payload --p.q=1", "a --expression=--payload --p.q=1"),
        ("A&&B", "A && B"),
        ("<A||B>", "<A || B>"),
        ("<A&&B||C>", "<A && B || C>"),
        ("t1:timestamp&&t2:timestamp", "t1: timestamp && t2: timestamp"),
        ("a 'FAILED' -> b 'COMPLETED' -> c", "a 'FAILED'->b 'COMPLETED'->c"),
        ("a *->b \"*\"->c", "a '*'->b '*'->c"),
        ("a 007->b", "a 7->b"),
        ("a \"it's\"->b 'x''y'->c", "a 'it''s'->b 'x''y'->c"),
        ("appA 'fail'->:two && appB;two: appD && appE", "appA 'fail'->:two && appB\ntwo: appD && appE"),
        ("a 'x'->$END 'y'->$FAIL", "a 'x'->$END 'y'->$FAIL"),
        ("outer:<aaa: appA || bbb: appB>", "outer: <aaa: appA || bbb: appB>"),
        ("a && (b && (c)) && <(d) || e>", "a && b && c && <d || e>"),
        ("<foo\n  'completed'->kill\n  '*'->custard\n  || bar>", "<foo 'completed'->kill '*'->custard || bar>"),
    ]

    @Test("prints canonical DSL", arguments: canonical)
    func prints(_ example: (String, String)) throws {
        #expect(try TaskDSL.parse(example.0).dsl == example.1)
    }

    @Test("canonical DSL parses to the same graph and prints the same", arguments: canonical)
    func roundTrips(_ example: (String, String)) throws {
        let graph = try TaskDSL.parse(example.0)
        let again = try TaskDSL.parse(graph.dsl)
        #expect(again == graph)
        #expect(again.dsl == graph.dsl)
    }

    @Test("values that need quotes get them, others stay bare", arguments: [
        ("plain", "plain"), ("", "''"), ("a b", "'a b'"), ("tab\there", "'tab\there'"), ("new\nline", "'new\nline'"),
        ("it's", "'it''s'"), ("say \"hi\"", "'say \"hi\"'"), ("a|b", "'a|b'"), ("jdbc:h2:mem:db;MODE=x", "'jdbc:h2:mem:db;MODE=x'"),
        ("/tmp/x.sql", "/tmp/x.sql"), ("C:\\dir", "C:\\dir"), ("é😀", "é😀"), ("--payload", "--payload"), ("'", "''''"),
    ])
    func argumentQuoting(_ example: (String, String)) throws {
        let app = TaskApp(name: "a", arguments: [TaskArgument(name: "v", value: example.0)])
        let graph = TaskGraph(flows: [TaskFlow([.app(app)])])
        #expect(graph.dsl == "a --v=" + example.1)
        #expect(try TaskDSL.parse(graph.dsl) == graph)
    }

    @Test("statuses keep any characters through a round trip", arguments: ["FAILED", "it's", "a b", "*x", "", "'", "x->y && z"])
    func statusQuoting(_ status: String) throws {
        let app = TaskApp(name: "a", transitions: [TaskTransition(on: .exitStatus(status), to: .app(TaskApp(name: "b")))])
        let graph = TaskGraph(flows: [TaskFlow([.app(app)])])
        #expect(try TaskDSL.parse(graph.dsl) == graph)
    }

    @Test("a graph built in code prints as DSL")
    func builtGraph() throws {
        let extract = TaskApp(name: "extract", label: "e", arguments: [TaskArgument(name: "date", value: "2026-12-01")],
                              transitions: [TaskTransition(on: .exitCode(2), to: .label("recover")), TaskTransition(on: .any, to: .fail)])
        let split = TaskSplit(flows: [TaskFlow([.app(TaskApp(name: "load"))]), TaskFlow([.app(TaskApp(name: "index"))])])
        let recover = TaskFlow([.app(TaskApp(name: "cleanup", label: "recover")), .app(TaskApp(name: "notify"))])
        let graph = TaskGraph(flows: [TaskFlow([.app(extract), .split(split)]), recover])
        #expect(graph.dsl == "e: extract --date=2026-12-01 2->:recover '*'->$FAIL && <load || index>\nrecover: cleanup && notify")
        #expect(try TaskDSL.parse(graph.dsl) == graph)
    }
}
