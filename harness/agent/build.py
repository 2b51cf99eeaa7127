"""Build TypeScript Frida scripts (the agent, test probes) with frida's own compiler.

`npm ci` installs frida-java-bridge and the type packages from the committed lockfile (the `frida`
npm package is not needed: its install script downloads binaries, which is why frida-compile from
npm is not used). Results are cached by a hash of every input.

Kept free of imports from the rest of `harness` so that the wheel build hook can load it by path.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from harness.atomic import write_atomic


class BuildError(RuntimeError):
    pass


def ensure_node_modules(project: Path) -> None:
    """`npm ci` once per lockfile content; a stamp file records which lockfile was installed."""
    lock = project / "package-lock.json"
    modules = project / "node_modules"
    stamp = modules / ".harness-lock-sha256"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == want:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError(
            "npm is not installed: it is needed once to build the Frida agent "
            "(install Node.js 18+ with npm, or use a wheel that ships the built agent)"
        )
    proc = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise BuildError(f"npm ci failed in {project}:\n{proc.stderr.strip()[-2000:]}")
    stamp.write_text(want)


def _inputs_digest(project: Path, entry: Path, extra: list[Path]) -> str:
    h = hashlib.sha256()
    files = sorted(
        {
            *project.glob("src/**/*.ts"),
            project / "package-lock.json",
            project / "tsconfig.json",
            entry,
            *extra,
        }
    )
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(project) if f.is_relative_to(project) else f).encode())
            h.update(f.read_bytes())
    import frida  # the compiler version changes the output too

    h.update(frida.__version__.encode())
    return h.hexdigest()[:20]


def compile_script(
    entry: Path, project: Path, cache: Path, *, extra_inputs: list[Path] | None = None
) -> Path:
    """Compile `entry` (a .ts file) against `project`'s node_modules; return the cached bundle."""
    import frida

    ensure_node_modules(project)
    digest = _inputs_digest(project, entry, extra_inputs or [])
    out = cache / f"{entry.stem}-{digest}.js"
    if out.is_file():
        return out
    diagnostics: list[str] = []
    compiler = frida.Compiler()  # type: ignore[no-untyped-call]  # frida ships it untyped
    compiler.on("diagnostics", lambda diags: diagnostics.extend(str(d) for d in diags))
    try:
        bundle = compiler.build(str(entry.resolve()), project_root=str(project.resolve()))
    except frida.InvalidArgumentError as exc:  # type errors, unresolved imports
        raise BuildError(f"compiling {entry} failed: {exc}\n" + "\n".join(diagnostics)) from exc
    if diagnostics:
        raise BuildError(f"compiling {entry} reported:\n" + "\n".join(diagnostics))
    write_atomic(out, bundle)  # parallel builds never see half a file
    return out
