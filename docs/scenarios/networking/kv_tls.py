"""TLS for kv_server.py and kv_client.py: the ssl module's defaults, plus your own CA."""

from __future__ import annotations

import ssl


def server_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    """What the server presents: its certificate chain and private key."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile, keyfile)
    return context


def client_context(cafile: str | None = None) -> ssl.SSLContext:
    """Verify the server. ``cafile=None`` trusts the system's CAs, as for a public server;
    for a service inside your company, pass the file of your own CA instead."""
    # create_default_context turns on certificate and host name checks: never turn them off.
    context = ssl.create_default_context(cafile=cafile)
    # Say the floor out loud: the default one comes from how Python and OpenSSL were built.
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
