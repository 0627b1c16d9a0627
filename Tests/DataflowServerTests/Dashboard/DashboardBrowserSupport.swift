import BatchRuntime
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the dashboard's browser tests share: a browser on the harness's server, pages visited
/// with their console checked and a screenshot kept, and the texts a page should show for what
/// the database holds.
extension Browser {
    /// Runs `body` with a browser whose relative URLs go to the harness's server.
    static func on<T>(
        _ client: ServerHarness.Client, width: Int = 1280, height: Int = 900, timeZone: String? = nil,
        isolation: isolated (any Actor)? = #isolation, _ body: (Browser) async throws -> T
    ) async throws -> T {
        try await with(baseURL: "http://127.0.0.1:\(client.port)/", width: width, height: height, timeZone: timeZone, body)
    }

    /// Opens `path`, expects no console errors on the way, and saves a screenshot named `screenshot`.
    /// - Returns: The page title.
    @discardableResult
    func visit(_ path: String, screenshot: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let title = try await open(path)
        let errors = try await consoleErrors()
        #expect(errors.isEmpty, "console errors on \(path): \(errors)", sourceLocation: sourceLocation)
        try await self.screenshot(screenshot)
        return title
    }

    /// The attribute `name` of every element matching `css`, in document order (nil where absent).
    func attributes(_ name: String, of css: String) async throws -> [String?] {
        try await eval(
            "return Array.from(document.querySelectorAll(\(Self.literal(css)))).map(e => e.getAttribute(\(Self.literal(name))))",
            as: [String?].self)
    }

    /// The ids of every element matching `css`, in document order.
    func ids(_ css: String) async throws -> [String] {
        try await attributes("id", of: css).map { $0 ?? "" }
    }

    /// Marks the page (a property of its window): ``isSamePage()`` tells later whether the
    /// browser is still on that very page or has loaded another (a reload, a navigation).
    func markPage() async throws {
        _ = try await eval("window.dashboardTestMark = 'marked'; return true", as: Bool.self)
    }

    /// Whether the page marked by ``markPage()`` is still the one shown.
    func isSamePage() async throws -> Bool {
        try await eval("return window.dashboardTestMark === 'marked'", as: Bool.self)
    }

    /// `text` as a JavaScript string literal.
    static func literal(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}

/// The texts the dashboard shows for the database's rows.
enum Shown {
    /// A status as shown, without its symbol: `✗ FAILED` is `FAILED`.
    static func status(_ text: String) -> String {
        String(text.drop { $0 != " " }.dropFirst())
    }

    /// A job execution's status as pages show it: `STARTED (dead)` for a dead one.
    static func status(_ execution: JobExecution, _ state: JobExecutionState?) -> String {
        state?.isDead == true ? "\(execution.status.rawValue) (dead)" : execution.status.rawValue
    }

    /// A list's total: `1 job execution matches.`, `3 job executions match.`
    static func matches(_ total: Int64, _ noun: String) -> String {
        total == 1 ? "1 \(noun) matches." : "\(total) \(noun)s match."
    }

    /// A step's counters in the order of the steps table's `data-count` cells.
    static func counts(_ step: StepExecution) -> [String] {
        let counts = step.counts
        return [counts.read, counts.write, counts.filter, counts.readSkip + counts.processSkip + counts.writeSkip, counts.commit, counts.rollback]
            .map(String.init)
    }
}

/// Holds a csv-import launched by the server at a point the test chooses, where a named pipe
/// cannot: on a restart the import seeks its input to the last committed chunk, so the input
/// must be a regular file, which never blocks.
///
/// The app registered is a script that runs csv-import, under strace once armed: strace stops
/// the import (SIGSTOP) when it opens its input file, after its job execution and step have
/// started and before it reads a row. The test then sees it running for as long as it likes,
/// and ``release(_:)`` lets it go on. A stopped process is alive (same pid, same start time),
/// so the server judges it running, not dead. (Not `--seccomp-bpf`: strace 6.1 then traces the
/// call but never injects the signal.)
struct ImportGate: Sendable {
    /// The script to register as the app.
    let app: String
    private let armed: URL

    init(_ client: ServerHarness.Client, input: String) throws {
        let strace = try Self.strace()
        armed = client.directory.appendingPathComponent("import-gate-armed")
        let csvImport = JobRestartThroughServerTests.csvImport
        app = try client.script(
            "csv-import-gated.sh",
            """
            if [ -e '\(armed.path)' ]; then
                exec '\(strace)' -f -qq -o /dev/null -P '\(input)' -e trace=openat -e inject=openat:signal=SIGSTOP:when=1 '\(csvImport)' "$@"
            fi
            exec '\(csvImport)' "$@"
            """)
    }

    /// From now on the app stops when it opens its input.
    func arm() throws {
        guard FileManager.default.createFile(atPath: armed.path, contents: Data()) else { throw TestSetupError("cannot create \(armed.path)") }
    }

    /// Waits until process `pid` is stopped at the gate (its state is read from /proc: another
    /// process, no event to await).
    static func waitUntilHeld(_ pid: Int64) async throws {
        try await poll("csv-import (pid \(pid)) to stop at the gate") {
            guard let state = ExecutionOwner.stat(pid)?.state else { throw TestSetupError("process \(pid) ended before the gate") }
            return state == "t" || state == "T"
        }
    }

    /// Lets a held import go on.
    static func release(_ pid: Int64) {
        kill(pid_t(pid), SIGCONT)
    }

    static func strace() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(directory)/strace"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSetupError("strace is missing: scripts/test installs it (apt-get install strace)")
    }
}
