import Crypto
import Foundation
import Hummingbird

/// The dashboard's stylesheet, script and icon, shipped as resources of the module and held
/// in memory: no build step, nothing fetched from elsewhere. Pages link them with a content
/// hash in the URL, so browsers cache them for a year and fetch them again only when they change.
struct DashboardAssets: Sendable {
    /// One asset.
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
    }

    /// The versioned URLs pages link.
    struct URLs: Sendable {
        var css: String
        var js: String
        var favicon: String
    }

    private let assets: [String: Asset]
    /// The versioned URLs.
    let urls: URLs

    /// Loads every asset.
    /// - Throws: ``ServerError`` when one is missing.
    static func load() throws -> DashboardAssets {
        guard let directory = Bundle.module.url(forResource: "dashboard", withExtension: nil)?.appendingPathComponent("assets") else {
            throw ServerError(.internalError, "The dashboard's assets are missing from the server's resources")
        }
        var assets: [String: Asset] = [:]
        for (name, type) in [
            ("dashboard.css", "text/css; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8"), ("favicon.svg", "image/svg+xml"),
        ] {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let hash = SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
            assets[name] = Asset(bytes: ByteBuffer(bytes: data), contentType: type, etag: "\"\(hash)\"")
        }
        func url(_ name: String) -> String { "/dashboard/assets/\(name)?v=\(assets[name]!.etag.dropFirst().dropLast())" }
        return DashboardAssets(assets: assets, urls: URLs(css: url("dashboard.css"), js: url("dashboard.js"), favicon: url("favicon.svg")))
    }

    /// The size of every asset a page loads (for the page-weight benchmark and its test).
    var pageAssetBytes: Int {
        ["dashboard.css", "dashboard.js", "favicon.svg"].reduce(0) { $0 + (assets[$1]?.bytes.readableBytes ?? 0) }
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/assets/:name") { request, context in
            try serve(context.parameters.get("name") ?? "", request)
        }
        // Browsers ask for /favicon.ico whatever a page links.
        router.get("/favicon.ico") { request, _ in try serve("favicon.svg", request) }
    }

    private func serve(_ name: String, _ request: Request) throws -> Response {
        guard let asset = assets[name] else { throw HTTPError(.notFound, message: "No dashboard asset named '\(name)'") }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        headers[.cacheControl] = request.uri.queryParameters["v"] == nil ? "no-cache" : "public, max-age=31536000, immutable"
        headers[.xContentTypeOptions] = "nosniff"
        if request.headers[.ifNoneMatch] == asset.etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.bytes))
    }
}
