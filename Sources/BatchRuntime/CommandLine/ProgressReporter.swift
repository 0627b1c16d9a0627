import Foundation
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Shows a running job's progress: a live line on a terminal (items read and written, items
/// per second, elapsed time, ETA when the reader knows its input size), plain periodic lines
/// on standard error otherwise.
struct ProgressReporter: Service {
    let control: RunControl
    let configuration: BatchConfiguration
    let interactive: Bool

    init(control: RunControl, configuration: BatchConfiguration) {
        self.control = control
        self.configuration = configuration
        self.interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports until cancelled (it runs beside its job, which ends it).
    func run() async {
        let started = ContinuousClock.now
        let interval = interactive ? configuration.progressInterval : configuration.progressLogInterval
        var shown = false
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let line = Self.line(control.progress, elapsed: started.duration(to: .now))
            if interactive {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
                shown = true
            } else {
                FileHandle.standardError.write(Data("progress: \(line)\n".utf8))
            }
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func line(_ progress: RunControl.Progress, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(progress.readHere) / seconds : 0
        var text = "\(progress.stepName): read \(progress.read), written \(progress.written), \(Int(rate)) items/s, \(clock(seconds))"
        if let estimate = progress.estimate, estimate.fraction > 0 {
            text += String(format: ", %.1f%%", estimate.fraction * 100)
            if estimate.fraction < 1, rate > 0 {
                let remaining = seconds / estimate.fraction * (1 - estimate.fraction)
                text += ", ETA \(clock(remaining))"
            }
        }
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
