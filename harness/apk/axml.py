"""Binary XML (the compiled AndroidManifest.xml) and APK signatures through androguard.

androguard rather than apkInspector: both decode binary XML, but androguard also parses the
v2/v3 APK Signature Scheme blocks (the signer certificates the profile reports) and is the
parser the Android-analysis community keeps current; apkInspector (which androguard itself uses
for tampered ZIP headers) stops at the ZIP and the XML. The ZIP is never handed to androguard
to read members from: `archive.SafeZip` reads them, bounded, and androguard gets bytes.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from harness.apk.archive import SafeZip
from harness.apk.manifest import Element
from harness.apk.model import ApkError

_V1_SIGNATURE = re.compile(r"^META-INF/[^/]+\.(RSA|DSA|EC)$", re.IGNORECASE)
MAX_SIGNATURE_FILE = 1 << 20


@lru_cache(maxsize=1)
def _quiet() -> None:
    """androguard logs every oddity of a hostile file at INFO/ERROR to stderr: not ours to show.
    (Imported here, not at module level: the wheel build imports harness.apk.build without it.)"""
    from loguru import logger

    logger.disable("androguard")


def manifest_tree(data: bytes, where: str) -> Element:
    """The decoded manifest; ApkError for anything that is not well-formed binary XML."""
    _quiet()
    from androguard.core.axml import AXMLPrinter

    try:
        printer = AXMLPrinter(data)
        root = printer.get_xml_obj() if printer.is_valid() else None
    except Exception:  # noqa: BLE001 - a hostile file may raise anything from the decoder
        root = None
    if root is None:
        raise ApkError(f"{where}: AndroidManifest.xml is not valid binary XML")
    return root  # type: ignore[no-any-return]


def signers(archive: SafeZip) -> tuple[list[str], list[str]]:
    """(SHA-256 of each signer certificate, the schemes found: "v1", "v2", "v3").

    The certificates of the newest scheme present win (v3, then v2, then v1), as Android uses
    them; an unparsable signature block is reported as no signature, never as an error."""
    found: dict[str, list[bytes]] = {}
    _quiet()
    try:
        from androguard.core.apk import APK

        apk = APK(archive.data, raw=True, skip_analysis=True)
        if apk.is_signed_v3():
            found["v3"] = list(apk.get_certificates_der_v3())
        if apk.is_signed_v2():
            found["v2"] = list(apk.get_certificates_der_v2())
    except Exception:  # noqa: BLE001 - a damaged signing block is "unsigned", not a crash
        pass
    v1: list[bytes] = []
    for name in archive.names():
        if _V1_SIGNATURE.match(name):
            v1 += _pkcs7_certificates(archive.read(name, MAX_SIGNATURE_FILE))
    if v1:
        found["v1"] = v1
    schemes = sorted(found)
    for scheme in ("v3", "v2", "v1"):
        if found.get(scheme):
            digests = [hashlib.sha256(der).hexdigest() for der in found[scheme]]
            return list(dict.fromkeys(digests)), schemes
    return [], schemes


def _pkcs7_certificates(data: bytes) -> list[bytes]:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    try:
        certs = pkcs7.load_der_pkcs7_certificates(data)
    except ValueError:
        return []
    return [c.public_bytes(Encoding.DER) for c in certs]
