"""An rsocket-py server for interop tests with our RSocket client.

When a client connects it sends the client a REQUEST_FNF and REQUEST_RESPONSEs and checks the
replies; it answers the client's request_response ("echo:" + data, same metadata; "fail" raises)
and records its fire-and-forget. Prints "listening PORT", then "python-requests-ok" once its own
requests were answered correctly. Exits 0 when the client has disconnected and every check
passed, non-zero with a message otherwise.
"""
import asyncio
import sys

from rsocket.helpers import create_future
from rsocket.payload import Payload
from rsocket.request_handler import BaseRequestHandler
from rsocket.rsocket_server import RSocketServer
from rsocket.transports.tcp import TransportTCP

failures = []
received_fnf = []


def fail(message):
    print(f"FAIL {message}", flush=True)
    failures.append(message)


def expect(condition, message):
    if not condition:
        fail(message)


class Handler(BaseRequestHandler):
    def __init__(self, socket_of, closed):
        self._socket_of = socket_of
        self._closed = closed

    async def on_setup(self, data_encoding, metadata_encoding, payload):
        expect(data_encoding == b"application/binary", f"data MIME type {data_encoding!r}")
        expect(metadata_encoding == b"application/binary", f"metadata MIME type {metadata_encoding!r}")
        asyncio.get_running_loop().create_task(self._drive())

    async def _drive(self):
        try:
            server = self._socket_of()
            await server.fire_and_forget(Payload(b"fnf-from-python", b"fnf-meta"))
            reply = await asyncio.wait_for(server.request_response(Payload(b"ping", b"rr-meta")), 600)
            expect(reply.data == b"pong:ping", f"reply data {reply.data!r}")
            expect(reply.metadata == b"rr-meta", f"reply metadata {reply.metadata!r}")
            empty = await asyncio.wait_for(server.request_response(Payload(b"")), 600)
            expect(empty.data == b"pong:" and not empty.metadata, f"empty reply {empty!r}")
            try:
                await asyncio.wait_for(server.request_response(Payload(b"fail")), 600)
                fail("a failing request did not raise")
            except RuntimeError as error:  # rsocket-py's form of APPLICATION_ERROR
                expect("responder failed" in str(error), f"error text {error}")
            print("python-requests-ok", flush=True)
        except Exception as error:  # noqa: BLE001 - report anything as a failure
            fail(f"requests to the client failed: {error!r}")

    async def request_response(self, payload):
        if payload.data == b"fail":
            raise Exception("python refuses")
        return create_future(Payload(b"echo:" + (payload.data or b""), payload.metadata))

    async def request_fire_and_forget(self, payload):
        received_fnf.append((payload.data, payload.metadata))

    async def on_close(self, rsocket, exception=None):
        self._closed.set()


async def main():
    closed = asyncio.Event()
    sockets = []

    def session(reader, writer):
        sockets.append(RSocketServer(TransportTCP(reader, writer),
                                     handler_factory=lambda: Handler(lambda: sockets[0], closed)))

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    try:
        await asyncio.wait_for(closed.wait(), 600)
    except asyncio.TimeoutError:
        fail("the client did not disconnect within 30 s")
    expect(received_fnf == [(b"fnf-from-swift", b"swift-meta")], f"fire-and-forget received: {received_fnf!r}")
    for socket in sockets:
        await socket.close()
    server.close()
    if failures:
        print("FAILED: " + "; ".join(failures), file=sys.stderr, flush=True)
        sys.exit(1)
    print("python-done", flush=True)


asyncio.run(main())
