import Logging
import NIOCore

extension ConnectionHandler {
    /// Client: sends SETUP and starts the keepalive timers. Succeeds once SETUP is flushed.
    func startClient(promise: EventLoopPromise<Void>) {
        guard case .client(let setup) = role, state == .established else {
            promise.fail(MetricsRSocketError(.connectionClosed, "the connection to \(peer) closed before SETUP"))
            return
        }
        send(.setup(setup), promise: promise)
        startKeepalive(
            interval: .milliseconds(Int64(setup.keepaliveInterval)), lifetime: .milliseconds(Int64(setup.maxLifetime)))
    }

    /// Sends KEEPALIVE (R=1) every `interval`; closes when the peer sends none for `lifetime`.
    func startKeepalive(interval: TimeAmount, lifetime: TimeAmount) {
        guard let context else { return }
        keepaliveInterval = interval
        maxLifetime = lifetime
        lastKeepaliveReceived = context.eventLoop.now
        lifetimeCheck?.cancel()
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        keepaliveTask = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            bound.value.sendKeepalive()
        }
        scheduleLifetimeCheck(at: lastKeepaliveReceived + lifetime)
    }

    private func sendKeepalive() {
        guard state != .closed else { return }
        send(.keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer()))
    }

    private func scheduleLifetimeCheck(at deadline: NIODeadline) {
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        lifetimeCheck = context.eventLoop.scheduleTask(deadline: deadline) { bound.value.checkLifetime() }
    }

    private func checkLifetime() {
        guard state != .closed else { return }
        let expiry = lastKeepaliveReceived + maxLifetime
        guard now >= expiry else {
            scheduleLifetimeCheck(at: expiry)
            return
        }
        close(
            reason: MetricsRSocketError(
                .timedOut,
                "the RSocket peer at \(peer) sent no KEEPALIVE for \(maxLifetime.nanoseconds / 1_000_000) ms "
                    + "(the max lifetime)"),
            sending: .connectionError)
    }

    /// The error for requests made on a connection that is not (or no longer) usable.
    private var notOpen: MetricsRSocketError {
        MetricsRSocketError(.connectionClosed, "the RSocket connection to \(peer) is closed")
    }

    /// The next stream id of our side, or `nil` when they ran out (after 2^30 requests).
    private func allocateStreamID() -> UInt32? {
        let id = nextStreamID
        guard id <= 0x7FFF_FFFF else { return nil }
        nextStreamID += 2
        return id
    }

    /// Sends REQUEST_RESPONSE on a new stream; `promise` gets the reply.
    func startRequestResponse(_ payload: Payload, requestID: UInt64, promise: EventLoopPromise<Payload>) {
        guard state == .established || state == .accepting else { return promise.fail(notOpen) }
        guard let streamID = allocateStreamID() else {
            return promise.fail(MetricsRSocketError(.protocolViolation, "all stream ids of this connection are used"))
        }
        let frame = Frame.requestResponse(streamID: streamID, follows: false, payload: payload)
        let buffer: ByteBuffer
        do {
            buffer = try FrameCodec.encode(frame)
        } catch {
            return promise.fail(error)
        }
        pending[streamID] = PendingRequest(requestID: requestID, promise: promise)
        streamOfRequest[requestID] = streamID
        context?.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// The caller's task was canceled: sends CANCEL and fails the request with `CancellationError`.
    func cancelRequest(requestID: UInt64) {
        guard let streamID = streamOfRequest.removeValue(forKey: requestID),
            let request = pending.removeValue(forKey: streamID)
        else { return }
        reassembly[streamID] = nil
        logger.debug("canceling a request", metadata: ["rsocket.stream_id": "\(streamID)"])
        send(.cancel(streamID: streamID))
        request.promise.fail(CancellationError())
    }

    /// Sends REQUEST_FNF on a new stream; `promise` succeeds once the frame is flushed.
    func startFireAndForget(_ payload: Payload, promise: EventLoopPromise<Void>) {
        guard state == .established || state == .accepting else { return promise.fail(notOpen) }
        guard let streamID = allocateStreamID() else {
            return promise.fail(MetricsRSocketError(.protocolViolation, "all stream ids of this connection are used"))
        }
        send(.requestFireAndForget(streamID: streamID, follows: false, payload: payload), promise: promise)
    }
}
