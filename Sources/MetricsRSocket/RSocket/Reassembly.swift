import NIOCore

/// A fragmented request or reply being put back together (frames with the F flag).
struct Reassembly {
    /// What the complete payload is for.
    enum Kind {
        /// A REQUEST_RESPONSE from the peer.
        case requestResponse
        /// A REQUEST_FNF from the peer.
        case fireAndForget
        /// The reply to one of our requests.
        case reply
    }

    let kind: Kind
    private(set) var payload: Payload

    init(kind: Kind, first: Payload) {
        self.kind = kind
        self.payload = first
    }

    /// The metadata and data bytes collected so far.
    var byteCount: Int { payload.byteCount }

    /// Appends one more fragment: its metadata to the metadata, its data to the data.
    mutating func append(_ fragment: Payload) {
        if let more = fragment.metadata {
            var metadata = payload.metadata ?? ByteBuffer()
            metadata.writeImmutableBuffer(more)
            payload.metadata = metadata
        }
        payload.data.writeImmutableBuffer(fragment.data)
    }
}
