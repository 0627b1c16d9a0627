import Logging
import NIOCore

extension ConnectionHandler {
    /// Server: the first frame must be a SETUP we can serve; then the acceptor decides.
    func receiveSetup(_ frame: Frame) {
        guard case .setup(let setup) = frame else {
            rejectSetup(.invalidSetup, "the first frame must be SETUP, not \(frame.typeName)")
            return
        }
        guard setup.resumeToken == nil else {
            rejectSetup(.unsupportedSetup, "resumption is not supported")
            return
        }
        guard !setup.lease else {
            rejectSetup(.unsupportedSetup, "leasing is not supported")
            return
        }
        guard setup.majorVersion == 1 else {
            rejectSetup(
                .unsupportedSetup, "RSocket version \(setup.majorVersion).\(setup.minorVersion) is not supported; use 1.0")
            return
        }
        guard (1...0x7FFF_FFFF).contains(setup.keepaliveInterval), (1...0x7FFF_FFFF).contains(setup.maxLifetime) else {
            rejectSetup(
                .invalidSetup,
                "keepalive interval \(setup.keepaliveInterval) ms and max lifetime \(setup.maxLifetime) ms must be positive")
            return
        }
        guard case .server(let acceptor) = role, let connection else { return }
        state = .accepting
        releaseSetupGuard()
        startKeepalive(
            interval: .milliseconds(Int64(setup.keepaliveInterval)), lifetime: .milliseconds(Int64(setup.maxLifetime)))
        let hasPayload = setup.payload.metadata != nil || setup.payload.data.readableBytes > 0
        let info = RSocketServer.SetupInfo(
            keepaliveInterval: .milliseconds(setup.keepaliveInterval), maxLifetime: .milliseconds(setup.maxLifetime),
            metadataMimeType: setup.metadataMimeType, dataMimeType: setup.dataMimeType,
            payload: hasPayload ? setup.payload : nil,
            version: RSocketVersion(major: setup.majorVersion, minor: setup.minorVersion))
        logger.debug(
            "accepted RSocket SETUP",
            metadata: ["rsocket.keepalive_ms": "\(setup.keepaliveInterval)", "rsocket.lifetime_ms": "\(setup.maxLifetime)",
                       "rsocket.data_mime_type": "\(setup.dataMimeType)"])
        // A channel handler runs on its event loop, outside any task: the acceptor's async work
        // starts here as a task of its own (as the responders' below, which closing cancels).
        Task {
            let responder = await acceptor(info, connection)
            connection.onLoop { $0.acceptorReturned(responder) }
        }
    }

    /// Server: the SETUP is accepted, so what the connection sends is no longer counted against
    /// the limits for connections awaiting SETUP (``SetupGuard``).
    private func releaseSetupGuard() {
        guard let context, let guardContext = try? context.pipeline.syncOperations.context(name: SetupGuard.name) else { return }
        context.pipeline.syncOperations.removeHandler(context: guardContext, promise: nil)
    }

    /// Server: the acceptor's answer; serves the requests that waited for it.
    func acceptorReturned(_ responder: (any RSocketResponder)?) {
        guard state == .accepting else { return }
        guard let responder else {
            rejectSetup(.rejectedSetup, "the server refused the connection")
            return
        }
        self.responder = responder
        state = .established
        let waiting = deferred
        deferred.removeAll()
        for request in waiting { serve(request.streamID, request.kind, request.payload) }
    }

    /// Any frame after SETUP.
    func receive(_ frame: Frame) {
        switch frame {
        case .setup:
            violation("the RSocket peer at \(peer) sent a second SETUP frame")
        case .keepalive(let respond, _, let data):
            lastKeepaliveReceived = now
            if respond { send(.keepalive(respond: false, lastReceivedPosition: 0, data: data)) }
        case .error(0, let code, let message):
            let error = RSocketError(code, message)
            close(reason: MetricsRSocketError(
                code.isSetupError ? .rejected : .connectionClosed,
                "the RSocket peer at \(peer) closed the connection with ERROR \(error)", cause: error))
        case .error(let streamID, let code, let message):
            streamError(streamID, RSocketError(code, message))
        case .lease, .metadataPush, .requestN:
            logger.debug(
                "ignoring an RSocket frame this implementation does not use",
                metadata: ["rsocket.frame": "\(frame.typeName)", "rsocket.stream_id": "\(frame.streamID)"])
        case .resume, .resumeOK:
            violation("the RSocket peer at \(peer) sent \(frame.typeName), but resumption was not negotiated")
        case .requestResponse(let streamID, let follows, let payload):
            request(streamID, .requestResponse, follows: follows, payload)
        case .requestFireAndForget(let streamID, let follows, let payload):
            request(streamID, .fireAndForget, follows: follows, payload)
        case .requestStream(let streamID, _, _, _), .requestChannel(let streamID, _, _, _, _):
            guard checkNewStream(streamID) else { return }
            send(.error(streamID: streamID, code: .rejected, message: "\(frame.typeName) is not supported"))
        case .cancel(let streamID):
            peerCanceled(streamID)
        case .payload(let streamID, let follows, _, _, let payload):
            receivePayload(streamID, follows: follows, payload)
        case .ext(let streamID, let ignore, _, _), .unknown(let streamID, _, let ignore):
            if ignore {
                logger.debug(
                    "ignoring an RSocket frame with the ignore flag",
                    metadata: ["rsocket.frame": "\(frame.typeName)", "rsocket.stream_id": "\(streamID)"])
            } else {
                violation("the RSocket peer at \(peer) sent an unsupported \(frame.typeName) frame without the ignore flag")
            }
        }
    }

    /// Checks that the peer may open `streamID`: its parity and not in use.
    func checkNewStream(_ streamID: UInt32) -> Bool {
        // The client opens odd streams, the server even ones; our peer has the other role.
        let peerParity: UInt32 = isClient ? 0 : 1
        guard streamID % 2 == peerParity else {
            violation(
                "the RSocket \(isClient ? "server" : "client") at \(peer) opened stream \(streamID), "
                    + "but its stream ids must be \(isClient ? "even" : "odd")")
            return false
        }
        guard serving[streamID] == nil, reassembly[streamID] == nil,
            !deferred.contains(where: { $0.streamID == streamID })
        else {
            violation("the RSocket peer at \(peer) reused the live stream id \(streamID)")
            return false
        }
        return true
    }

    /// A REQUEST_RESPONSE or REQUEST_FNF from the peer (maybe the first of several fragments).
    func request(_ streamID: UInt32, _ kind: Reassembly.Kind, follows: Bool, _ payload: Payload) {
        guard checkNewStream(streamID), checkSize(payload.byteCount, streamID) else { return }
        if follows {
            reassembly[streamID] = Reassembly(kind: kind, first: payload)
        } else {
            serve(streamID, kind, payload)
        }
    }

    /// A PAYLOAD frame: a fragment of something being reassembled, or the reply to our request.
    func receivePayload(_ streamID: UInt32, follows: Bool, _ payload: Payload) {
        if var partial = reassembly[streamID] {
            partial.append(payload)
            guard checkSize(partial.byteCount, streamID) else { return }
            if follows {
                reassembly[streamID] = partial
                return
            }
            reassembly[streamID] = nil
            if partial.kind == .reply {
                reply(streamID, partial.payload)
            } else {
                serve(streamID, partial.kind, partial.payload)
            }
        } else if pending[streamID] != nil {
            if follows {
                guard checkSize(payload.byteCount, streamID) else { return }
                reassembly[streamID] = Reassembly(kind: .reply, first: payload)
            } else {
                reply(streamID, payload)
            }
        } else {
            logger.debug("ignoring a PAYLOAD for a stream that is not open", metadata: ["rsocket.stream_id": "\(streamID)"])
        }
    }

    /// Closes the connection when a (reassembled) payload is larger than allowed.
    func checkSize(_ byteCount: Int, _ streamID: UInt32) -> Bool {
        guard byteCount <= configuration.maxPayloadLength else {
            close(
                reason: MetricsRSocketError(
                    .frameTooLarge,
                    "the RSocket peer at \(peer) sent a payload of more than \(configuration.maxPayloadLength) bytes "
                        + "on stream \(streamID)"),
                sending: .connectionError)
            return false
        }
        return true
    }

    /// Completes one of our requests with its reply.
    func reply(_ streamID: UInt32, _ payload: Payload) {
        guard let request = pending.removeValue(forKey: streamID) else { return }
        streamOfRequest[request.requestID] = nil
        request.promise.succeed(payload)
    }

    /// An ERROR on a stream: fails our request, or ends the peer's request we are serving.
    func streamError(_ streamID: UInt32, _ error: RSocketError) {
        reassembly[streamID] = nil
        if let request = pending.removeValue(forKey: streamID) {
            streamOfRequest[request.requestID] = nil
            request.promise.fail(
                MetricsRSocketError(
                    .rejected, "the RSocket peer at \(peer) answered with ERROR \(error)", cause: error))
        } else if let task = serving.removeValue(forKey: streamID) {
            task.cancel()
        } else {
            logger.debug(
                "ignoring an ERROR for a stream that is not open",
                metadata: ["rsocket.stream_id": "\(streamID)", "rsocket.error": "\(error)"])
        }
    }

    /// A CANCEL from the peer: stops serving that request; no reply is sent.
    func peerCanceled(_ streamID: UInt32) {
        reassembly[streamID] = nil
        deferred.removeAll { $0.streamID == streamID }
        if let task = serving.removeValue(forKey: streamID) {
            logger.debug("the peer canceled a request", metadata: ["rsocket.stream_id": "\(streamID)"])
            task.cancel()
        }
    }

    /// Hands a complete request to the responder in a task of its own.
    func serve(_ streamID: UInt32, _ kind: Reassembly.Kind, _ payload: Payload) {
        guard let responder, let connection, state == .established else {
            deferred.append((streamID, kind, payload))
            return
        }
        switch kind {
        case .fireAndForget:
            Task { await responder.fireAndForget(payload, on: connection) }
        case .requestResponse:
            serving[streamID] = Task {
                let result: Result<Payload, any Error>
                do {
                    result = .success(try await responder.requestResponse(payload, on: connection))
                } catch {
                    result = .failure(error)
                }
                connection.onLoop { $0.served(streamID, result) }
            }
        case .reply:
            break
        }
    }

    /// The responder finished: sends its reply unless the peer canceled meanwhile.
    func served(_ streamID: UInt32, _ result: Result<Payload, any Error>) {
        guard state != .closed, serving.removeValue(forKey: streamID) != nil else { return }
        switch result {
        case .success(let payload):
            if !send(.payload(streamID: streamID, follows: false, complete: true, next: true, payload: payload)) {
                send(.error(streamID: streamID, code: .applicationError, message: "the reply is too large to send"))
            }
        case .failure(let error as RSocketError):
            send(.error(streamID: streamID, code: error.code, message: error.message))
        case .failure(let error):
            send(.error(streamID: streamID, code: .applicationError, message: String(describing: error)))
        }
    }
}
