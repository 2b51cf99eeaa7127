"""Writing manifest.json (last, atomically) and checking a run folder against it.

The manifest lists every file of the run folder with its size and SHA-256, and what the run was
made from (the app, the agent bundle, the hook catalogue, the SDK lists), the tool's version, the
device's identity, the settings, the case and the times. `verify_run` re-hashes the folder and
names every file changed, missing or added; with a public key it also checks manifest.sig, a
signature over the manifest's exact bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from harness.atomic import write_atomic
from harness.errors import ConfigError
from harness.evidence.digest import file_sha256, list_files, tree_sha256
from harness.evidence.model import InputDigest, Manifest
from harness.evidence.signing import load_private_key, load_public_key, sign, verify_signature

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
_OWN = frozenset({MANIFEST, SIGNATURE})
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def describe_input(name: str, source: str | Path) -> InputDigest:
    """The digest of a file or a folder; a name that is neither (an installed app's package)
    is recorded as `installed`, without a digest."""
    path = Path(source)
    if path.is_file():
        return InputDigest(
            name=name, source=str(source), sha256=file_sha256(path), size=path.stat().st_size
        )
    if path.is_dir():
        return InputDigest(name=name, source=str(source), kind="folder", sha256=tree_sha256(path))
    return InputDigest(name=name, source=str(source), kind="installed")


def describe_text(name: str, source: str, text: str) -> InputDigest:
    """The digest of something held in memory (the compiled agent as it was loaded)."""
    data = text.encode("utf-8")
    return InputDigest(
        name=name,
        source=source,
        kind="text",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def build_manifest(out: Path, manifest: Manifest) -> Manifest:
    """`manifest` with `files` set to the run folder's current files."""
    return manifest.model_copy(update={"files": list_files(out, _OWN)})


def write_manifest(out: Path, manifest: Manifest, sign_key: Path | None = None) -> bytes:
    """Write manifest.json (and manifest.sig with a key); returns the manifest's bytes.

    The key is read before anything is written, so a bad key leaves no unsigned manifest."""
    key = load_private_key(sign_key) if sign_key is not None else None
    data = (manifest.model_dump_json(indent=2) + "\n").encode("utf-8")
    write_atomic(out / MANIFEST, data)
    if key is not None:
        write_atomic(out / SIGNATURE, sign(data, key))
    else:
        (out / SIGNATURE).unlink(missing_ok=True)  # a stale signature would sign nothing
    return data


def read_manifest(out: Path) -> tuple[Manifest, bytes]:
    path = out / MANIFEST
    if not out.is_dir():
        raise ConfigError(f"{out}: not a run folder")
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_MANIFEST_BYTES} bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: missing (the run folder has no manifest)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return Manifest.model_validate_json(data), data
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


def verify_run(out: Path, public_key: Path | None = None) -> tuple[Manifest, list[str]]:
    """The manifest and one line per problem found (empty: the folder is as it was written)."""
    key = load_public_key(public_key) if public_key is not None else None
    manifest, data = read_manifest(out)
    recorded = {f.path: f for f in manifest.files}
    present = {f.path: f for f in list_files(out, _OWN)}
    problems = []
    for path in sorted(recorded.keys() | present.keys()):
        was, now = recorded.get(path), present.get(path)
        if now is None:
            problems.append(f"{path}: missing")
        elif was is None:
            problems.append(f"{path}: added")
        elif (was.size, was.sha256) != (now.size, now.sha256):
            problems.append(f"{path}: changed")
    if key is not None:
        sig = out / SIGNATURE
        if not sig.is_file():
            problems.append(f"{SIGNATURE}: missing (the manifest is not signed)")
        elif not verify_signature(data, sig.read_bytes(), key):
            problems.append(f"{SIGNATURE}: does not match {MANIFEST} and this public key")
    return manifest, problems
