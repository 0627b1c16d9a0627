/// Where `rsocket-proxy` listens and how it treats its clients.
public struct ProxyConfiguration: Sendable {
    /// The address the servers bind (`0.0.0.0` for every interface, as the Java proxy; the proxy
    /// has no authentication, so it logs a warning then).
    public var host: String
    /// The RSocket TCP port clients connect to (7001, as the Java proxy).
    public var rsocketPort: Int
    /// The RSocket-over-WebSocket port (8081, as the Java proxy), or `nil` for none.
    public var webSocketPort: Int?
    /// The HTTP port Prometheus scrapes (8080, as the Java proxy).
    public var httpPort: Int
    /// How long one client may take to answer a scrape before it is left out of that scrape.
    public var scrapeTimeout: Duration
    /// How long the metrics a client pushed when it closed are served after it disconnected.
    public var retention: Duration
    /// The size of the RSA key made for every connection.
    public var keyBits: Int
    /// The largest decompressed text accepted from one client.
    public var maxTextLength: Int
    /// How long an HTTP connection may send nothing while no answer is pending before the proxy
    /// closes it (Prometheus reconnects at its next scrape).
    public var httpIdleTimeout: Duration

    /// The defaults: ports 7001 (RSocket), 8081 (RSocket over WebSocket) and 8080 (HTTP) on every interface, 5 s per-client scrape timeout,
    /// pushed metrics kept 5 minutes, 2048-bit keys, texts up to 64 MiB, idle HTTP connections closed after 30 s.
    public init(
        host: String = "0.0.0.0", rsocketPort: Int = 7001, webSocketPort: Int? = 8081, httpPort: Int = 8080, scrapeTimeout: Duration = .seconds(5),
        retention: Duration = .seconds(300), keyBits: Int = 2048, maxTextLength: Int = 64 << 20, httpIdleTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.rsocketPort = rsocketPort
        self.webSocketPort = webSocketPort
        self.httpPort = httpPort
        self.scrapeTimeout = scrapeTimeout
        self.retention = retention
        self.keyBits = keyBits
        self.maxTextLength = maxTextLength
        self.httpIdleTimeout = httpIdleTimeout
    }

    /// Whether ``host`` is a wildcard address, so the ports are reachable on every interface.
    var bindsEveryInterface: Bool {
        ["", "0.0.0.0", "::", "[::]", "*", "0:0:0:0:0:0:0:0"].contains(host)
    }
}
