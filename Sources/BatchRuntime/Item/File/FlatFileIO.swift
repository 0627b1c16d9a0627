#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the flat-file readers and writers use: retry on
/// `EINTR`, loop on partial writes, and report failures as `errno` text.
enum FlatFileIO {
    /// A failed system call: the `errno` it left behind.
    struct Failure: Error, CustomStringConvertible {
        /// The `errno` value.
        var code: Int32
        /// `strerror(code)`, such as `No such file or directory`.
        var text: String { FlatFileIO.describe(code) }
        /// The same as ``text``, so messages that include it do not repeat it.
        var description: String { text }
    }

    /// `strerror(code)` as a Swift string.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// Opens `path` with `flags` (and `mode` when creating), retrying on `EINTR`.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(Failure) -> Int32 {
        while true {
            let fd = path.withCString { systemOpen($0, flags | O_CLOEXEC, mode) }
            if fd >= 0 { return fd }
            if errno != EINTR { throw Failure(code: errno) }
        }
    }

    /// Reads up to `count` bytes into `buffer`; 0 means end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(Failure) -> Int {
        while true {
            let result = systemRead(fd, buffer, count)
            if result >= 0 { return result }
            if errno != EINTR { throw Failure(code: errno) }
        }
    }

    /// Writes all `count` bytes at `bytes`, looping on partial writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int) throws(Failure) {
        var done = 0
        while done < count {
            let result = systemWrite(fd, bytes + done, count - done)
            if result > 0 {
                done += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                throw Failure(code: result < 0 ? errno : EIO)
            }
        }
    }

    /// Writes all of `bytes`, looping on partial writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        let failure = bytes.withUnsafeBytes { raw -> Failure? in
            guard let base = raw.baseAddress else { return nil }
            do throws(Failure) {
                try writeAll(fd, base, count: raw.count)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Moves the file position of `fd` to `offset`.
    static func seek(_ fd: Int32, to offset: Int64) throws(Failure) {
        if lseek(fd, off_t(offset), SEEK_SET) < 0 { throw Failure(code: errno) }
    }

    /// The size of the open file `fd` in bytes.
    static func size(_ fd: Int32) throws(Failure) -> Int64 {
        var info = stat()
        if fstat(fd, &info) != 0 { throw Failure(code: errno) }
        return Int64(info.st_size)
    }

    /// Cuts the open file `fd` to `length` bytes.
    static func truncate(_ fd: Int32, to length: Int64) throws(Failure) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { throw Failure(code: errno) }
        }
    }

    /// Flushes the file's data and metadata to the device.
    static func sync(_ fd: Int32) throws(Failure) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw Failure(code: errno) }
        }
    }

    /// Closes `fd`. `EINTR` is not retried: on Linux the descriptor is released anyway.
    static func close(_ fd: Int32) throws(Failure) {
        if systemClose(fd) != 0 && errno != EINTR { throw Failure(code: errno) }
    }
}

// The module-qualified names clash with the static methods above; these aliases reach the C functions.
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
