"""`harness verify` and `harness keygen`: checking a run folder against its manifest."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from harness.errors import ExitCode


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)
    app.command("keygen")(keygen)


def verify(
    rundir: Path = typer.Argument(..., help="A run folder (holding manifest.json)"),
    public_key: Path | None = typer.Option(
        None, "--public-key", "--key", help="Check manifest.sig with this Ed25519 public key"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
) -> None:
    """Re-hash a run folder: exit 1 naming each file changed, missing or added since the run
    (and a signature that does not match, with --public-key)."""
    from harness.evidence import verify_run
    from harness.untrusted import printable

    manifest, problems = verify_run(rundir, public_key)
    if as_json:
        result = {"ok": not problems, "files": len(manifest.files), "problems": problems}
        print(json.dumps({**result, "signature_checked": public_key is not None}))
    else:
        for line in problems:
            print(printable(line))  # file names in the folder may be anyone's
        if not problems:
            signed = ", signature valid" if public_key is not None else ""
            print(f"verified: {len(manifest.files)} files as recorded{signed}")
    if problems:
        raise typer.Exit(ExitCode.FINDINGS)


def keygen(
    out: Path = typer.Argument(..., help="Private key file to write (the public key: OUT.pub)"),
) -> None:
    """Make an Ed25519 key pair for signing run folders (`harness run --sign-key OUT`)."""
    from harness.evidence import generate_keys

    private, public = generate_keys(out)
    print(f"private key: {private} (mode 0600; keep it in the lab)")
    print(f"public key:  {public} (give it to whoever verifies: harness verify --public-key)")
