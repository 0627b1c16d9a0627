#!/usr/bin/env python3
"""Plays the Java Prometheus RSocket client (micrometer's PrometheusRSocketClient) against
swift-batch's rsocket-proxy, built on rsocket-py and `cryptography`.

It connects with the Java client's SETUP (keepalive 20 s, lifetime 90 s, both MIME types
application/binary), takes the key the proxy sends, answers scrapes with the text of --text
encrypted as the Java client does (raw Snappy, AES-128-ECB/PKCS#7, the AES key under RSA-OAEP
SHA-256/MGF1-SHA-1), and pushes on command.

Prints: listening 0 (ready to start) | key BITS | scraped N | push-acked | push-error MESSAGE
| push-fnf-sent | closed.  Commands on stdin: push, push-bad (garbage), push-fnf, quit.
Options: --port, --text FILE, --slow (never answers a scrape), --websocket (RSocket over
WebSocket to ws://127.0.0.1:PORT/, the Java client's transport WEBSOCKET; needs aiohttp).
"""
import argparse
import asyncio
import os
import sys
from datetime import timedelta

import cramjam
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from rsocket.helpers import single_transport_provider
from rsocket.helpers import create_future
from rsocket.payload import Payload
from rsocket.request_handler import BaseRequestHandler
from rsocket.rsocket_client import RSocketClient
from rsocket.transports.tcp import TransportTCP

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None)


def say(line):
    print(line, flush=True)


def seal(der, text):
    public_key = serialization.load_der_public_key(der)
    aes_key = os.urandom(16)
    padder = symmetric_padding.PKCS7(128).padder()
    padded = padder.update(bytes(cramjam.snappy.compress_raw(text.encode("utf-8")))) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key), modes.ECB()).encryptor()
    data = encryptor.update(padded) + encryptor.finalize()
    return Payload(data, public_key.encrypt(aes_key, OAEP))


class State:
    key = None
    scrapes = 0


class Handler(BaseRequestHandler):
    def __init__(self, options):
        self.options = options

    async def request_fire_and_forget(self, payload):
        State.key = bytes(payload.data)
        bits = serialization.load_der_public_key(State.key).key_size
        say(f"key {bits}")

    async def request_response(self, payload):
        if self.options.slow:
            await asyncio.sleep(3600)
        State.scrapes += 1
        with open(self.options.text) as handle:
            text = handle.read()
        reply = seal(bytes(payload.data), text)
        say(f"scraped {State.scrapes}")
        return create_future(reply)

    async def on_close(self, socket, exception=None):
        say("closed")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--slow", action="store_true")
    parser.add_argument("--websocket", action="store_true")
    options = parser.parse_args()
    if options.websocket:
        from rsocket.transports.aiohttp_websocket import TransportAioHttpClient
        transport = TransportAioHttpClient(url=f"ws://127.0.0.1:{options.port}/")
    else:
        reader, writer = await asyncio.open_connection("127.0.0.1", options.port)
        transport = TransportTCP(reader, writer)
    client = RSocketClient(
        single_transport_provider(transport),
        handler_factory=lambda *args: Handler(options),
        data_encoding=b"application/binary", metadata_encoding=b"application/binary",
        keep_alive_period=timedelta(seconds=20), max_lifetime_period=timedelta(seconds=90))
    await client.connect()
    say("listening 0")
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        command = line.strip()
        if not line or command == "quit":
            break
        with open(options.text) as handle:
            text = handle.read()
        if command == "push":
            try:
                reply = await client.request_response(seal(State.key, text))
                say(f"push-acked {len(reply.data)}")
            except Exception as error:
                say(f"push-error {error}".replace("\n", " "))
        elif command == "push-bad":
            # Bytes that are no RSA-OAEP ciphertext: the proxy must refuse them, not crash.
            try:
                await client.request_response(Payload(b"junk data", b"junk key"))
                say("push-acked-bad")
            except Exception as error:
                say(f"push-error {error}".replace("\n", " "))
        elif command == "push-fnf":
            await client.fire_and_forget(seal(State.key, text))
            say("push-fnf-sent")
    await client.close()
    say("closed")


asyncio.run(main())
