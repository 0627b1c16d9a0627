import Testing
@testable import DataflowServer

@Suite("Task DSL constructs")
struct TaskDSLConstructTests {
    private func app(_ name: String, _ label: String? = nil, _ arguments: [(String, String)] = [],
                     _ transitions: [TaskTransition] = []) -> TaskApp {
        TaskApp(name: name, label: label, arguments: arguments.map { TaskArgument(name: $0.0, value: $0.1) }, transitions: transitions)
    }

    private func flow(_ nodes: TaskNode...) -> TaskFlow {
        TaskFlow(nodes)
    }

    @Test("a simple definition is one app with its arguments in order")
    func simpleDefinition() throws {
        let graph = try TaskDSL.parse("timestamp --format=yyyy --zone='Europe/Paris' --label=\"a b\"")
        let expected = app("timestamp", nil, [("format", "yyyy"), ("zone", "Europe/Paris"), ("label", "a b")])
        #expect(graph == TaskGraph(flows: [flow(.app(expected))]))
        #expect(graph.singleApp == expected)
        #expect(!graph.isComposed)
    }

    @Test("quotes are doubled inside quotes; a value of one quoted string loses its quotes")
    func quoting() throws {
        let arguments = try #require(try TaskDSL.parse(#"a --x='it''s' --y="say ""hi""" --z='a "b"' --w=a'b'c"#).singleApp).arguments
        #expect(arguments.map(\.value) == ["it's", #""say ""hi""""#, #"a "b""#, "a'b'c"])
    }

    @Test("argument names may be dotted and values may start with dashes")
    func argumentNamesAndValues() throws {
        let parsed = try #require(try TaskDSL.parse("a --spring.datasource.url=jdbc:h2:mem --expression=--payload").singleApp).arguments
        #expect(parsed == [TaskArgument(name: "spring.datasource.url", value: "jdbc:h2:mem"), TaskArgument(name: "expression", value: "--payload")])
    }

    @Test("a label on a single app keeps the definition simple")
    func labelledSingleApp() throws {
        let graph = try TaskDSL.parse("t1: timestamp")
        #expect(!graph.isComposed)
        #expect(graph.singleApp == app("timestamp", "t1"))
        #expect(graph.flows[0].label == "t1")
    }

    @Test("&& makes a sequence")
    func sequence() throws {
        let graph = try TaskDSL.parse("a && b --x=1 && c")
        #expect(graph == TaskGraph(flows: [flow(.app(app("a")), .app(app("b", nil, [("x", "1")])), .app(app("c")))]))
        #expect(graph.isComposed)
        #expect(graph.singleApp == nil)
    }

    @Test("<a || b || c> is a split; what follows it runs after all of it")
    func split() throws {
        let graph = try TaskDSL.parse("<a || b || c> && d")
        let split = TaskSplit(flows: [flow(.app(app("a"))), flow(.app(app("b"))), flow(.app(app("c")))])
        #expect(graph.flows == [flow(.split(split), .app(app("d")))])
    }

    @Test("splits nest, and their flows are sequences")
    func nestedSplit() throws {
        let graph = try TaskDSL.parse("<<a && d || e> || b>")
        let inner = TaskSplit(flows: [flow(.app(app("a")), .app(app("d"))), flow(.app(app("e")))])
        let outer = TaskSplit(flows: [flow(.split(inner)), flow(.app(app("b")))])
        #expect(graph.flows == [flow(.split(outer))])
    }

    @Test("a split of one flow is still composed")
    func singleFlowSplit() throws {
        #expect(try TaskDSL.parse("<a>").isComposed)
        #expect(try !TaskDSL.parse("(a)").isComposed)
    }

    @Test("labels go on apps and on splits")
    func labels() throws {
        let graph = try TaskDSL.parse("t1: timestamp && both: <t2: timestamp || x>")
        let split = TaskSplit(label: "both", flows: [flow(.app(app("timestamp", "t2"))), flow(.app(app("x")))])
        #expect(graph.flows == [flow(.app(app("timestamp", "t1")), .split(split))])
    }

    @Test("transitions check exit statuses, exit codes and '*'")
    func transitions() throws {
        let graph = try TaskDSL.parse("a 'FAILED'->b 0->c --x=1 '*'->d * -> e")
        let expected = app("a", nil, [], [
            TaskTransition(on: .exitStatus("FAILED"), to: .app(app("b"))),
            TaskTransition(on: .exitCode(0), to: .app(app("c", nil, [("x", "1")]))),
            TaskTransition(on: .any, to: .app(app("d"))),
            TaskTransition(on: .any, to: .app(app("e"))),
        ])
        #expect(graph.flows == [flow(.app(expected))])
        #expect(graph.isComposed)
    }

    @Test("a transition is followed by the rest of the flow for other statuses")
    func transitionThenFlow() throws {
        let graph = try TaskDSL.parse("a 'X'->b && c")
        let first = app("a", nil, [], [TaskTransition(on: .exitStatus("X"), to: .app(app("b")))])
        #expect(graph.flows == [flow(.app(first), .app(app("c")))])
    }

    @Test("transition targets may carry labels and arguments")
    func labelledTarget() throws {
        let graph = try TaskDSL.parse("t1: timestamp 'FAILED'->t2: timestamp --format=yyyy")
        let target = app("timestamp", "t2", [("format", "yyyy")])
        #expect(graph.flows[0].nodes == [.app(app("timestamp", "t1", [], [TaskTransition(on: .exitStatus("FAILED"), to: .app(target))]))])
    }

    @Test("label references lead to secondary flows separated by ';' or a new line")
    func labelReferences() throws {
        for text in ["appA 'fail'->:two && appB;two: appD && appE", "appA 'fail'->:two && appB\ntwo: appD && appE"] {
            let graph = try TaskDSL.parse(text)
            let first = app("appA", nil, [], [TaskTransition(on: .exitStatus("fail"), to: .label("two"))])
            #expect(graph.flows == [flow(.app(first), .app(app("appB"))), flow(.app(app("appD", "two")), .app(app("appE")))])
            #expect(graph.flow(labelled: "two") == graph.flows[1])
            #expect(graph.flow(labelled: "three") == nil)
        }
    }

    @Test("$END and $FAIL end the task")
    func endAndFail() throws {
        let graph = try TaskDSL.parse("a 'STOP'->$END 'BAD'->$FAIL && b 1->$FAIL")
        let a = app("a", nil, [], [TaskTransition(on: .exitStatus("STOP"), to: .end), TaskTransition(on: .exitStatus("BAD"), to: .fail)])
        let b = app("b", nil, [], [TaskTransition(on: .exitCode(1), to: .fail)])
        #expect(graph.flows == [flow(.app(a), .app(b))])
        #expect(graph.apps.map(\.name) == ["a", "b"])
    }

    @Test("a flow may continue over several lines")
    func multiLineFlow() throws {
        let graph = try TaskDSL.parse("<foo\n  'completed'->kill\n  '*'->custard\n  || bar> &&\nbaz")
        #expect(graph.flows.count == 1)
        #expect(graph.dsl == "<foo 'completed'->kill '*'->custard || bar> && baz")
    }

    @Test("parentheses group a flow and disappear")
    func parentheses() throws {
        #expect(try TaskDSL.parse("a && (b && c) && d") == TaskDSL.parse("a && b && c && d"))
        #expect(try TaskDSL.parse("<(a && b) || c>") == TaskDSL.parse("<a && b || c>"))
    }

    @Test("apps are listed in Data Flow's order, transition targets after their app")
    func apps() throws {
        let graph = try TaskDSL.parse("a 'x'->t: b && <c 0->:l || d> && e\nl: f")
        #expect(graph.apps.map(\.referenceName) == ["a", "t", "c", "d", "e", "l"])
    }

    @Test("child definitions are named <definition>-<label or app> and hold the app with its arguments")
    func childDefinitions() throws {
        let graph = try TaskDSL.parse("t1: timestamp --format='yyyy MM' 'FAILED'->cleanup && t2: timestamp")
        let references = graph.appReferences(definitionName: "nightly")
        #expect(references.map(\.childDefinitionName) == ["nightly-t1", "nightly-cleanup", "nightly-t2"])
        #expect(references.map(\.childDSL) == ["t1: timestamp --format='yyyy MM'", "cleanup", "t2: timestamp"])
        #expect(references[0].name == "timestamp")
        #expect(references[0].label == "t1")
        #expect(references[0].arguments == [TaskArgument(name: "format", value: "yyyy MM")])
        #expect(try TaskDSL.parse(references[0].childDSL).singleApp?.arguments == references[0].arguments)
    }

    @Test("names may hold digits, '_', '$' and '-'")
    func names() throws {
        let graph = try TaskDSL.parse("1st_app-v2 && $x: a-b")
        #expect(graph.apps.map(\.name) == ["1st_app-v2", "a-b"])
        #expect(graph.apps.map(\.label) == [nil, "$x"])
    }

    @Test("surrounding whitespace is ignored")
    func whitespace() throws {
        #expect(try TaskDSL.parse("  \n a\t&&\r\nb \n") == TaskDSL.parse("a && b"))
    }
}
