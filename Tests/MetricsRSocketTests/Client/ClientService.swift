import Logging
import ServiceLifecycle

@testable import MetricsRSocket

/// Runs `client` as the service it is, beside `body`; when `body` ends the group shuts down
/// gracefully and the client makes its final push.
/// - Returns: How the final push went.
func runClient(
    _ client: PrometheusRSocketClient, _ body: @escaping @Sendable () async throws -> Void
) async throws -> PrometheusRSocketClient.PushResult? {
    let work = ClosureService(body)
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: [.init(service: client), .init(service: work, successTerminationBehavior: .gracefullyShutdownGroup)],
            logger: Logger(label: "test")))
    try await group.run()
    return client.finalPush
}
