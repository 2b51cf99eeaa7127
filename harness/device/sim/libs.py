"""The SDK jars a simulated app ships (its `libs/` folder), as a real app's APK carries them.

`libs/*.jar` are used as they are. `libs/system-jars.txt` names jars that the machine provides
(Debian's /usr/share/java: `okhttp.jar`, `okio.jar`), so an example app can use the real OkHttp
without a binary in the repository; one name per line, `#` starts a comment.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.errors import InstallError, InstallFault

SYSTEM_JARS = Path("/usr/share/java")
MANIFEST = "system-jars.txt"
MAX_JARS = 64
_JAR_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*\.jar$")


def resolve_libs(app: Path, system: Path = SYSTEM_JARS) -> list[Path]:
    """The app's jars, in class-path order: its own first (sorted), then the system ones."""
    folder = app / "libs"
    if not folder.is_dir():
        return []
    jars = sorted(p.resolve() for p in folder.glob("*.jar") if p.is_file())
    listing = folder / MANIFEST
    if listing.is_file():
        for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
            name = line.split("#", 1)[0].strip()
            if not name:
                continue
            where = f"{listing}:{number}"
            if not _JAR_NAME.match(name):
                raise InstallError(f"{where}: {name!r} is not a jar name", fault=InstallFault.app)
            jar = system / name
            if not jar.is_file():
                raise InstallError(
                    f"{where}: {name} is not in {system} (on Debian: apt-get install the "
                    "package that ships it, e.g. libokhttp-java)",
                    fault=InstallFault.device_mismatch,
                )
            jars.append(jar.resolve())
    for jar in jars:
        if "," in str(jar):
            raise InstallError(f"{jar}: a jar path with a comma", fault=InstallFault.app)
    if len(jars) > MAX_JARS:
        raise InstallError(f"{folder}: more than {MAX_JARS} jars", fault=InstallFault.app)
    return jars
