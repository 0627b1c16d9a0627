/// What the composite readers and writers do with the streams among their delegates.
enum ItemStreams {
    /// Closes each of `streams`, even after one fails, and then throws the first failure.
    static func closeAll(_ streams: [any ItemStream]) async throws {
        var failure: (any Error)?
        for stream in streams {
            do {
                try await stream.close()
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
    }
}
