import DatabaseTestSupport
import Testing
@testable import DataflowServer

@Suite("Malformed task DSL")
struct TaskDSLFuzzTests {
    /// Pieces of DSL, well and badly formed, that generated texts are made of.
    static let pieces = [
        "a", "b", "app-1", "t1", "$END", "$FAIL", "0", "42", "99999999999", "&&", "||", "<", ">", "(", ")", ":",
        " ", ";", "\n", "->", "'FAILED'", "'*'", "*", "\"S\"", "'it''s'", "--p=1", "--p='a b'", "--q.r=v", "--x=",
        "=", "--", "-", "&", "|", "'", "\"", "\\", "é", "😀", "\t", "\r\n", "--e=--payload", "--v=a'b", "l:", ".",
        "$", "_", "--k=a;b", "\0",
    ]

    /// Checks what every parse must satisfy: an error points into the text; a graph prints as
    /// text that parses back to it.
    private func check(_ text: String) {
        do {
            let graph = try TaskDSL.parse(text)
            #expect(!graph.flows.isEmpty && graph.flows.allSatisfy { !$0.nodes.isEmpty }, "\(text.debugDescription)")
            let again = try? TaskDSL.parse(graph.dsl)
            #expect(again == graph, "\(text.debugDescription) printed as \(graph.dsl.debugDescription)")
        } catch {
            #expect((0...text.utf16.count).contains(error.position), "\(text.debugDescription): \(error)")
            #expect(!error.message.isEmpty && error.description.hasPrefix(error.formattedMessage))
        }
    }

    @Test("random texts of DSL pieces parse or fail with a TaskDSLError")
    func randomPieces() {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<600 {
            let count = Int.random(in: 1...14, using: &generator)
            let text = (0..<count).map { _ in
                Self.pieces.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : "")
            }.joined()
            check(text)
        }
    }

    @Test("every prefix of every valid Data Flow case parses or fails with a TaskDSLError")
    func truncations() throws {
        let valid = DataflowCase.all.map(\.dsl).filter { (try? TaskDSL.parse($0)) != nil }
        #expect(valid.count > 60)
        for text in valid {
            let units = Array(text.utf16)
            for length in 0...units.count {
                check(String(decoding: units[..<length], as: UTF16.self))
            }
        }
    }

    @Test("valid cases with one piece inserted, or one character removed")
    func mutations() {
        var generator = SeededGenerator(seed: 9393)
        let valid = DataflowCase.all.map(\.dsl).filter { !$0.isEmpty }
        for _ in 0..<400 {
            var characters = Array(valid.randomElement(using: &generator)!)
            let offset = Int.random(in: 0..<characters.count, using: &generator)
            if Bool.random(using: &generator) {
                characters.insert(contentsOf: Self.pieces.randomElement(using: &generator)!, at: offset)
            } else {
                characters.remove(at: offset)
            }
            check(String(characters))
        }
    }
}
