import NIOCore

extension PrometheusRSocketProxy {
    /// Scrapes every connected client at once, each within the scrape timeout, and merges
    /// their texts with the retained pushes of clients that have gone.
    public func connectedMetrics() async -> String {
        String(decoding: await connectedMetricsBytes(), as: UTF8.self)
    }

    /// ``connectedMetrics()`` as UTF-8, as the HTTP side serves it.
    func connectedMetricsBytes() async -> [UInt8] {
        let now = ContinuousClock.now
        let (clients, retained) = state.withLock { state in
            state.retained.removeAll { $0.expires <= now }
            return (Array(state.clients.values).sorted { $0.id < $1.id }, state.retained)
        }
        metrics.activeConnections.set(Int64(clients.count))
        let texts = await withTaskGroup(of: (Int, [UInt8]?).self) { group in
            for client in clients {
                group.addTask { (client.id, await self.scrape(client)) }
            }
            var texts: [Int: [UInt8]] = [:]
            for await (id, text) in group { texts[id] = text }
            return texts
        }
        var merger = MetricsTextMerger()
        for client in clients {
            if let text = texts[client.id] ?? nil { merger.add(text) }
        }
        for push in retained { merger.add(push.text) }
        return merger.bytes()
    }

    /// The proxy's own metrics.
    public func proxyMetrics() -> String { metrics.registry.renderText() }

    /// One client's text, or its last push when it cannot answer in time; nil when neither.
    private func scrape(_ client: ProxyClient) async -> [UInt8]? {
        let started = ContinuousClock.now
        let outcome: String
        var text: [UInt8]?
        do {
            let key = client.keyDER
            let reply = try await PrometheusRSocketClient.withDeadline(started + configuration.scrapeTimeout) {
                try await client.connection.requestResponse(Payload(data: key))
            }
            guard let metadata = reply.metadata else {
                throw MetricsRSocketError(.protocolViolation, "the scrape reply has no metadata (the encrypted AES key)")
            }
            let bytes = try ProxyCipher.open(
                metadata: Array(buffer: metadata), data: Array(buffer: reply.data), with: client.key,
                maxTextLength: configuration.maxTextLength)
            metrics.payloadBytes.record(Int64(reply.data.readableBytes))
            text = bytes
            outcome = "success"
        } catch let error as MetricsRSocketError where error.code == .timedOut {
            outcome = "timeout"
            logger.warning("client did not answer the scrape within \(configuration.scrapeTimeout); left out of this scrape",
                metadata: ["proxy.client": "\(client.id)"])
        } catch let error as MetricsRSocketError where error.code == .connectionClosed {
            outcome = "closed"
        } catch {
            outcome = "error"
            metrics.connectionErrors.increment(by: 1)
            logger.warning("scrape failed: \(error)", metadata: ["proxy.client": "\(client.id)"])
        }
        metrics.scrape(outcome).recordNanoseconds(started.duration(to: .now).nanoseconds)
        return text ?? client.pushed
    }
}
