import Foundation
import Logging
import MetricsRSocket
import ServiceLifecycle

// Scrape reply time for 1,000 series (see benchmarks/README.md):
//   render   the registry's text (what every scrape and the final push start with);
//   reply    render + raw Snappy + AES-128-ECB + RSA-OAEP: what the client builds per scrape;
//   scrape   one full scrape through our proxy over loopback: request with the key, the
//            client's reply, decryption and merging on the proxy (connectedMetrics()).
// Prints one Markdown table row per measurement: median, p90, p99 and max in milliseconds.
//
//   metrics-benchmark [series] [iterations]

let arguments = CommandLine.arguments.dropFirst()
let seriesCount = arguments.first.flatMap { Int($0) } ?? 1000
let iterations = arguments.dropFirst().first.flatMap { Int($0) } ?? 200

let registry = PrometheusRegistry(commonTags: [("application", "bench-1"), ("instance", "host:1")])
for index in 0..<seriesCount {
    let timer = registry.makeTimer(
        label: "spring.batch.step", dimensions: [("spring.batch.step.name", "step\(index)"), ("spring.batch.step.job.name", "job")])
    timer.recordNanoseconds(Int64(index) * 1_000_000)
}

func measure(_ name: String, _ body: () async throws -> Int) async rethrows {
    var times: [Double] = []
    var size = 0
    for _ in 0..<iterations {
        let started = ContinuousClock.now
        size = try await body()
        let elapsed = started.duration(to: .now)
        times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    times.sort()
    func at(_ fraction: Double) -> String { String(format: "%.2f", times[min(times.count - 1, Int(Double(times.count) * fraction))]) }
    print("| \(name) | \(seriesCount) | \(size) | \(at(0.5)) | \(at(0.9)) | \(at(0.99)) | \(String(format: "%.2f", times.last!)) |")
}

let privateKey = try RSAPrivateKey.generate(bits: 2048)
let publicKey = privateKey.publicKey
print("| measurement | series | bytes | median ms | p90 ms | p99 ms | max ms |")
print("|---|---:|---:|---:|---:|---:|---:|")
await measure("render text") { registry.render().count }
try await measure("build scrape reply (render, Snappy, AES, RSA-OAEP)") {
    let sealed = try ProxyCipher.seal(registry.render(), for: publicKey)
    return sealed.data.count + sealed.metadata.count
}

var logger = Logger(label: "metrics-benchmark")
logger.logLevel = .error
let proxy = try await PrometheusRSocketProxy.start(ProxyConfiguration(host: "127.0.0.1", rsocketPort: 0, webSocketPort: nil, httpPort: 0), logger: logger)
let client = PrometheusRSocketClient(
    registry: registry,
    settings: PrometheusRSocketSettings(enabled: true, host: "127.0.0.1", port: proxy.rsocketPort, firstBackoff: .milliseconds(10)),
    logger: logger)
// The client is a service; the measurement runs beside it, and its end makes the client push and close.
let scrapes = ClosureService {
    while proxy.connectedClients == 0 { try await Task.sleep(for: .milliseconds(5)) }
    _ = await proxy.connectedMetrics()
    await measure("full scrape through rsocket-proxy over loopback") { await proxy.connectedMetrics().utf8.count }
}
try await ServiceGroup(
    configuration: ServiceGroupConfiguration(
        services: [.init(service: client), .init(service: scrapes, successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger)
).run()
await proxy.close()
