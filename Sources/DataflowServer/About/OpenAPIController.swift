import Foundation
import Hummingbird
import Yams

/// The OpenAPI 3 document of the whole API: `/v3/api-docs` (JSON, where Data Flow 2.11's
/// springdoc serves it) and `/openapi.yaml` (as written, in Resources/openapi.yaml). Tests keep
/// it true: every route is in it, and schemathesis checks the live server's answers against it.
struct OpenAPIController: Sendable {
    let yaml: String
    let json: Data

    /// Loads the document shipped with the module.
    static func load() throws -> OpenAPIController {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ServerError(.badRequest, "the OpenAPI document is missing from the server's resources")
        }
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let object = try Yams.load(yaml: yaml) ?? [:]
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return OpenAPIController(yaml: yaml, json: json)
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        let json = self.json
        let yaml = self.yaml
        router.get("/v3/api-docs") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.get("/openapi.yaml") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: yaml)))
        }
    }
}
