import CoreMetrics
import Hummingbird

/// Spring Boot's `http.server.requests` timer for every request: tagged with the method, the
/// route template (`/tasks/executions/{id}`, never the raw path: ids would make a series each),
/// the status and its outcome (`SUCCESS`, `CLIENT_ERROR`, `SERVER_ERROR`).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath.map { "/" + $0.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/") } ?? "UNKNOWN"
        let status = response.status.code
        let outcome = switch status {
        case 100..<200: "INFORMATIONAL"
        case 200..<300: "SUCCESS"
        case 300..<400: "REDIRECTION"
        case 400..<500: "CLIENT_ERROR"
        default: "SERVER_ERROR"
        }
        Timer(label: "http.server.requests", dimensions: [
            ("method", request.method.rawValue), ("uri", route), ("status", String(status)), ("outcome", outcome),
        ]).recordInterval(since: start)
        return response
    }
}

extension Timer {
    /// Records the time since `start`.
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
