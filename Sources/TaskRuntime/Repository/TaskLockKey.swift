import Crypto
import Foundation

/// The `LOCK_KEY` Spring Integration's JDBC lock registry derives from a lock name: the name
/// itself when it is a UUID, else Java's `UUID.nameUUIDFromBytes` of its UTF-8 bytes (MD5,
/// version 3, IETF variant), in lower-case `8-4-4-4-12` form.
public enum TaskLockKey {
    /// The key of a task name.
    public static func key(forTaskName name: String) -> String {
        if let uuid = UUID(uuidString: name), name.count == 36 { return uuid.uuidString.lowercased() }
        var digest = Array(Insecure.MD5.hash(data: Data(name.utf8)))
        digest[6] = (digest[6] & 0x0f) | 0x30
        digest[8] = (digest[8] & 0x3f) | 0x80
        let hex = digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        var key = ""
        for (index, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { key.append("-") }
            key.append(character)
        }
        return key
    }
}
