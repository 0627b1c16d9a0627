import DatabaseTestSupport
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Three fixed pages on a loopback port for the browser harness's own tests: `/` is accessible
/// and changes after a delay, `/bad` breaks accessibility rules, logs a console error and is too
/// wide for a phone, `/result` echoes the form.
enum HarnessSite {
    /// Serves the pages while `body` runs.
    /// - Parameter body: Gets the base URL (`http://127.0.0.1:PORT/`).
    static func serve<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        var logger = Logger(label: "harness-site")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestSetupError("the harness site did not start") }
            do {
                let value = try await body("http://127.0.0.1:\(port)/")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    private static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in html(good) }
        router.get("/bad") { _, _ in html(bad) }
        router.get("/result") { request, _ in
            let fields = form(request.uri.query ?? "")
            return html(result(name: fields["name"] ?? "", color: fields["color"] ?? ""))
        }
        // The favicon every page load asks for (a 404 would be a console error) and the bad page's image.
        let image: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: pixel)))
        }
        router.get("/favicon.ico", use: image)
        router.get("/pixel.png", use: image)
        return router
    }

    private static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A query string as a browser encodes a GET form (`+` for space).
    private static func form(_ query: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A 1x1 PNG.
    static let pixel = [UInt8](
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

    static let good = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Harness: good page</title>
        </head>
        <body>
        <main>
        <h1>Launch a task</h1>
        <form action="/result" method="get">
          <label for="name">Name</label> <input id="name" name="name" type="text">
          <label for="color">Colour</label>
          <select id="color" name="color"><option value="red">Red</option><option value="blue">Blue</option></select>
          <button type="submit" id="go">Launch</button>
        </form>
        <button type="button" id="later">Refresh later</button>
        <p id="status">Waiting</p>
        <p id="spinner">Loading</p>
        <ul id="items"></ul>
        <a href="/bad" id="to-bad">The bad page</a>
        </main>
        <script>
        document.getElementById('later').addEventListener('click', () => setTimeout(() => {
          document.getElementById('status').textContent = 'Done at last';
          document.getElementById('spinner').remove();
          for (const n of [1, 2, 3]) {
            const item = document.createElement('li');
            item.textContent = 'Item ' + n;
            document.getElementById('items').append(item);
          }
        }, 400));
        </script>
        </body>
        </html>
        """

    static let bad = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Harness: bad page</title>
        <style>.quiet:focus { outline: none; } .wide { width: 700px; height: 20px; background: #ddd; }</style>
        </head>
        <body>
        <main>
        <h1>Broken</h1>
        <img src="/pixel.png">
        <input type="text" id="unlabelled">
        <button type="button" class="quiet">No ring</button>
        <div class="wide">Seven hundred pixels wide</div>
        </main>
        <script>console.error('bad page: something broke');</script>
        </body>
        </html>
        """

    static func result(name: String, color: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Harness: result</title></head>
        <body><main><h1>Hello \(escaped(name))</h1><p id="color">\(escaped(color))</p></main></body>
        </html>
        """
    }
}
