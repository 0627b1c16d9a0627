import DatabaseTestSupport
import Foundation

/// The driver's commands (Tests/Peers/browser_driver.py), one method each. `css` is a CSS
/// selector; a command on an element that does not exist throws.
extension Browser {
    // MARK: Pages

    /// Opens `url` (relative to the base URL) and waits until it has loaded.
    /// - Returns: The page title.
    @discardableResult
    func open(_ url: String) async throws -> String { try await command("open", ["url": .text(url)]) }

    /// The current URL.
    func url() async throws -> String { try await command("url") }

    // MARK: Reading

    /// The text (textContent, whitespace collapsed) of the first element matching `css`.
    func text(_ css: String) async throws -> String { try await command("text", ["css": .text(css)]) }

    /// The texts of every element matching `css`.
    func texts(_ css: String) async throws -> [String] { try await command("texts", ["css": .text(css)]) }

    /// How many elements match `css`.
    func count(_ css: String) async throws -> Int { try await command("count", ["css": .text(css)]) }

    /// Whether any element matches `css`.
    func exists(_ css: String) async throws -> Bool { try await command("exists", ["css": .text(css)]) }

    /// The attribute `name` of the first element matching `css` as written in the DOM, nil when absent.
    func attribute(_ name: String, of css: String) async throws -> String? {
        try await command("attr", ["css": .text(css), "name": .text(name)])
    }

    /// The current value of the form field matching `css` (what a user typed or chose).
    func value(of css: String) async throws -> String { try await command("value", ["css": .text(css)]) }

    // MARK: Acting

    /// Clicks the first element matching `css`. A click that navigates is followed by a wait
    /// (``waitForURL(containing:timeout:)``, ``waitForText(_:containing:timeout:)``).
    func click(_ css: String) async throws { try await command("click", ["css": .text(css)]) }

    /// Clears the field matching `css`, then types `text` into it.
    func fill(_ css: String, with text: String) async throws { try await command("fill", ["css": .text(css), "text": .text(text)]) }

    /// Chooses the option whose value is `value` in the `<select>` matching `css`.
    func select(_ css: String, value: String) async throws { try await command("select", ["css": .text(css), "value": .text(value)]) }

    /// Submits the form at or around `css` as a user would (submit handlers and validation run).
    func submit(_ css: String) async throws { try await command("submit", ["css": .text(css)]) }

    /// Presses `key` (a Selenium key name: "TAB", "ENTER", "ESCAPE", "ARROW_DOWN", or one
    /// character) in the element matching `css`, or in the focused element.
    func press(_ key: String, in css: String? = nil) async throws {
        var fields: [String: Argument] = ["key": .text(key)]
        if let css { fields["css"] = .text(css) }
        try await command("press", fields)
    }

    // MARK: Waiting (the timeouts only catch hangs)

    /// Waits until an element matching `css` has text containing `text`.
    /// - Returns: That element's text.
    /// - Throws: On timeout, with the texts last seen.
    @discardableResult
    func waitForText(_ css: String, containing text: String, timeout: Duration = hangLimit) async throws -> String {
        let match: TextMatch = try await command(
            "wait_text", ["css": .text(css), "contains": .text(text), "timeout": .seconds(timeout)], limit: timeout + Self.hangGuard)
        return match.text
    }

    /// Waits until exactly `count` elements match `css`.
    func waitForCount(_ css: String, _ count: Int, timeout: Duration = hangLimit) async throws {
        try await command("wait_count", ["css": .text(css), "count": .integer(count), "timeout": .seconds(timeout)], limit: timeout + Self.hangGuard)
    }

    /// Waits until no element matches `css`.
    func waitUntilGone(_ css: String, timeout: Duration = hangLimit) async throws {
        try await command("wait_gone", ["css": .text(css), "timeout": .seconds(timeout)], limit: timeout + Self.hangGuard)
    }

    /// Waits until the URL contains `text`.
    /// - Returns: The URL.
    @discardableResult
    func waitForURL(containing text: String, timeout: Duration = hangLimit) async throws -> String {
        try await command("wait_url", ["contains": .text(text), "timeout": .seconds(timeout)], limit: timeout + Self.hangGuard)
    }

    // MARK: Checking the page

    /// The console entries (and failed loads) since the last call to this or ``consoleErrors()``.
    func console() async throws -> [ConsoleEntry] { try await command("console") }

    /// The messages of the console's errors (SEVERE entries: console.error, uncaught
    /// exceptions, failed loads) since the last call to this or ``console()``.
    func consoleErrors() async throws -> [String] { try await console().filter(\.isError).map(\.message) }

    /// axe-core's accessibility violations on the page, or within the element matching `context`.
    func axeViolations(in context: String? = nil) async throws -> [Violation] {
        var fields: [String: Argument] = [:]
        if let context { fields["context"] = .text(context) }
        return try await command("axe", fields)
    }

    /// Saves the viewport as `<name>.png` in `$DASHBOARD_SCREENSHOTS` (default
    /// `<package>/.test-output/screenshots/`).
    /// - Returns: The file.
    @discardableResult
    func screenshot(_ name: String) async throws -> URL {
        URL(fileURLWithPath: try await command("screenshot", ["name": .text(name)], as: String.self))
    }

    /// Sets the viewport to `width` x `height` CSS pixels (a phone: 375 x 812).
    func setWindow(width: Int, height: Int) async throws {
        try await command("window", ["width": .integer(width), "height": .integer(height)])
    }

    /// Emulates browser zoom: at 200 a 1280-pixel viewport lays out 640 CSS pixels wide, at two
    /// device pixels each, as Chrome's zoom does. 100 resets it.
    func setZoom(_ percent: Int) async throws { try await command("zoom", ["percent": .integer(percent)]) }

    /// Whether the page scrolls horizontally (content wider than the viewport).
    func scrollsHorizontally() async throws -> Bool { try await command("overflow") }

    /// Presses TAB from the top of the page (at most `max` times, stopping when focus leaves the
    /// page or comes round again) and describes each element focused.
    func focusOrder(max: Int = 50) async throws -> [FocusStop] { try await command("focus_order", ["max": .integer(max)]) }

    /// Runs `script` as a function body (use `return`) and decodes its JSON result.
    func eval<Value: Decodable>(_ script: String, as type: Value.Type = Value.self) async throws -> Value {
        try await command("eval", ["script": .text(script)])
    }

    /// Sets a cookie for the current page's site.
    func setCookie(name: String, value: String) async throws { try await command("cookie", ["name": .text(name), "value": .text(value)]) }

    /// Deletes every cookie.
    func deleteCookies() async throws { try await command("delete_cookies") }
}

extension Browser {
    /// An entry of the browser console.
    struct ConsoleEntry: Decodable, Sendable, CustomStringConvertible {
        /// SEVERE, WARNING, INFO, DEBUG.
        let level: String
        /// The text, with its source location (`http://host/page 12:8 "message"`).
        let message: String
        /// `console-api`, `javascript` (uncaught exceptions), `network` (failed loads), ...
        let source: String?
        /// SEVERE: console.error, an uncaught exception, a failed load.
        var isError: Bool { level == "SEVERE" }
        var description: String { "\(level) \(message)" }
    }

    /// An axe-core rule the page breaks.
    struct Violation: Decodable, Sendable, CustomStringConvertible {
        /// The rule (`image-alt`, `label`, `color-contrast`, ...).
        let id: String
        /// minor, moderate, serious or critical.
        let impact: String?
        /// What the rule asks.
        let help: String
        /// How many elements break it.
        let nodes: Int
        /// Selectors of the first three.
        let targets: [String]
        var description: String { "\(id) (\(impact ?? "?")): \(help) at \(targets.joined(separator: ", "))" }
    }

    /// An element that TAB focused.
    struct FocusStop: Decodable, Sendable, CustomStringConvertible {
        /// The tag name, lowercase.
        let tag: String
        /// The element's id attribute.
        let id: String?
        /// Its accessible label as a user reads it (aria-label, <label>, text, value, placeholder, ...).
        let label: String
        /// Whether focusing it changes how it looks (outline, box-shadow, border, background, colour).
        let visibleFocus: Bool

        enum CodingKeys: String, CodingKey {
            case tag, id, label
            case visibleFocus = "visible"
        }

        var description: String { "<\(tag)\(id.map { "#\($0)" } ?? "")> \(label)\(visibleFocus ? "" : " (no visible focus)")" }
    }

    private struct TextMatch: Decodable {
        let text: String
    }
}
