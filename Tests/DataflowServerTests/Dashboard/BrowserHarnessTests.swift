import DatabaseTestSupport
import Foundation
import Testing

/// The browser harness itself, against fixed pages (``HarnessSite``): each command does what it
/// says in a real headless Chromium.
@Suite struct BrowserHarnessTests {
    @Test func readsPagesAndFillsForms() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                #expect(try await browser.open("/") == "Harness: good page")
                #expect(try await browser.url() == base)
                #expect(try await browser.text("h1") == "Launch a task")
                #expect(try await browser.texts("label") == ["Name", "Colour"])
                #expect(try await browser.count("option") == 2)
                #expect(try await browser.exists("#name"))
                #expect(try await !browser.exists("#nothing"))
                #expect(try await browser.attribute("name", of: "#name") == "name")
                #expect(try await browser.attribute("placeholder", of: "#name") == nil)

                try await browser.fill("#name", with: "first")
                try await browser.fill("#name", with: "Ada Lovelace & co")
                #expect(try await browser.value(of: "#name") == "Ada Lovelace & co")
                try await browser.select("#color", value: "blue")
                try await browser.submit("#go")
                try await browser.waitForURL(containing: "/result")
                #expect(try await browser.text("h1") == "Hello Ada Lovelace & co")
                #expect(try await browser.text("#color") == "blue")

                try await browser.open("/")
                try await browser.fill("#name", with: "Grace")
                try await browser.press("ENTER", in: "#name")
                #expect(try await browser.waitForURL(containing: "/result").hasSuffix("?name=Grace&color=red"))
                #expect(try await browser.text("h1") == "Hello Grace")

                try await browser.open("/")
                try await browser.click("#to-bad")
                try await browser.waitForURL(containing: "/bad")
                #expect(try await browser.text("h1") == "Broken")
            }
        }
    }

    @Test func awaitsChangesAndReportsFailures() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                try await browser.open("/")
                #expect(try await browser.text("#status") == "Waiting")
                try await browser.click("#later")
                // The page changes 400 ms after the click: awaited, not slept for.
                #expect(try await browser.waitForText("#status", containing: "Done") == "Done at last")
                try await browser.waitForCount("#items li", 3)
                try await browser.waitUntilGone("#spinner")
                #expect(try await browser.texts("#items li") == ["Item 1", "Item 2", "Item 3"])

                // The one deliberate timeout: the error names what was last seen.
                let timedOut = await #expect(throws: Browser.Failure.self) {
                    try await browser.waitForText("#status", containing: "never", timeout: .milliseconds(200))
                }
                #expect(timedOut?.description.contains("timed out") == true)
                #expect(timedOut?.description.contains("Done at last") == true)

                let missing = await #expect(throws: Browser.Failure.self) { try await browser.text("#missing") }
                #expect(missing?.description.contains(#""cmd":"text""#) == true)
                #expect(missing?.description.contains("no element matches '#missing'") == true)
                await #expect(throws: Browser.Failure.self) { try await browser.command("no-such-command") as Data }
                await #expect(throws: Browser.Failure.self) { try await browser.eval("return undefinedName + 1", as: Int.self) }

                // Still answering after the failures.
                #expect(try await browser.eval("return 1 + 2", as: Int.self) == 3)
                #expect(try await browser.eval("return [document.title, null]", as: [String?].self) == ["Harness: good page", nil])
                // An answer longer than a pipe holds arrives in pieces and is read whole.
                #expect(try await browser.eval("return 'x'.repeat(300000)", as: String.self).count == 300_000)
                try await browser.setCookie(name: "session", value: "abc")
                #expect(try await browser.eval("return document.cookie", as: String.self) == "session=abc")
                try await browser.deleteCookies()
                #expect(try await browser.eval("return document.cookie", as: String.self) == "")
            }
        }
    }

    @Test func reportsConsoleErrors() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                try await browser.open("/")
                #expect(try await browser.consoleErrors() == [])
                try await browser.open("/bad")
                let errors = try await browser.consoleErrors()
                #expect(errors.count == 1)
                #expect(errors.first?.contains("bad page: something broke") == true)
                // Reported once.
                #expect(try await browser.consoleErrors() == [])
                _ = try await browser.eval("console.warn('careful'); console.error('late failure'); return null", as: String?.self)
                let entries = try await browser.console()
                #expect(entries.map(\.level) == ["WARNING", "SEVERE"])
                #expect(entries.last?.message.contains("late failure") == true)
            }
        }
    }

    @Test func findsAccessibilityViolations() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                try await browser.open("/")
                let none = try await browser.axeViolations()
                #expect(none.isEmpty, "\(none)")
                try await browser.open("/bad")
                let violations = try await browser.axeViolations()
                let rules = Dictionary(uniqueKeysWithValues: violations.map { ($0.id, $0) })
                #expect(Set(rules.keys) == ["image-alt", "label"], "\(violations)")
                for rule in rules.values {
                    #expect(rule.impact == "critical" || rule.impact == "serious", "\(rule)")
                    #expect(rule.nodes == 1)
                }
                #expect(rules["image-alt"]?.targets == ["img"])
                #expect(rules["label"]?.targets == ["#unlabelled"])
                #expect(try await browser.axeViolations(in: "h1").isEmpty)
            }
        }
    }

    @Test func emulatesZoomAndPhoneWidth() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                let viewport = "return [innerWidth, innerHeight, devicePixelRatio]"
                try await browser.open("/bad")
                #expect(try await browser.eval(viewport, as: [Double].self) == [1280, 900, 1])
                #expect(try await !browser.scrollsHorizontally())

                try await browser.setZoom(200)
                #expect(try await browser.eval(viewport, as: [Double].self) == [640, 450, 2])
                #expect(try await browser.scrollsHorizontally())
                try await browser.open("/")  // the zoom stays on as pages change
                #expect(try await browser.eval(viewport, as: [Double].self) == [640, 450, 2])
                #expect(try await !browser.scrollsHorizontally())
                let zoomed = try Self.pngSize(try await browser.screenshot("harness-good-zoom-200"))
                #expect(zoomed == (1280, 900))

                try await browser.setZoom(100)
                try await browser.setWindow(width: 375, height: 812)
                #expect(try await browser.eval(viewport, as: [Double].self) == [375, 812, 1])
                #expect(try await !browser.scrollsHorizontally())
                try await browser.open("/bad")
                #expect(try await browser.scrollsHorizontally())
                let shot = try await browser.screenshot("harness-bad-phone")
                #expect(shot.lastPathComponent == "harness-bad-phone.png")
                let size = try Self.pngSize(shot)
                #expect(size == (375, 812))
            }
        }
    }

    @Test func followsTheFocusOrder() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                try await browser.open("/")
                let stops = try await browser.focusOrder()
                #expect(stops.map(\.tag) == ["input", "select", "button", "button", "a"], "\(stops)")
                #expect(stops.map(\.label) == ["Name", "Colour", "Launch", "Refresh later", "The bad page"])
                let invisible = stops.filter { !$0.visibleFocus }
                #expect(invisible.isEmpty, "\(invisible)")
                #expect(try await browser.focusOrder(max: 2).map(\.label) == ["Name", "Colour"])

                try await browser.open("/bad")
                let bad = try await browser.focusOrder()
                #expect(bad.map(\.tag) == ["input", "button"], "\(bad)")
                #expect(bad.first?.id == "unlabelled")
                #expect(bad.first?.label == "")
                #expect(bad.first?.visibleFocus == true)
                #expect(bad.last?.label == "No ring")
                #expect(bad.last?.visibleFocus == false)
            }
        }
    }

    @Test func endsAHungBrowser() async throws {
        try await HarnessSite.serve { base in
            try await Browser.with(baseURL: base) { browser in
                try await browser.open("/")
                // A script that never returns: the command's guard (here 2 s, for a hang that is
                // certain) kills the driver, chromedriver and Chromium.
                let hung = await #expect(throws: Browser.Failure.self) {
                    try await browser.command("eval", ["script": .text("while (true) {}")], limit: .seconds(2)) as Data
                }
                #expect(hung?.description.contains("got no answer") == true)
                let group = browser.pid
                // Killed processes turn zombie at once, but some inits reap them only every second or so.
                try await poll("the browser's processes to die") { Self.liveProcesses(inGroup: group) == 0 }
                await #expect(throws: Browser.Failure.self) { try await browser.text("h1") }
            }
        }
    }

    /// How many processes of the group are alive (not zombies), read from /proc.
    static func liveProcesses(inGroup group: Int32) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let name = stat.range(of: ")", options: .backwards)
            else { return false }
            // After the name: state, parent, process group.
            let fields = stat[name.upperBound...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }.count
    }

    /// The width and height of a PNG file, after checking its signature.
    static func pngSize(_ file: URL) throws -> (Int, Int) {
        let bytes = [UInt8](try Data(contentsOf: file))
        guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw TestSetupError("\(file.path) is not a PNG")
        }
        let number = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }
}
