"""HTTPS for ``--tls``: a throw-away CA (trustme) and a server certificate for loopback.

The CA certificate is written to a PEM file so clients can verify the simulator
exactly as they verify a real engine (verification stays on). The private keys never
touch the disk: they are loaded into the SSL context from memory.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from dataclasses import dataclass

import trustme


@dataclass
class TlsMaterial:
    context: ssl.SSLContext
    ca_file: str
    ca_pem: bytes


def make_tls(host: str, ca_dir: str | None = None) -> TlsMaterial:
    """A server SSL context whose certificate covers ``host``, localhost and loopback IPs."""
    ca = trustme.CA(organization_name="oVirt Console Simulator")
    names = {"localhost", "127.0.0.1", "::1"}
    if host and host not in ("0.0.0.0", "::"):
        names.add(host)
    cert = ca.issue_cert(*sorted(names))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    cert.configure_cert(context)
    ca_pem = ca.cert_pem.bytes()
    directory = ca_dir or tempfile.mkdtemp(prefix="ovirt-simulator-")
    path = os.path.join(directory, "ca.pem")
    with open(path, "wb") as handle:
        handle.write(ca_pem)
    return TlsMaterial(context, path, ca_pem)
