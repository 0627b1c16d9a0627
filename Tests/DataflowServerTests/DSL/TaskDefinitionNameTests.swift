import Testing
@testable import DataflowServer

@Suite("Task definition names")
struct TaskDefinitionNameTests {
    /// Names Data Flow 2.11 accepts (checked against its parser): Java identifiers, plus `-`
    /// after the first character.
    @Test("valid names", arguments: [
        "timestamp", "nightly-import", "my_task", "a-", "_", "$", "$x", "Task2", "é", "中文", "a\u{300}",
        "€uro", "\u{2160}x", "a\u{660}", "\u{203F}a", "ª", "a\u{200B}b",
    ])
    func valid(_ name: String) throws {
        #expect(TaskDSL.isValidDefinitionName(name))
        try TaskDSL.validateDefinitionName(name)
    }

    /// Names Data Flow 2.11 rejects with `123E`.
    @Test("invalid names", arguments: [
        "", " ", "a b", "foo.bar", "-bar", ".bar", "foo-.-bar", "0foobar", "foo%bar", "a\u{B7}b",
        "\u{300}a", "\u{660}a", "a😀", "a/b", "a:b",
    ])
    func invalid(_ name: String) throws {
        #expect(!TaskDSL.isValidDefinitionName(name))
        let error = try #require(throws: TaskDSLError.self) { try TaskDSL.validateDefinitionName(name) }
        #expect(error.code == .illegalTaskName)
        #expect(error.position == 0)
        #expect(error.text == name)
        #expect(error.message == "illegal name for a task '\(name)'")
    }

    @Test("the error renders like Data Flow's, with the name as its text")
    func description() throws {
        let error = try #require(throws: TaskDSLError.self) { try TaskDSL.validateDefinitionName("foo.bar") }
        #expect(error.description == "123E:(pos 0): illegal name for a task 'foo.bar'\nfoo.bar\n^")
    }
}
