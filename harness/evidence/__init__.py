"""The run folder as an evidence package: manifest.json (what every file and input was), its
verification, and its optional Ed25519 signature (manifest.sig)."""

from harness.evidence.manifest import (
    MANIFEST,
    SIGNATURE,
    build_manifest,
    describe_input,
    describe_text,
    read_manifest,
    verify_run,
    write_manifest,
)
from harness.evidence.model import DeviceIdentity, FileEntry, InputDigest, Manifest
from harness.evidence.signing import generate_keys, sign, verify_signature

__all__ = [
    "MANIFEST",
    "SIGNATURE",
    "DeviceIdentity",
    "FileEntry",
    "InputDigest",
    "Manifest",
    "build_manifest",
    "describe_input",
    "describe_text",
    "generate_keys",
    "read_manifest",
    "sign",
    "verify_run",
    "verify_signature",
    "write_manifest",
]
