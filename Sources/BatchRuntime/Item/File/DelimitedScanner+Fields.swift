extension DelimitedScanner {
    /// The value of a field from its bytes; each ill-formed UTF-8 sequence becomes U+FFFD.
    /// - Parameters:
    ///   - bytes: The field's bytes, without the enclosing quotes.
    ///   - escaped: Whether they hold doubled quotes, to be written once.
    ///   - quote: The quote byte.
    @inline(__always)
    static func field(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool, quote: UInt8) -> String {
        guard escaped else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { output in
            var written = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                output[written] = byte
                written += 1
                index += byte == quote ? 2 : 1
            }
            return written
        }
    }
}
