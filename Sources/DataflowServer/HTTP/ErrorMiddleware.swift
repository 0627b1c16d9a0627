import Database
import Foundation
import Hummingbird
import Logging

/// Turns every failure into Data Flow's error body, with the status the shared error
/// classification gives it: `{"_embedded":{"errors":[{"logref":..., "message":...,
/// "_links":{"self":{"href":"/"}}}]}}`. The only place errors become HTTP.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, logger: context.logger)
        }
    }

    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        if let http = error as? HTTPError {
            let status = http.status
            return body(logref: logref(forStatus: status), message: http.body ?? status.reasonPhrase, status: status)
        }
        if let server = error as? ServerError, server.code == .payloadTooLarge {
            return body(logref: server.code.logref, message: server.message, status: .contentTooLarge)
        }
        let category = ErrorCategory.of(error)
        let status = HTTPResponse.Status(code: category.httpStatus)
        // The server's own messages keep their lines (a DSL error's caret sits under its position); others are one line.
        let message = (error as? ServerError)?.message ?? ErrorText.line(error)
        if category == .internal || category == .unavailable {
            logger.error("\(request.method) \(request.uri.path) failed: \(message)", metadata: ["http.status": "\(status.code)"])
        }
        if request.uri.path.hasPrefix("/dashboard/") && request.uri.path != "/dashboard/events" {
            // A browser reads the dashboard's failures as a page, not as JSON.
            return DashboardResponses.refusal(status, message)
        }
        return body(logref: (error as? ServerError)?.code.logref ?? logref(for: category), message: message, status: status)
    }

    static func body(logref: String, message: String, status: HTTPResponse.Status) -> Response {
        let payload = ErrorBody(embedded: .init(errors: [.init(logref: logref, message: message, links: .this("/"))]))
        return (try? Responses.json(payload, status: status)) ?? Responses.text(message, status: status)
    }

    private static func logref(for category: ErrorCategory) -> String {
        switch category {
        case .notFound: "NoSuchElementException"
        case .conflict: "IllegalStateException"
        case .notRestartable: "IllegalStateException"
        case .badInput: "IllegalArgumentException"
        case .unavailable: "DataAccessResourceFailureException"
        case .limitReached: "IllegalStateException"
        case .internal: "RuntimeException"
        }
    }

    private static func logref(forStatus status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "NoSuchElementException"
        case 405: "HttpRequestMethodNotSupportedException"
        case 413: "PayloadTooLargeException"
        case 400..<500: "IllegalArgumentException"
        default: "RuntimeException"
        }
    }
}

/// Data Flow's error body.
struct ErrorBody: Encodable {
    struct Embedded: Encodable { var errors: [Entry] }
    struct Entry: Encodable {
        var logref: String
        var message: String
        var links: Links
        enum CodingKeys: String, CodingKey { case logref, message, links = "_links" }
    }

    var embedded: Embedded
    enum CodingKeys: String, CodingKey { case embedded = "_embedded" }
}
