"""Encrypt data at rest: Fernet for the easy case, AES-GCM with key ids for more control."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12  # 96 bits, the size AES-GCM is designed for


def fernet_from_environment(variable: str = "APP_FERNET_KEYS") -> MultiFernet:
    """Keys separated by commas, newest first: the first encrypts, every one decrypts."""
    value = os.environ.get(variable, "")
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise RuntimeError(f"{variable} is not set: put one or more Fernet keys in it")
    return MultiFernet([Fernet(key) for key in keys])


@dataclass(frozen=True)
class KeyRing:
    """AES-256-GCM keys by id; ``current`` encrypts, every key still decrypts."""

    keys: Mapping[str, bytes]
    current: str

    @classmethod
    def from_environment(cls, variable: str = "APP_AES_KEYS") -> KeyRing:
        """Read "id:base64key,id:base64key", newest first, from the environment."""
        entries = [entry.strip() for entry in os.environ.get(variable, "").split(",")]
        entries = [entry for entry in entries if entry]
        if not entries:
            raise RuntimeError(f"{variable} is not set: put one or more id:key pairs in it")
        keys: dict[str, bytes] = {}
        for entry in entries:
            key_id, separator, encoded = entry.partition(":")
            if not key_id or not separator:
                raise ValueError(f"{variable}: every entry must look like id:base64key")
            try:
                keys[key_id] = base64.b64decode(encoded, validate=True)
            except binascii.Error as error:
                raise ValueError(f"{variable}: key {key_id!r} is not base64") from error
            if len(keys[key_id]) != 32:
                raise ValueError(f"{variable}: key {key_id!r} must be 32 bytes (AES-256)")
        return cls(keys=keys, current=entries[0].partition(":")[0])

    def encrypt(self, plaintext: bytes, associated_data: bytes) -> bytes:
        key_id = self.current.encode()
        header = bytes([len(key_id)]) + key_id
        nonce = secrets.token_bytes(NONCE_BYTES)  # fresh and random for every message
        # The header is authenticated too, so nobody can point a message at another key.
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, plaintext, header + associated_data)
        return header + nonce + sealed

    def decrypt(self, blob: bytes, associated_data: bytes) -> bytes:
        """Raise cryptography.exceptions.InvalidTag if anything was changed."""
        header_length = 1 + blob[0] if blob else 0
        if len(blob) < header_length + NONCE_BYTES + 16:  # 16: the tag
            raise InvalidTag("too short to be one of our blobs")
        header = blob[:header_length]
        key = self.keys[header[1:].decode(errors="replace")]  # KeyError: a retired key
        nonce = blob[header_length : header_length + NONCE_BYTES]
        sealed = blob[header_length + NONCE_BYTES :]
        return AESGCM(key).decrypt(nonce, sealed, header + associated_data)
