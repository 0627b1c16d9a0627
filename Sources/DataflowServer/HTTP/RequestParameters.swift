import Database
import Foundation
import Hummingbird
import NIOCore

/// A request's parameters, from the query string and a form-encoded body alike (Data Flow's
/// clients POST forms; curl users put everything in the query string). A name given in both
/// keeps every value, query string first.
struct RequestParameters: Sendable {
    /// The largest form body read; larger bodies are refused with 413.
    static let maximumBodySize = 1 << 20

    private var values: [(String, String)]

    init(_ values: [(String, String)]) {
        self.values = values
    }

    /// Reads the query string and, for `application/x-www-form-urlencoded` requests, the body.
    static func read(_ request: inout Request) async throws -> RequestParameters {
        var values = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maximumBodySize)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw tooLarge()
            } catch is NIOTooManyBytesError {
                throw tooLarge()
            }
            values += decodeForm(String(buffer: body))
        }
        // Text with NUL characters cannot be stored (PostgreSQL refuses it): a clear 400 instead of a database error.
        if let bad = values.first(where: { $0.0.contains("\u{0}") || $0.1.contains("\u{0}") }) {
            throw ServerError(.badRequest, "The parameter '\(bad.0.replacingOccurrences(of: "\u{0}", with: "\\0"))' contains a NUL character, which no value may hold")
        }
        return RequestParameters(values)
    }

    private static func tooLarge() -> ServerError {
        ServerError(.payloadTooLarge, "the request body is larger than \(maximumBodySize) bytes; send fewer or shorter parameters")
    }

    /// `a=1&b=x+y` as pairs, `+` as space and percent escapes decoded.
    static func decodeForm(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Every parameter, in order.
    var pairs: [(String, String)] { values }

    /// The first value of `name`, or nil.
    func string(_ name: String) -> String? {
        values.first { $0.0 == name }?.1
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        values.filter { $0.0 == name }.map(\.1)
    }

    /// The value of a required parameter.
    func required(_ name: String) throws -> String {
        guard let value = string(name) else {
            throw ServerError(.badRequest, "Required request parameter '\(name)' is not present")
        }
        return value
    }

    /// An integer parameter, or nil when absent.
    func integer(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ServerError(.badRequest, "The parameter '\(name)' must be an integer, not '\(text)'")
        }
        return value
    }

    /// Data Flow's `days` (executions ended more than this many days ago), at most 100,000 (274 years).
    func days() throws -> Int? {
        guard let days = try integer("days") else { return nil }
        guard (0...100_000).contains(days) else {
            throw ServerError(.badRequest, "The parameter 'days' must be a number of days from 0 to 100000, not \(days)")
        }
        return days
    }

    /// A boolean parameter (`true`/`false`, any case; empty means true, as Spring reads a bare flag).
    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "": return true
        case "false": return false
        default: throw ServerError(.badRequest, "The parameter '\(name)' must be true or false, not '\(text)'")
        }
    }

    /// Spring Data's paging parameters: `page` (0-based), `size` (default 20) and any number
    /// of `sort=PROPERTY[,asc|desc]`.
    func pageRequest(defaultSize: Int = 20) throws -> PageRequest {
        let number = try integer("page") ?? 0
        let size = try integer("size") ?? defaultSize
        guard number >= 0 else { throw ServerError(.badRequest, "The parameter 'page' must not be negative, not \(number)") }
        guard size >= 1 else { throw ServerError(.badRequest, "The parameter 'size' must be at least 1, not \(size)") }
        var orders: [Database.SortOrder] = []
        for text in all("sort") where !text.isEmpty {
            guard let order = Database.SortOrder.parse(text) else {
                throw ServerError(.badRequest, "The parameter 'sort' must be PROPERTY, PROPERTY,asc or PROPERTY,desc, not '\(text)'")
            }
            orders.append(order)
        }
        return PageRequest(number: number, size: size, sort: orders)
    }
}
