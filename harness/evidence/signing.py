"""Ed25519 signing of manifest.json with a lab's key (the `cryptography` package).

`generate_keys(OUT)` writes the private key to OUT (PKCS#8 PEM, mode 0600, never overwritten)
and the public key to OUT.pub (SubjectPublicKeyInfo PEM). The signature file holds the raw
64-byte signature over the manifest's exact bytes, base64-encoded on one line.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from harness.atomic import write_atomic
from harness.errors import ConfigError

MAX_KEY_BYTES = 16 * 1024


def generate_keys(out: Path) -> tuple[Path, Path]:
    """A new key pair: the private key at `out`, the public key at `out` + `.pub`."""
    public = out.with_name(out.name + ".pub")
    for path in (out, public):
        if path.exists():
            raise ConfigError(f"{path}: already exists (a key is never overwritten)")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    # created 0600 from the start: the private key is never readable by others, not even briefly
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_pem)
    write_atomic(public, public_pem)
    return out, public


def _read_key(path: Path, what: str) -> bytes:
    try:
        if path.stat().st_size > MAX_KEY_BYTES:
            raise ConfigError(f"{path}: too large for an Ed25519 {what} key")
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} key ({exc.strerror})") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read_key(path, "private"), password=None)
    except (ValueError, TypeError):
        raise ConfigError(f"{path}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read_key(path, "public"))
    except (ValueError, TypeError):
        raise ConfigError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path}: not an Ed25519 public key")
    return key


def sign(data: bytes, key: Ed25519PrivateKey) -> bytes:
    """The signature file's content for `data`."""
    return base64.b64encode(key.sign(data)) + b"\n"


def verify_signature(data: bytes, signature_file: bytes, key: Ed25519PublicKey) -> bool:
    try:
        raw = base64.b64decode(signature_file.strip(), validate=True)
        key.verify(raw, data)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
