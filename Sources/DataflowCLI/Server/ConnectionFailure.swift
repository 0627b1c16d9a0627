import AsyncHTTPClient
import Database
import Foundation
import NIOCore
import NIOPosix

/// Why a request never got an answer, in the words of the operating system where it has them
/// ("Connection refused"), for the one line ``ServerFailure/unreachable(_:reason:)`` prints.
enum ConnectionFailure {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve \(error.host): \(describe(dns))" }
            return error.connectionErrors.first.map { describe($0.error) } ?? "cannot connect to \(error.host):\(error.port)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as HTTPClientError where error == .connectTimeout:
            return "no connection within 10 seconds"
        case let error as HTTPClientError where error == .readTimeout:
            return "no answer within 120 seconds"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "the server closed the connection"
        default:
            return ErrorText.line(error)
        }
    }
}
