import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into a graceful stop of the running job: the first signal asks
/// the job to stop after its current chunk; a second one ends the process at once.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(control: RunControl, announce: @escaping @Sendable (String) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if control.stopSignal != 0 {
                    announce("\(name) again: exiting now; the execution stays STARTED until 'restart' recovers it")
                    exit(128 + number)
                }
                control.requestStop(signal: number, name: name)
                announce("\(name) received: stopping after the current chunk (send it again to exit at once)")
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }
}
