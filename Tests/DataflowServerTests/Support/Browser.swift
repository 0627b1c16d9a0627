import DatabaseTestSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium that a test drives step by step: Tests/Peers/browser_driver.py (Selenium,
/// chromedriver, axe-core; its docstring has the protocol) run as a process, one JSON line per
/// command and one per answer, matched by request id.
///
/// ```swift
/// try await Browser.with(baseURL: "http://127.0.0.1:\(port)/") { browser in
///     #expect(try await browser.open("dashboard") == "Dashboard")
///     try await browser.click("#launch")
///     try await browser.waitForText("#status", containing: "COMPLETED")
///     #expect(try await browser.consoleErrors() == [])
/// }
/// ```
/// Commands are answered in the order sent; every wait is for the driver's answer (never a
/// sleep here), with a guard that only catches hangs. A missing Chromium or Selenium fails the
/// test, naming what to install.
final class Browser: Sendable {
    /// The driver process (python3 browser_driver.py); Chromium and chromedriver are its children,
    /// in its process group.
    private let process: TestProcess
    private let nextID = Atomic<Int>(1)
    private let closed = Atomic<Bool>(false)
    /// Keeps each command line whole when tasks share the browser.
    private let writing = Mutex(())

    /// How long a command may take beyond its own timeout before the browser counts as hung.
    static let hangGuard = hangLimit
    static let installHint = """
        scripts/test installs what the browser tests need (apt-get install chromium chromium-driver \
        fonts-dejavu-core; python3 -m pip install selenium axe-selenium-python)
        """

    /// Runs `body` with a fresh browser (its own Chromium and profile), closed afterwards whether
    /// `body` returns or throws.
    /// - Parameters:
    ///   - baseURL: What relative URLs given to ``open(_:)`` resolve against.
    ///   - width: The viewport's width in CSS pixels.
    ///   - height: The viewport's height in CSS pixels.
    ///   - timeZone: The browser's time zone (`TZ`, such as `Asia/Kolkata`); nil for the machine's.
    /// - Throws: When the browser cannot start (with what to install), or what `body` throws.
    static func with<T>(
        baseURL: String? = nil, width: Int = 1280, height: Int = 900, timeZone: String? = nil,
        isolation: isolated (any Actor)? = #isolation, _ body: (Browser) async throws -> T
    ) async throws -> T {
        try await withTemporaryDirectory { directory in
            let browser = try await Browser(baseURL: baseURL, width: width, height: height, timeZone: timeZone, directory: directory)
            do {
                let value = try await body(browser)
                await browser.close()
                return value
            } catch {
                await browser.close()
                throw error
            }
        }
    }

    private init(baseURL: String?, width: Int, height: Int, timeZone: String?, directory: URL) async throws {
        var arguments = [PythonPeer.script("browser_driver.py"), "--width", "\(width)", "--height", "\(height)"]
        arguments += ["--profile", directory.appendingPathComponent("profile").path]
        if let baseURL { arguments += ["--base-url", baseURL] }
        var environment: [String: String] = [:]
        environment["DASHBOARD_SCREENSHOTS"] = ProcessInfo.processInfo.environment["DASHBOARD_SCREENSHOTS"]
        // Chromium takes its time zone from TZ, as other programs do.
        environment["TZ"] = timeZone ?? ProcessInfo.processInfo.environment["TZ"]
        process = try TestProcess("/usr/bin/env", ["python3"] + arguments, in: directory, environment: environment, input: true)
        do {
            _ = try await process.line(startingWith: "ready", firstLine: true, limit: Self.hangGuard)
        } catch {
            let stderr = await stop()
            let hint = stderr.contains("scripts/test") ? "" : "\n" + Self.installHint
            throw TestSetupError("the browser did not start (\(error)).\n\(stderr)\(hint)")
        }
    }

    /// The driver's process id, which is also its process group's (Chromium's and chromedriver's).
    var pid: Int32 { process.pid }

    deinit {
        if !closed.load(ordering: .acquiring) { kill(-process.pid, SIGKILL) }
    }

    /// Quits the browser (Chromium, chromedriver and the driver), killing them if quitting hangs.
    func close() async {
        guard !closed.load(ordering: .acquiring) else { return }
        _ = try? await command("quit", limit: .seconds(30))
        _ = await stop()
    }

    /// Waits (at most 30 s) for the driver to exit, ends what is left of its process group
    /// (Chromium's helpers may outlive a driver that quit them) and returns its standard error.
    private func stop() async -> String {
        closed.store(true, ordering: .releasing)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await self.process.wait() }
            group.addTask { try? await Task.sleep(for: .seconds(30)) }
            await group.next()
            group.cancelAll()
            kill(-self.process.pid, SIGKILL)
        }
        return (try? await process.wait())?.stderr ?? ""
    }

    /// Sends one command and awaits its answer.
    /// - Returns: The answer line, whose `ok` is true.
    /// - Throws: ``Failure`` naming the command and the driver's error; or, when the driver
    ///   dies or hangs past `limit`, the driver's standard error.
    @discardableResult
    func command(_ name: String, _ fields: [String: Argument] = [:], limit: Duration = hangGuard) async throws -> Data {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        var request = fields
        request["cmd"] = .text(name)
        request["id"] = .integer(id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = String(decoding: try encoder.encode(request), as: UTF8.self)
        let prefix = "{\"id\": \(id), "
        let rest: String
        do {
            try writing.withLock { _ in try process.input?.write(contentsOf: Data((line + "\n").utf8)) }
            rest = try await process.line(startingWith: prefix, limit: limit)
        } catch {
            let stderr = await stop()
            throw Failure(description: "browser command \(line) got no answer (\(error)); driver's stderr:\n\(stderr)")
        }
        let data = Data((prefix + rest).utf8)
        let status = try JSONDecoder().decode(Status.self, from: data)
        guard status.ok else { throw Failure(description: "browser command \(line) failed: \(status.error ?? "(no message)")") }
        return data
    }

    /// Sends one command and decodes its answer's value.
    func command<Value: Decodable>(
        _ name: String, _ fields: [String: Argument] = [:], limit: Duration = hangGuard, as type: Value.Type = Value.self
    ) async throws -> Value {
        let data = try await command(name, fields, limit: limit)
        do {
            return try JSONDecoder().decode(Payload<Value>.self, from: data).value
        } catch {
            throw Failure(description: "browser command \(name) answered \(String(decoding: data, as: UTF8.self)): \(error)")
        }
    }

    /// A failed command: its JSON and the driver's error.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A value in a command.
    enum Argument: Encodable, Sendable {
        case text(String)
        case integer(Int)
        case number(Double)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .integer(let integer): try container.encode(integer)
            case .number(let number): try container.encode(number)
            }
        }

        static func seconds(_ duration: Duration) -> Argument {
            .number(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
    }

    private struct Status: Decodable {
        let ok: Bool
        let error: String?
    }

    private struct Payload<Value: Decodable>: Decodable {
        let value: Value
    }
}
