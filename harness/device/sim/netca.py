"""The simulated device's per-sink certificate authority and the host certificates it signs.

A fresh CA per sink (never reused, its key only in memory and in the sink's folder, which the
device deletes with the sink): the sim's JVMs trust it (SimNet.java writes their trust store
from `ca.pem`), so an app's HTTPS reaches the sink as it would reach a real server. Host
certificates are made on first use for the name the app asked for (TLS SNI) and cached.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

MAX_HOST_CERTS = 512  # an app contacting more hosts gets the default certificate for the rest
DEFAULT_HOST = "sink.harness.invalid"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


class SinkCA:
    """Signs a certificate per host name; gives an `ssl.SSLContext` per name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        now = datetime.datetime.now(datetime.timezone.utc)
        self._not_before = now - datetime.timedelta(days=1)
        self._not_after = now + datetime.timedelta(days=7)
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._cert = (
            x509.CertificateBuilder()
            .subject_name(_name("harness simulated device CA"))
            .issuer_name(_name("harness simulated device CA"))
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self._not_before)
            .not_valid_after(self._not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self._key, hashes.SHA256())
        )
        # One key for every host certificate: generating a key per host costs more than signing.
        self._host_key = ec.generate_private_key(ec.SECP256R1())
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        self.ca_pem = folder / "ca.pem"
        self.ca_pem.write_bytes(self._cert.public_bytes(serialization.Encoding.PEM))
        self._key_pem = folder / "host-key.pem"
        self._key_pem.write_bytes(
            self._host_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def context(self, host: str | None) -> ssl.SSLContext:
        """The server context for `host` (the client's SNI; None: the default name)."""
        name = (host or DEFAULT_HOST).lower()
        with self._lock:
            found = self._contexts.get(name)
            if found is not None:
                return found
            if len(self._contexts) >= MAX_HOST_CERTS:
                name = DEFAULT_HOST
                found = self._contexts.get(name)
                if found is not None:
                    return found
            try:
                context = self._make(name)
            except ValueError:  # a name no certificate can carry: the app gets the default one
                name = DEFAULT_HOST
                context = self._contexts.get(name) or self._make(name)
            self._contexts[name] = context
            return context

    def _make(self, name: str) -> ssl.SSLContext:
        try:
            alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(name))
        except ValueError:
            alt = x509.DNSName(name)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name[:64]))
            .issuer_name(self._cert.subject)
            .public_key(self._host_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self._not_before)
            .not_valid_after(self._not_after)
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(self._key, hashes.SHA256())
        )
        pem = self.folder / f"host-{len(self._contexts)}.pem"
        pem.write_bytes(
            cert.public_bytes(serialization.Encoding.PEM)
            + self._cert.public_bytes(serialization.Encoding.PEM)
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pem, self._key_pem)
        return context
