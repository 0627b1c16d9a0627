import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One of the package's built executables (`csv-import`, `dataflow`, `timestamp-task`, ...), run
/// as a separate process the way a user runs it, with its output collected.
public final class TestProcess: Sendable {
    /// How a run ended.
    public struct Outcome: CustomStringConvertible, Sendable {
        /// The exit code, or 128 + the signal that killed it.
        public let status: Int32
        /// Standard output.
        public let stdout: String
        /// Standard error.
        public let stderr: String
        /// For test failure messages.
        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// The binary next to the test bundle (`.build/<configuration>/<name>`).
    public static func executable(_ name: String) -> URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("the \(name) executable was not built next to \(me.path); run swift build first")
    }

    /// The process.
    public let process: ChildProcess
    private let errURL: URL
    private let box = OutputBox()

    private final class OutputBox: Sendable {
        let state = Mutex(Output())

        func received(_ bytes: [UInt8]) {
            let ready: [CheckedContinuation<Void, any Error>] = state.withLock { output in
                output.text += String(decoding: bytes, as: UTF8.self)
                let text = output.text
                var met: [CheckedContinuation<Void, any Error>] = []
                output.waiters.removeAll { waiter in
                    guard waiter.isMet(text) else { return false }
                    met.append(waiter.continuation)
                    return true
                }
                return met
            }
            for continuation in ready { continuation.resume() }
        }

        func close() {
            let (unmet, closing) = state.withLock { output in
                output.closed = true
                defer {
                    output.waiters.removeAll()
                    output.closeWaiters.removeAll()
                }
                return (output.waiters, output.closeWaiters)
            }
            for waiter in unmet {
                waiter.continuation.resume(throwing: TestSetupError("the process ended before printing \(waiter.what)"))
            }
            for continuation in closing { continuation.resume() }
        }
    }

    private struct Output {
        var text = ""
        var closed = false
        var waiters: [Waiter] = []
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private struct Waiter {
        let what: String
        let isMet: @Sendable (String) -> Bool
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// Standard input, when the process was started with `input: true`.
    public let input: FileHandle?

    /// Starts `name arguments...` in `directory`, in a process group of its own.
    /// - Parameters:
    ///   - name: A built executable of the package, or an absolute path.
    ///   - input: Give the process a pipe as standard input (``input``) instead of `/dev/null`.
    public init(
        _ name: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:], input: Bool = false
    ) throws {
        errURL = directory.appendingPathComponent("err-\(UUID().uuidString)")
        let executable = name.hasPrefix("/") ? name : Self.executable(name).path
        // Every descriptor is close-on-exec; the child gets its copies as 0, 1 and 2.
        var output: [Int32] = [-1, -1]
        var inputPipe: [Int32] = [-1, -1]
        let errorFile = ChildProcess.create(errURL.path)
        let nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            for descriptor in [output[1], inputPipe[0], errorFile, nullDevice] where descriptor >= 0 { close(descriptor) }
        }
        guard ChildProcess.pipe(&output), !input || ChildProcess.pipe(&inputPipe), errorFile >= 0, nullDevice >= 0 else {
            if output[0] >= 0 { close(output[0]) }
            if inputPipe[1] >= 0 { close(inputPipe[1]) }
            throw TestSetupError("cannot set up the standard streams of \(name): \(String(cString: strerror(errno)))")
        }
        do {
            process = try ChildProcess(
                executable, arguments, environment: ChildProcess.baseEnvironment.merging(environment) { $1 }, directory: directory.path,
                stdin: input ? inputPipe[0] : nullDevice, stdout: output[1], stderr: errorFile)
        } catch {
            close(output[0])
            if inputPipe[1] >= 0 { close(inputPipe[1]) }
            throw error
        }
        self.input = input ? FileHandle(fileDescriptor: inputPipe[1], closeOnDealloc: true) : nil
        // A plain thread with blocking reads: FileHandle's readabilityHandler (Dispatch sources)
        // has crashed the test process on Linux when the pipe closed under it.
        let box = self.box
        let reader = output[0]
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(reader, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                box.received(Array(buffer[0..<count]))
            }
            box.close()
            close(reader)
        }
    }

    /// The process id.
    public var pid: Int32 { process.pid }

    /// Whether the process still runs (it has not ended, or has not been reaped yet).
    public var isRunning: Bool { !process.hasEnded }

    /// Sends a signal.
    public func signal(_ number: Int32) { kill(process.pid, number) }

    /// Lets the process run in short slices until `condition` holds, checking it only while the
    /// process is frozen (SIGSTOP): ``freeze(pid:when:slice:_:)``. Returns with the process still
    /// frozen: send it what the test sends, then ``thaw()``.
    /// - Throws: When the process ends first (with its output), or at ``hangLimit``.
    public func freeze(when what: String, slice: Duration = .milliseconds(20), _ condition: () async throws -> Bool) async throws {
        do {
            try await DatabaseTestSupport.freeze(pid: pid, when: what, slice: slice, condition)
        } catch let error as ProcessEnded {
            throw TestSetupError("\(error.description): \(try await wait())")
        }
    }

    /// Lets a process frozen by ``freeze(when:slice:_:)`` run again.
    public func thaw() { signal(SIGCONT) }


    /// Waits until standard output contains `text` (an event: the pipe's data arriving).
    /// - Throws: When the process closes its output first.
    public func waitForOutput(containing text: String) async throws {
        try await waitForOutput("'\(text)'") { $0.contains(text) }
    }

    /// Waits until all standard output so far satisfies `isMet`, checked as each piece arrives.
    /// - Parameter what: Names what is awaited in the error.
    /// - Throws: When the process closes its output first.
    public func waitForOutput(_ what: String, where isMet: @escaping @Sendable (String) -> Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let state: Bool? = box.state.withLock { output in
                if isMet(output.text) { return true }
                if output.closed { return false }
                output.waiters.append(Waiter(what: what, isMet: isMet, continuation: continuation))
                return nil
            }
            if state == true { continuation.resume() }
            if state == false { continuation.resume(throwing: TestSetupError("the process ended before printing \(what)")) }
        }
    }

    /// Standard output so far.
    public var stdout: String { box.state.withLock { $0.text } }

    /// Waits for the process to end (and reaps it), then reads its output.
    public func wait() async throws -> Outcome {
        let status = await process.wait()
        // The pipe's last bytes may still be on their way to the handler: wait for its end of file.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let closed = box.state.withLock { output in
                if !output.closed { output.closeWaiters.append(continuation) }
                return output.closed
            }
            if closed { continuation.resume() }
        }
        return Outcome(
            status: status,
            stdout: stdout, stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Runs to the end.
    public static func run(_ name: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:])
        async throws -> Outcome
    {
        try await TestProcess(name, arguments, in: directory, environment: environment).wait()
    }
}

/// Polls `condition` every `interval`. The state waited for lives in another process's database
/// writes, so no in-process event exists to await; the pause between checks leaves the CPU to
/// that process (the machine has two cores).
public func poll(
    _ what: String, every interval: Duration = .milliseconds(20), limit: Duration = hangLimit,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestSetupError("timed out waiting for \(what)") }
        try await Task.sleep(for: interval)
    }
}

/// Lets process `pid` run in short slices until `condition` holds, checking it only while the
/// process is frozen (SIGSTOP; with `group`, its whole process group). A fast process cannot
/// then run past the state the test waits for between two checks, however late a loaded
/// machine runs them (a 60,000-row import once ended before a plain poll had looked). Returns
/// with the process still frozen: send it what the test sends, then SIGCONT; a signal sent
/// meanwhile arrives as it thaws.
/// - Throws: ``ProcessEnded`` when the process ends first; at ``hangLimit``.
public func freeze(
    pid: Int32, group: Bool = false, when what: String, slice: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async throws {
    let target = group ? -pid : pid
    let deadline = ContinuousClock.now + hangLimit
    while true {
        kill(target, SIGSTOP)
        try await poll("process \(pid) to stop", every: .milliseconds(1)) {
            guard let state = processState(pid), state != "Z" else { return true }
            return state == "T" || state == "t"
        }
        guard let state = processState(pid), state != "Z" else { throw ProcessEnded(description: "the process ended before \(what)") }
        if try await condition() { return }
        kill(target, SIGCONT)
        guard ContinuousClock.now < deadline else { throw TestSetupError("timed out waiting for \(what)") }
        try await Task.sleep(for: slice)
    }
}

/// The process ``freeze(pid:group:when:slice:_:)`` waited on ended first.
public struct ProcessEnded: Error, CustomStringConvertible {
    public var description: String
}

/// The state letter of `/proc/<pid>/stat` (`R`, `S`, `T`, `Z`...), nil once the process is reaped.
public func processState(_ pid: Int32) -> Character? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[stat.index(after: close)...].first { $0 != " " }
}
