#!/usr/bin/env python3
"""Plays the Java Prometheus RSocket proxy against swift-batch's client, built on an
independent RSocket implementation (rsocket-py) and the `cryptography` package.

For every connection it makes an RSA key pair, sends the public key (X.509 SPKI DER) as
REQUEST_FNF, and decrypts what comes back exactly as the Java proxy does: RSA-OAEP with
SHA-256 and MGF1-SHA-1 for the AES key, AES-128-ECB/PKCS#7, then raw Snappy.

Prints one line per event on stdout (the test waits for them):
  listening PORT | connected N | key-sent N BITS | scrape N PATH | scrape-failed N ERROR
  | push N PATH | push-rejected N | push-fnf N PATH | closed N
Reads commands on stdin: `scrape` asks every open connection for its metrics.
Options: --key-bits 2048|3072, --bad-key (sends bytes that are no key), --old (answers pushes
with an ERROR, as proxies before 1.5 do, and takes the FNF fallback), --dir (where texts go),
--websocket (serve RSocket over WebSocket on any path, as the Java proxy's port 8081; needs aiohttp).
"""
import argparse
import asyncio
import os
import sys

import cramjam
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from rsocket.helpers import create_future
from rsocket.payload import Payload
from rsocket.request_handler import BaseRequestHandler
from rsocket.rsocket_server import RSocketServer
from rsocket.transports.tcp import TransportTCP

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None)


def say(line):
    print(line, flush=True)


def decrypt(private_key, metadata, data):
    aes_key = private_key.decrypt(bytes(metadata), OAEP)
    if len(aes_key) != 16:
        raise ValueError(f"AES key is {len(aes_key)} bytes, expected 16")
    decryptor = Cipher(algorithms.AES(aes_key), modes.ECB()).decryptor()
    padded = decryptor.update(bytes(data)) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(128).unpadder()
    compressed = unpadder.update(padded) + unpadder.finalize()
    return bytes(cramjam.snappy.decompress_raw(compressed)).decode("utf-8")


class Connection:
    count = 0

    def __init__(self, options):
        Connection.count += 1
        self.number = Connection.count
        self.options = options
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=options.key_bits)
        self.der = self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if options.bad_key:
            self.der = b"\x30\x03\x02\x01\x00" + os.urandom(20)
        self.socket = None
        self.pushes = 0
        self.scrapes = 0

    def save(self, kind, text):
        path = os.path.join(self.options.dir, f"{kind}-{self.number}-{self.pushes + self.scrapes}.txt")
        with open(path, "w") as handle:
            handle.write(text)
        return path

    async def scrape(self):
        try:
            reply = await self.socket.request_response(Payload(self.der))
            self.scrapes += 1
            say(f"scrape {self.number} {self.save('scrape', decrypt(self.key, reply.metadata, reply.data))}")
        except Exception as error:  # report and go on, as the Java proxy drops the client
            say(f"scrape-failed {self.number} {type(error).__name__}: {error}".replace("\n", " "))


class Handler(BaseRequestHandler):
    def __init__(self, connection):
        self.connection = connection

    async def request_response(self, payload):
        connection = self.connection
        if connection.options.old:
            say(f"push-rejected {connection.number}")
            raise RuntimeError("no handler for request-response")
        connection.pushes += 1
        text = decrypt(connection.key, payload.metadata, payload.data)
        say(f"push {connection.number} {connection.save('push', text)}")
        return create_future(Payload(b""))

    async def request_fire_and_forget(self, payload):
        connection = self.connection
        if not payload.metadata:
            return
        connection.pushes += 1
        text = decrypt(connection.key, payload.metadata, payload.data)
        say(f"push-fnf {connection.number} {connection.save('push', text)}")

    async def on_close(self, socket, exception=None):
        say(f"closed {self.connection.number}")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key-bits", type=int, default=2048)
    parser.add_argument("--bad-key", action="store_true")
    parser.add_argument("--old", action="store_true")
    parser.add_argument("--dir", default=".")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--websocket", action="store_true")
    options = parser.parse_args()
    connections = []

    async def start(transport):
        connection = Connection(options)
        connections.append(connection)
        say(f"connected {connection.number}")
        ready = asyncio.get_running_loop().create_future()

        def on_ready(socket):
            if not ready.done():
                ready.set_result(socket)

        connection.socket = RSocketServer(transport, handler_factory=lambda: Handler(connection), on_ready=on_ready)
        await ready
        await connection.socket.fire_and_forget(Payload(connection.der))
        say(f"key-sent {connection.number} {options.key_bits}")

    async def session(reader, writer):
        await start(TransportTCP(reader, writer))

    if options.websocket:
        # The Java proxy's port 8081: RSocket over WebSocket on any path, one frame per message.
        from aiohttp import web
        from rsocket.transports.aiohttp_websocket import TransportAioHttpWebsocket

        async def websocket_session(request):
            socket = web.WebSocketResponse()
            await socket.prepare(request)
            transport = TransportAioHttpWebsocket(socket)
            starting = asyncio.create_task(start(transport))
            await transport.handle_incoming_ws_messages()
            starting.cancel()
            return socket

        application = web.Application()
        application.router.add_get("/{path:.*}", websocket_session)
        runner = web.AppRunner(application)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", options.port)
        await site.start()
        say(f"listening {site._server.sockets[0].getsockname()[1]}")
    else:
        server = await asyncio.start_server(session, "127.0.0.1", options.port)
        say(f"listening {server.sockets[0].getsockname()[1]}")
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        if line.strip() == "scrape":
            await asyncio.gather(*(c.scrape() for c in connections if c.socket is not None))
            say("scrape-round-done")


asyncio.run(main())
