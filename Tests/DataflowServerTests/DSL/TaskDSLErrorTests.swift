import Testing
@testable import DataflowServer

/// A text that fails, with the code, position and message expected (Data Flow's, checked
/// against Data Flow 2.11's parser, except where noted).
struct ErrorCase: CustomTestStringConvertible, Sendable {
    let dsl: String
    let code: TaskDSLError.Code
    let position: Int
    let message: String

    init(_ dsl: String, _ code: TaskDSLError.Code, _ position: Int, _ message: String) {
        self.dsl = dsl
        self.code = code
        self.position = position
        self.message = message
    }

    var testDescription: String { "\(code) \(dsl.debugDescription)" }

    static let all: [ErrorCase] = [
        ErrorCase("foo -- name=value", .noWhitespaceBeforeArgumentName, 7, "No whitespace allowed between -- and option name"),
        ErrorCase("foo --name =value", .noWhitespaceBeforeArgumentEquals, 11, "No whitespace allowed after argument name and before ="),
        ErrorCase("foo --name= value", .noWhitespaceBeforeArgumentValue, 12, "No whitespace allowed after = and before option value"),
        ErrorCase("aaa --bbb=| --ccc=ddd", .expectedArgumentValue, 10, "Expected an argument value but was '|'"),
        // Data Flow says 'null' here.
        ErrorCase("aaa --bbb= --ccc=ddd", .expectedArgumentValue, 11, "Expected an argument value but was '--'"),
        ErrorCase("timestamp --format=\"YYYY", .nonTerminatingDoubleQuotedString, 19, "Cannot find terminating \" for string"),
        ErrorCase("a \"FAILED->b", .nonTerminatingDoubleQuotedString, 2, "Cannot find terminating \" for string"),
        ErrorCase("timestamp --format='YYYY", .nonTerminatingQuotedString, 19, "Cannot find terminating ' for string"),
        // Data Flow fails here with an ArrayIndexOutOfBoundsException.
        ErrorCase("a --x='", .nonTerminatingQuotedString, 6, "Cannot find terminating ' for string"),
        ErrorCase("a - b", .missingCharacter, 2, "missing expected character '-'"),
        ErrorCase("<a && b c>", .unexpectedToken, 8, "Unexpected token.  Expected 'gt(>)' but was 'c'"),
        ErrorCase("(a b", .unexpectedToken, 3, "Unexpected token.  Expected 'close_paren())' but was 'b'"),
        ErrorCase("a 'x'->:&&", .unexpectedToken, 8, "Unexpected token.  Expected 'identifier' but was '&&'"),
        // Data Flow says "Expected '=' but was '{1}'" here.
        ErrorCase("foo -- =x", .unexpectedToken, 7, "Unexpected token.  Expected 'identifier' but was '='"),
        ErrorCase("foo --name.=value", .unexpectedToken, 11, "Unexpected token.  Expected 'identifier' but was '='"),
        ErrorCase("", .unexpectedEndOfInput, 0, "Unexpectedly ran out of input"),
        ErrorCase("a && ", .unexpectedEndOfInput, 5, "Unexpectedly ran out of input"),
        ErrorCase("<a || b", .unexpectedEndOfInput, 7, "Unexpectedly ran out of input"),
        ErrorCase("foo --bar=", .unexpectedEndOfInput, 10, "Unexpectedly ran out of input"),
        ErrorCase("a \\b", .unexpectedEscapeCharacter, 2, "unexpected escape character."),
        ErrorCase("aaa: &&", .expectedAppName, 5, "expected app name but found '&&'"),
        ErrorCase("a && 'b'", .expectedAppName, 5, "expected app name but found ''b''"),
        ErrorCase("foo --name .sub=value", .noWhitespaceInDottedName, 11, "no whitespace is allowed between dot and components of a name"),
        ErrorCase("foo --name. sub=value", .noWhitespaceInDottedName, 12, "no whitespace is allowed between dot and components of a name"),
        ErrorCase("a & b", .doubleAndRequired, 2, "task dsl flow requires a pair of &, not just one"),
        ErrorCase("<aa | bb>", .doubleOrRequired, 4, "task dsl requires a pair of |"),
        ErrorCase("appA BROKEN->$FAIL", .unquotedTransitionCheckMustBeNumber, 5, "transition conditions must be quoted literals, numerics or * but 'BROKEN' is not"),
        ErrorCase("a 99999999999->b", .unquotedTransitionCheckMustBeNumber, 2, "transition conditions must be quoted literals, numerics or * but '99999999999' is not"),
        ErrorCase("aaa: (appA)", .noLabelsOnParentheses, 5, "labels cannot be specified on parenthesized groups"),
        ErrorCase("aaa: bbb: appA", .noDoubleLabels, 5, "multiple labels are not supported"),
        ErrorCase("App1 0->x ->", .arrowShouldBePrecededByCode, 10, "transition arrow must be preceeded by the exit code that should drive the transition"),
        ErrorCase("appA;appB", .secondarySequencesMustBeNamed, 5, "secondary sequences must have labels or are unreachable"),
        ErrorCase("label1: appA 'foo' -> label1: appB", .duplicateLabel, 22, "this label has already been defined"),
        ErrorCase("x: <a || b> && x: c", .duplicateLabel, 15, "this label has already been defined"),
        ErrorCase("aa 'foo'->:split && bb && cc", .undefinedTransitionTargetLabel, 3, "transition specifies an undefined label"),
        ErrorCase("a é", .unexpectedData, 2, "unexpected data in task definition 'é'"),
        // Data Flow names only the first UTF-16 unit of a character beyond the BMP.
        ErrorCase("a 😀", .unexpectedData, 2, "unexpected data in task definition '😀'"),
        ErrorCase("a --x='😀' !", .unexpectedData, 11, "unexpected data in task definition '!'"),
        ErrorCase("<a || b> rubbish", .moreInput, 9, "after parsing a valid task, there is still more data: 'rubbish'"),
        ErrorCase("(a) && b", .moreInput, 4, "after parsing a valid task, there is still more data: '&&'"),
        ErrorCase("appA 'foo' -> appA: appB", .labelClashesWithAppName, 14, "the label clashes with an existing unlabeled task application name"),
        ErrorCase("label1: appA 'foo' -> label1", .appNameClashesWithLabel, 22, "the app name clashes with an existing label"),
        ErrorCase("appA && appA", .duplicateAppName, 8, "duplicate app name. Use a label to ensure uniqueness"),
        ErrorCase("timestamp && t: x 'F'->timestamp", .duplicateAppName, 23, "duplicate app name. Use a label to ensure uniqueness"),
    ]
}

@Suite("Task DSL errors")
struct TaskDSLErrorTests {
    @Test("each error has Data Flow's code, position and message", arguments: ErrorCase.all)
    func error(_ example: ErrorCase) throws {
        let error = try #require(parseError(example.dsl))
        #expect(error.code == example.code)
        #expect(error.position == example.position)
        #expect(error.message == example.message)
        #expect(error.text == example.dsl)
        #expect(error.formattedMessage == "\(example.code.rawValue)E:(pos \(example.position)): \(example.message)")
    }

    @Test("every code but the name and nesting ones is exercised by a parse error")
    func everyCodeCovered() {
        let covered = Set(ErrorCase.all.map(\.code)).union([.illegalTaskName, .nestingTooDeep])
        #expect(covered == Set(TaskDSLError.Code.all))
    }

    @Test("codes are Data Flow's numbers and names")
    func codes() {
        #expect(Set(TaskDSLError.Code.all.map(\.rawValue)).count == TaskDSLError.Code.all.count)
        #expect(TaskDSLError.Code.moreInput.rawValue == 163)
        #expect(TaskDSLError.Code.moreInput.name == "TASK_MORE_INPUT")
        #expect(TaskDSLError.Code.duplicateAppName.description == "166E")
    }

    @Test("the description shows the text and a caret under the position, as Data Flow prints it")
    func description() throws {
        let error = try #require(parseError("<a || b> rubbish"))
        #expect(error.description == """
            163E:(pos 9): after parsing a valid task, there is still more data: 'rubbish'
            <a || b> rubbish
                     ^
            """)
    }

    @Test("on text of several lines the description shows the line of the problem")
    func multiLineDescription() throws {
        let error = try #require(parseError("appA;foo: appB\nappC\nappD"))
        #expect(error.description == "158E:(pos 15): secondary sequences must have labels or are unreachable\nappC\n^")
        let inside = try #require(parseError("a &&\n  b & c"))
        #expect(inside.position == 9)
        #expect(inside.description.hasSuffix("\n  b & c\n    ^"))
    }

    @Test("empty text has no caret line")
    func emptyDescription() throws {
        #expect(try #require(parseError("")).description == "112E:(pos 0): Unexpectedly ran out of input")
    }

    @Test("tokens are checked before the grammar, the grammar before the rules")
    func order() throws {
        #expect(try #require(parseError("foo bar!")).code == .unexpectedData)
        #expect(try #require(parseError("a && a b")).code == .moreInput)
        #expect(try #require(parseError("a 'x'->:nowhere && a && a")).code == .duplicateAppName)
    }

    @Test("the definition name is checked after the grammar and before left-over text")
    func definitionNameOrder() {
        #expect(outcome(of: "a &&", definitionName: "x.y") == "112E:(pos 4): Unexpectedly ran out of input")
        #expect(outcome(of: "a b", definitionName: "x.y") == "123E:(pos 0): illegal name for a task 'x.y'")
        #expect(outcome(of: "a && a", definitionName: "x.y") == "123E:(pos 0): illegal name for a task 'x.y'")
    }

    @Test("nesting deeper than the limit fails instead of exhausting the stack")
    func nesting() throws {
        let limit = TaskDSL.maximumNesting
        let deepest = String(repeating: "<", count: limit) + "a" + String(repeating: ">", count: limit)
        #expect(try TaskDSL.parse(deepest).apps.count == 1)
        for (open, close) in [("<", ">"), ("(", ")")] {
            let text = String(repeating: open, count: limit + 1) + "a" + String(repeating: close, count: limit + 1)
            let error = try #require(parseError(text))
            #expect(error.code == .nestingTooDeep)
            #expect(error.position == limit)
            #expect(error.message == "splits and parentheses are nested more than \(limit) deep")
        }
        #expect(try #require(parseError(String(repeating: "<(", count: 100_000))).code == .nestingTooDeep)
    }

    @Test("long flows and many lines parse without recursion")
    func longInput() throws {
        let flow = (0..<20_000).map { "a\($0)" }.joined(separator: " && ")
        #expect(try TaskDSL.parse(flow).apps.count == 20_000)
        let lines = "s: a 0->:l0\n" + (0..<5_000).map { "l\($0): b\($0)" }.joined(separator: "\n")
        #expect(try TaskDSL.parse(lines).flows.count == 5_001)
    }
}
