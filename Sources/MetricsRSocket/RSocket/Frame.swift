import NIOCore

/// One RSocket frame, as decoded from or encoded to the wire (without the TCP length prefix).
///
/// `Payload.metadata` is `nil` exactly when the frame's M flag is clear. Frames we do not serve
/// (streams, channels, leases, resumption) are decoded so they can be rejected properly.
enum Frame: Equatable, Sendable {
    /// The contents of a SETUP frame.
    struct Setup: Equatable, Sendable {
        var majorVersion: UInt16 = 1
        var minorVersion: UInt16 = 0
        var keepaliveInterval: UInt32
        var maxLifetime: UInt32
        /// Present exactly when the R (resume) flag is set.
        var resumeToken: ByteBuffer? = nil
        /// The L (lease) flag.
        var lease = false
        var metadataMimeType: String
        var dataMimeType: String
        var payload: Payload
    }

    /// The contents of a RESUME frame.
    struct Resume: Equatable, Sendable {
        var majorVersion: UInt16
        var minorVersion: UInt16
        var token: ByteBuffer
        var lastReceivedServerPosition: UInt64
        var firstAvailableClientPosition: UInt64
    }

    case setup(Setup)
    case lease(timeToLive: UInt32, requests: UInt32, metadata: ByteBuffer?)
    case keepalive(respond: Bool, lastReceivedPosition: UInt64, data: ByteBuffer)
    case requestResponse(streamID: UInt32, follows: Bool, payload: Payload)
    case requestFireAndForget(streamID: UInt32, follows: Bool, payload: Payload)
    case requestStream(streamID: UInt32, follows: Bool, initialRequestN: UInt32, payload: Payload)
    case requestChannel(streamID: UInt32, follows: Bool, complete: Bool, initialRequestN: UInt32, payload: Payload)
    case requestN(streamID: UInt32, n: UInt32)
    case cancel(streamID: UInt32)
    case payload(streamID: UInt32, follows: Bool, complete: Bool, next: Bool, payload: Payload)
    case error(streamID: UInt32, code: RSocketErrorCode, message: String)
    case metadataPush(metadata: ByteBuffer)
    case resume(Resume)
    case resumeOK(lastReceivedClientPosition: UInt64)
    case ext(streamID: UInt32, ignore: Bool, extendedType: UInt32, payload: Payload)
    /// A frame type this protocol version does not define; only its header was read.
    case unknown(streamID: UInt32, type: UInt8, ignore: Bool)

    /// The frame's stream id (0 for connection-level frames).
    var streamID: UInt32 {
        switch self {
        case .setup, .lease, .keepalive, .metadataPush, .resume, .resumeOK: 0
        case .requestResponse(let id, _, _), .requestFireAndForget(let id, _, _), .requestStream(let id, _, _, _),
            .requestChannel(let id, _, _, _, _), .requestN(let id, _), .cancel(let id),
            .payload(let id, _, _, _, _), .error(let id, _, _), .ext(let id, _, _, _), .unknown(let id, _, _):
            id
        }
    }

    /// The protocol's name of the frame type, for log messages.
    var typeName: String {
        switch self {
        case .setup: "SETUP"
        case .lease: "LEASE"
        case .keepalive: "KEEPALIVE"
        case .requestResponse: "REQUEST_RESPONSE"
        case .requestFireAndForget: "REQUEST_FNF"
        case .requestStream: "REQUEST_STREAM"
        case .requestChannel: "REQUEST_CHANNEL"
        case .requestN: "REQUEST_N"
        case .cancel: "CANCEL"
        case .payload: "PAYLOAD"
        case .error: "ERROR"
        case .metadataPush: "METADATA_PUSH"
        case .resume: "RESUME"
        case .resumeOK: "RESUME_OK"
        case .ext: "EXT"
        case .unknown(_, let type, _): "type 0x" + String(type, radix: 16)
        }
    }
}

/// Frame type numbers and flag bits.
enum FrameType {
    static let setup: UInt8 = 0x01
    static let lease: UInt8 = 0x02
    static let keepalive: UInt8 = 0x03
    static let requestResponse: UInt8 = 0x04
    static let requestFireAndForget: UInt8 = 0x05
    static let requestStream: UInt8 = 0x06
    static let requestChannel: UInt8 = 0x07
    static let requestN: UInt8 = 0x08
    static let cancel: UInt8 = 0x09
    static let payload: UInt8 = 0x0A
    static let error: UInt8 = 0x0B
    static let metadataPush: UInt8 = 0x0C
    static let resume: UInt8 = 0x0D
    static let resumeOK: UInt8 = 0x0E
    static let ext: UInt8 = 0x3F
}

/// Flag bits of the 10-bit flags field.
enum FrameFlag {
    static let ignore: UInt16 = 0x200
    static let metadata: UInt16 = 0x100
    /// F on fragmentable frames, R on KEEPALIVE (respond) and on SETUP (resume).
    static let follows: UInt16 = 0x80
    /// C on PAYLOAD and REQUEST_CHANNEL, L (lease) on SETUP.
    static let complete: UInt16 = 0x40
    static let next: UInt16 = 0x20
}
