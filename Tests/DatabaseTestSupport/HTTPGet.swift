import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP GET on loopback, as Prometheus or a user's curl would send it.
/// - Returns: The status code and the body as text.
public func httpGet(_ url: String) async throws -> (status: Int, body: String, contentType: String?) {
    guard let target = URL(string: url) else { throw TestSetupError("bad URL \(url)") }
    var request = URLRequest(url: target)
    request.timeoutInterval = 30
    let (data, response) = try await URLSession.shared.data(for: request)
    guard let http = response as? HTTPURLResponse else { throw TestSetupError("no HTTP response from \(url)") }
    return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
}

/// An HTTP request with another method (the response status only).
public func httpStatus(_ url: String, method: String) async throws -> Int {
    guard let target = URL(string: url) else { throw TestSetupError("bad URL \(url)") }
    var request = URLRequest(url: target)
    request.httpMethod = method
    let (_, response) = try await URLSession.shared.data(for: request)
    return (response as? HTTPURLResponse)?.statusCode ?? 0
}

/// An HTTP request with any method, its parameters in the query string (as Data Flow accepts them).
/// - Returns: The status code and the body as text.
public func httpRequest(_ url: String, method: String) async throws -> (status: Int, body: String) {
    guard let target = URL(string: url) else { throw TestSetupError("bad URL \(url)") }
    var request = URLRequest(url: target)
    request.httpMethod = method
    request.timeoutInterval = 60
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
