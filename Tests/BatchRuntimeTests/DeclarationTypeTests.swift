import DatabaseTestSupport
import Foundation
import Testing

/// The compiler checks that a chunk step's reader, processor and writer types line up: these
/// tests type-check small job declarations against the built BatchRuntime module with `swiftc`.
@Suite("Job declarations are type-checked")
struct DeclarationTypeTests {
    /// The build directory the test bundle runs from (it holds `Modules/` and the module maps).
    static let buildDirectory: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// Type-checks `source` with `swiftc -typecheck`; returns the exit status and the diagnostics.
    static func typecheck(_ source: String) async throws -> (Int32, String) {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("declaration.swift")
            try ("import BatchRuntime\n" + source).write(to: file, atomically: true, encoding: .utf8)
            let build = buildDirectory.path
            var arguments = ["-typecheck", "-swift-version", "6", "-I", "\(build)/Modules"]
            let fileManager = FileManager.default
            for entry in try fileManager.contentsOfDirectory(atPath: build) {
                let map = "\(build)/\(entry)/module.modulemap"
                if fileManager.fileExists(atPath: map) { arguments += ["-Xcc", "-fmodule-map-file=\(map)"] }
            }
            let root = buildDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            for system in ["Sources/CSQLite", "Sources/CLibPQ"] { arguments += ["-I", root.appendingPathComponent(system).path] }
            let checkouts = root.appendingPathComponent(".build/checkouts").path
            if let walker = fileManager.enumerator(atPath: checkouts) {
                for case let path as String in walker where path.hasSuffix("/include") && !path.contains("Tests/")
                    && !path.contains("Benchmarks/") {
                    arguments += ["-I", "\(checkouts)/\(path)"]
                }
            }
            arguments += ["-I", "/usr/include/postgresql", file.path]
            let ended = try await ChildProcess.run(
                "/usr/bin/env", ["swiftc"] + arguments, environment: ProcessInfo.processInfo.environment, directory: directory.path)
            return (ended.status, ended.stdout + ended.stderr)
        }
    }

    @Test("reader Int → processor Int→String → writer String compiles")
    func matching() async throws {
        let (status, output) = try await Self.typecheck(
            """
            let job = Job("ok") {
                ChunkStep("s", reader: { _ in InMemoryReader<Int>([1, 2]) }, process: { (item: Int) in String(item) },
                          writer: { _ in NoOpWriter<String>() })
                ChunkStep("t", reader: { _ in InMemoryReader<Int>([1]) }, writer: { _ in NoOpWriter<Int>() })
            }
            """)
        #expect(status == 0, "\(output)")
    }

    @Test("mismatched item types do not compile", arguments: [
        // The processor takes Strings but the reader yields Ints.
        "ChunkStep(\"s\", reader: { _ in InMemoryReader<Int>([1]) }, process: { (item: String) in item }, writer: { _ in NoOpWriter<String>() })",
        // The processor yields Strings but the writer takes Ints.
        "ChunkStep(\"s\", reader: { _ in InMemoryReader<Int>([1]) }, process: { (item: Int) in String(item) }, writer: { _ in NoOpWriter<Int>() })",
        // No processor: the writer must take the reader's items.
        "ChunkStep(\"s\", reader: { _ in InMemoryReader<Int>([1]) }, writer: { _ in NoOpWriter<String>() })",
    ])
    func mismatched(_ step: String) async throws {
        let (status, output) = try await Self.typecheck("let job = Job(\"bad\") {\n    \(step)\n}\n")
        #expect(status != 0, "this declaration must not compile: \(step)")
        #expect(output.contains("error:"), "\(output)")
        #expect(!output.contains("no such module") && !output.contains("missing required module"), "\(output)")
    }
}
