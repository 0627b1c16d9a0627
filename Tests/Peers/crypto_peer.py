#!/usr/bin/env python3
"""Plays the Java side of the Prometheus RSocket proxy crypto for the Swift tests.

Uses the `cryptography` package (RSA-OAEP with SHA-256 and MGF1-SHA-1, AES-ECB with PKCS #7)
and `cramjam` (raw Snappy block format), the same primitives the Java proxy and client use.
Binary data goes through files; short values go through hex on stdout.

Commands:
  genkey BITS DIR                  write DIR/private.pem, DIR/private-pkcs1.der, DIR/public.der
  spki-normalize SPKI              print load(SPKI) re-encoded as SubjectPublicKeyInfo DER, hex
  oaep-decrypt PEM CT OUT          RSA-OAEP(SHA-256, MGF1-SHA-1) decrypt file CT into OUT
  oaep-decrypt-mgf256 PEM CT       try OAEP(SHA-256, MGF1-SHA-256); print "rejected" or "accepted"
  oaep-encrypt SPKI MSGHEX         RSA-OAEP(SHA-256, MGF1-SHA-1) encrypt; print ciphertext hex
  aes-encrypt KEYHEX IN OUT ...    AES-ECB + PKCS #7 encrypt each IN into OUT
  aes-decrypt KEYHEX IN OUT ...    AES-ECB + PKCS #7 decrypt each IN into OUT
  snappy-roundtrip DIR             for each DIR/NAME.raw: compress_raw into NAME.py-snappy, and
                                   decompress_raw NAME.swift-snappy (if present) into NAME.py-raw
  proxy-open PEM META DATA OUT     the Java proxy: OAEP-decrypt META, AES-ECB-decrypt DATA,
                                   decompress_raw, write the text to OUT
  client-seal SPKI TEXT META DATA  the Java client: fresh AES-128 key, compress_raw TEXT,
                                   AES-ECB encrypt into DATA, OAEP-encrypt the key into META
"""
import os
import sys

import cramjam
from cryptography.hazmat.primitives import hashes, padding as sympadding, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OAEP_MGF1_SHA1 = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None)
OAEP_MGF1_SHA256 = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def private_key(path):
    return serialization.load_pem_private_key(read(path), password=None)


def public_key(path):
    return serialization.load_der_public_key(read(path))


def aes(key_hex, pairs, encrypt):
    key = bytes.fromhex(key_hex)
    for source, target in zip(pairs[0::2], pairs[1::2]):
        write(target, aes_ecb(key, read(source), encrypt))


def aes_ecb(key, data, encrypt):
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    if encrypt:
        padder = sympadding.PKCS7(128).padder()
        padded = padder.update(data) + padder.finalize()
        context = cipher.encryptor()
        return context.update(padded) + context.finalize()
    context = cipher.decryptor()
    padded = context.update(data) + context.finalize()
    unpadder = sympadding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "genkey":
        bits, directory = int(args[0]), args[1]
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        write(os.path.join(directory, "private.pem"), key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        write(os.path.join(directory, "private-pkcs1.der"), key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
        write(os.path.join(directory, "public.der"), key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    elif command == "spki-normalize":
        print(public_key(args[0]).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
    elif command == "oaep-decrypt":
        write(args[2], private_key(args[0]).decrypt(read(args[1]), OAEP_MGF1_SHA1))
    elif command == "oaep-decrypt-mgf256":
        try:
            private_key(args[0]).decrypt(read(args[1]), OAEP_MGF1_SHA256)
            print("accepted")
        except ValueError:
            print("rejected")
    elif command == "oaep-encrypt":
        print(public_key(args[0]).encrypt(bytes.fromhex(args[1]), OAEP_MGF1_SHA1).hex())
    elif command in ("aes-encrypt", "aes-decrypt"):
        aes(args[0], args[1:], command == "aes-encrypt")
    elif command == "snappy-roundtrip":
        directory = args[0]
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".raw"):
                continue
            stem = os.path.join(directory, name[:-4])
            write(stem + ".py-snappy", bytes(cramjam.snappy.compress_raw(read(stem + ".raw"))))
            if os.path.exists(stem + ".swift-snappy"):
                write(stem + ".py-raw", bytes(cramjam.snappy.decompress_raw(read(stem + ".swift-snappy"))))
    elif command == "proxy-open":
        key = private_key(args[0]).decrypt(read(args[1]), OAEP_MGF1_SHA1)
        compressed = aes_ecb(key, read(args[2]), encrypt=False)
        write(args[3], bytes(cramjam.snappy.decompress_raw(compressed)))
        print(len(key))
    elif command == "client-seal":
        aes_key = os.urandom(16)
        compressed = bytes(cramjam.snappy.compress_raw(read(args[1])))
        write(args[3], aes_ecb(aes_key, compressed, encrypt=True))
        write(args[2], public_key(args[0]).encrypt(aes_key, OAEP_MGF1_SHA1))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv[1:])
