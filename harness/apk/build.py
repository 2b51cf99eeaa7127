"""Building an APK from an apktool project folder (text AndroidManifest.xml + smali sources)
with Debian's real tools: `apktool b` (aapt for the binary manifest and resources, smali for
the dex), `zipalign`, then `apksigner` with a throw-away key made by the JDK's `keytool`.

Used by the test fixtures and for the self-test's probe APK, so no APK binary is committed.
Results are cached by the content hash of the project folder.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness.atomic import write_atomic
from harness.errors import ConfigError
from harness.paths import cache_dir

TOOLS = {  # tool -> the Debian package that provides it
    "apktool": "apktool",
    "zipalign": "zipalign",
    "apksigner": "apksigner",
    "keytool": "openjdk-17-jdk-headless",
}
TOOL_TIMEOUT_S = 600.0
KEY_PASSWORD = "harness-throwaway"  # the key is made for one build and deleted with it


def missing_tools() -> list[str]:
    return [f"{tool} (apt package {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)]


def project_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        rel = path.relative_to(project).as_posix()
        if rel.startswith(("build/", "dist/")):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _run(args: list[str], cwd: Path) -> None:
    try:
        done = subprocess.run(
            args, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{args[0]} took longer than {TOOL_TIMEOUT_S:g} s") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ConfigError(f"{args[0]} failed (exit {done.returncode}): {' | '.join(tail)}")


def build_apk(project: Path, *, cache: Path | None = None) -> Path:
    """The signed APK built from `project` (cached under `cache`, default the harness cache)."""
    if not (project / "apktool.yml").is_file():
        raise ConfigError(f"{project}: not an apktool project (no apktool.yml)")
    missing = missing_tools()
    if missing:
        raise ConfigError(
            f"building {project.name} needs {', '.join(missing)}",
            hint="apt-get install apktool zipalign apksigner openjdk-17-jdk-headless",
        )
    folder = (cache or cache_dir()) / "apks"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{project.name}-{project_digest(project)[:16]}.apk"
    if out.is_file():
        return out
    with tempfile.TemporaryDirectory(prefix="harness-apk-") as tmp:
        work = Path(tmp)
        src = work / "src"  # apktool writes build/ and dist/ into the project: use a copy
        shutil.copytree(project, src, ignore=shutil.ignore_patterns("build", "dist"))
        framework = work / "framework"
        framework.mkdir()
        _run(["apktool", "b", "-p", str(framework), str(src), "-o", "unaligned.apk"], work)
        _run(["zipalign", "-f", "-p", "4", "unaligned.apk", "aligned.apk"], work)
        _run(
            [
                "keytool", "-genkeypair", "-keystore", "key.p12", "-storetype", "PKCS12",
                "-alias", "throwaway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=harness test key", "-storepass", KEY_PASSWORD,
                "-keypass", KEY_PASSWORD,
            ],
            work,
        )  # fmt: skip
        _run(
            [
                "apksigner", "sign", "--ks", "key.p12", "--ks-pass", f"pass:{KEY_PASSWORD}",
                "--out", "signed.apk", "aligned.apk",
            ],
            work,
        )  # fmt: skip
        write_atomic(out, (work / "signed.apk").read_bytes())
    return out
