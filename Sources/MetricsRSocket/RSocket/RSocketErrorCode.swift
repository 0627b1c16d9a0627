/// The error code of an RSocket ERROR frame.
public struct RSocketErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code as sent on the wire.
    public var rawValue: UInt32

    /// Wraps a code as sent on the wire.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The SETUP frame is invalid (0x001).
    public static let invalidSetup = RSocketErrorCode(rawValue: 0x001)
    /// The SETUP asks for something the server does not support (0x002).
    public static let unsupportedSetup = RSocketErrorCode(rawValue: 0x002)
    /// The server refused the SETUP (0x003).
    public static let rejectedSetup = RSocketErrorCode(rawValue: 0x003)
    /// The server refused a RESUME (0x004).
    public static let rejectedResume = RSocketErrorCode(rawValue: 0x004)
    /// The connection is being closed because of an error (0x101).
    public static let connectionError = RSocketErrorCode(rawValue: 0x101)
    /// The connection is being closed normally (0x102).
    public static let connectionClose = RSocketErrorCode(rawValue: 0x102)
    /// The responder's application failed (0x201).
    public static let applicationError = RSocketErrorCode(rawValue: 0x201)
    /// The responder refused the request without processing it (0x202).
    public static let rejected = RSocketErrorCode(rawValue: 0x202)
    /// The responder canceled the request (0x203).
    public static let canceled = RSocketErrorCode(rawValue: 0x203)
    /// The request is invalid (0x204).
    public static let invalid = RSocketErrorCode(rawValue: 0x204)

    /// The protocol's name for the code, such as `APPLICATION_ERROR`, or `0x…` when unknown.
    public var name: String {
        switch rawValue {
        case 0x001: "INVALID_SETUP"
        case 0x002: "UNSUPPORTED_SETUP"
        case 0x003: "REJECTED_SETUP"
        case 0x004: "REJECTED_RESUME"
        case 0x101: "CONNECTION_ERROR"
        case 0x102: "CONNECTION_CLOSE"
        case 0x201: "APPLICATION_ERROR"
        case 0x202: "REJECTED"
        case 0x203: "CANCELED"
        case 0x204: "INVALID"
        default: "0x" + String(rawValue, radix: 16, uppercase: true)
        }
    }

    /// The name and the hexadecimal code, such as `APPLICATION_ERROR (0x201)` or `INVALID_SETUP (0x001)`.
    public var description: String {
        let digits = String(rawValue, radix: 16, uppercase: true)
        return "\(name) (0x\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits))"
    }

    /// Codes that answer a SETUP (or RESUME) rather than report a broken connection.
    var isSetupError: Bool { rawValue >= 0x001 && rawValue <= 0x004 }
}
