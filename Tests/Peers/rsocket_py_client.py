"""An rsocket-py client for interop tests with our RSocketServer.

Usage: rsocket_py_client.py PORT. Connects with a SETUP payload, sends request_response
(expects "echo:" + data and the same metadata), a request that must fail with the server's
error text, and a fire_and_forget; answers the server's request_response with
"client-echo:" + data and waits for the server's final fire-and-forget "bye". Exits 0 when all
checks pass, non-zero with a message otherwise.
"""
import asyncio
import sys
from datetime import timedelta

from rsocket.helpers import create_future, single_transport_provider
from rsocket.payload import Payload
from rsocket.request_handler import BaseRequestHandler
from rsocket.rsocket_client import RSocketClient
from rsocket.transports.tcp import TransportTCP

failures = []
bye = None


def fail(message):
    print(f"FAIL {message}", flush=True)
    failures.append(message)


def expect(condition, message):
    if not condition:
        fail(message)


class Handler(BaseRequestHandler):
    async def request_response(self, payload):
        return create_future(Payload(b"client-echo:" + (payload.data or b""), payload.metadata))

    async def request_fire_and_forget(self, payload):
        if payload.data == b"bye":
            bye.set()
        else:
            fail(f"unexpected fire-and-forget {payload!r}")


async def main(port):
    global bye
    bye = asyncio.Event()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    client = RSocketClient(single_transport_provider(TransportTCP(reader, writer)),
                           handler_factory=Handler,
                           metadata_encoding=b"application/binary",
                           data_encoding=b"application/octet-stream",
                           keep_alive_period=timedelta(milliseconds=100),
                           max_lifetime_period=timedelta(seconds=600),
                           setup_payload=Payload(b"setup-data", b"setup-meta"))
    async with client:
        reply = await asyncio.wait_for(client.request_response(Payload(b"hello", b"py-meta")), 600)
        expect(reply.data == b"echo:hello", f"reply data {reply.data!r}")
        expect(reply.metadata == b"py-meta", f"reply metadata {reply.metadata!r}")
        try:
            await asyncio.wait_for(client.request_response(Payload(b"fail")), 600)
            fail("a failing request did not raise")
        except RuntimeError as error:
            expect("server refuses" in str(error), f"error text {error}")
        await client.fire_and_forget(Payload(b"fnf-from-python", b"fnf-meta"))
        try:
            await asyncio.wait_for(bye.wait(), 600)
        except asyncio.TimeoutError:
            fail("the server's final fire-and-forget did not arrive")
    if failures:
        print("FAILED: " + "; ".join(failures), file=sys.stderr, flush=True)
        sys.exit(1)
    print("python-client-ok", flush=True)


asyncio.run(main(int(sys.argv[1])))
