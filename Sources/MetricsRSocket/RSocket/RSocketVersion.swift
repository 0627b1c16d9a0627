/// The protocol version of a SETUP frame.
public struct RSocketVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version (1 for RSocket 1.0).
    public var major: UInt16
    /// The minor version.
    public var minor: UInt16

    /// Creates a version.
    public init(major: UInt16, minor: UInt16) {
        self.major = major
        self.minor = minor
    }

    /// `major.minor`.
    public var description: String { "\(major).\(minor)" }
}
