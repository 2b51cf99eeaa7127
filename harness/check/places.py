"""Where a result points in the app team's repository: their own code, else their manifest, else
the project file. Never an SDK's source file: the team does not have it, so a code host would show
a dead link. The SDK frame that made the read goes into the message and a related location.

URIs are relative to the folder `harness check` runs in (the repository root in CI) when the
project file lives below it, else to the project file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from harness.attribution.frames import Frame, parse_frame
from harness.check.frames import blame_frame, source_path
from harness.check.project import LoadedProject
from harness.model import Finding

# where AndroidManifest.xml sits in the usual layouts, tried in this order below the project
_MANIFEST_GUESSES = ("app/src/main/AndroidManifest.xml", "src/main/AndroidManifest.xml")
_MANIFEST = "AndroidManifest.xml"

PlaceKind = Literal["app_source", "manifest", "project_file"]


@dataclass(frozen=True)
class Places:
    """The team's files results may point at, as URIs relative to `checkout`."""

    source_root: str  # URI prefix of the app's sources by package path ("" = checkout root)
    manifest: str | None  # URI of the app's AndroidManifest.xml, when the project has one
    project_file: str  # URI of harness.yaml: the last resort, always there
    app_packages: tuple[str, ...] = ()  # empty: the run's package name
    checkout: Path | None = None  # set: a source URI is used only if the file exists there


@dataclass(frozen=True)
class Place:
    uri: str
    line: int
    kind: PlaceKind
    app_frame: Frame | None  # innermost frame in the app's own code, if any
    sdk_frame: Frame | None  # the frame the attribution rests on, when not the app's own


def in_packages(cls: str, packages: tuple[str, ...]) -> bool:
    return any(cls == p or cls.startswith(p + ".") for p in packages if p)


def locate(finding: Finding, places: Places, package: str) -> Place:
    """The team-owned place for a finding of the app `package` (see the module docstring)."""
    own = places.app_packages or (package,)
    blamed = blame_frame(finding)
    foreign = finding.actor.package if finding.actor.kind in ("sdk", "third_party") else ""
    app_frames = []
    for text in finding.stack:  # innermost first
        frame = parse_frame(text)
        # an SDK shipped inside the app's package namespace is still the SDK's code
        if frame.is_java and in_packages(frame.class_name, own):
            if not (foreign and in_packages(frame.class_name, (foreign,))):
                app_frames.append(frame)
    if finding.actor.kind == "app" and blamed is not None and blamed not in app_frames:
        app_frames.insert(0, blamed)  # the app's own frame, outside the listed packages
    app_frame = app_frames[0] if app_frames else None
    sdk_frame = blamed if blamed is not None and blamed not in app_frames else None
    for frame in app_frames:
        # the innermost one whose source the team has (lambdas, generated code: the next one)
        uri = source_path(frame, places.source_root)
        if uri is not None and _exists(places, uri):
            return Place(uri, frame.line or 1, "app_source", frame, sdk_frame)
    if places.manifest is not None:
        return Place(places.manifest, 1, "manifest", app_frame, sdk_frame)
    return Place(places.project_file, 1, "project_file", app_frame, sdk_frame)


def _exists(places: Places, uri: str) -> bool:
    # uri is built from identifier-shaped parts below a validated root: no way out of checkout
    return places.checkout is None or (places.checkout / uri).is_file()


def places_for(loaded: LoadedProject, cwd: Path | None = None) -> Places:
    """The project's places, with URIs relative to `cwd` (default: the working directory)."""
    root = loaded.root
    base = (cwd or Path.cwd()).resolve()
    if not root.is_relative_to(base):
        base = root
    prefix = root.relative_to(base).as_posix()

    def uri(path: str) -> str:
        return "/".join(p for p in (prefix, path) if p and p != ".")

    sarif = loaded.project.sarif
    manifest = sarif.manifest if sarif.manifest is not None else _find_manifest(loaded)
    return Places(
        source_root=uri(sarif.source_root),
        manifest=uri(manifest) if manifest is not None else None,
        project_file=uri(loaded.path.name),
        app_packages=tuple(sarif.app_packages),
        checkout=base,
    )


def _find_manifest(loaded: LoadedProject) -> str | None:
    """The app folder's manifest (simulated apps) or one at a usual place, relative to root."""
    root = loaded.root
    guesses = [*_MANIFEST_GUESSES, _MANIFEST]
    target = Path(loaded.project.app.target)
    if target.is_dir() and target.resolve().is_relative_to(root):
        guesses.insert(0, (target.resolve() / _MANIFEST).relative_to(root).as_posix())
    for guess in guesses:
        if (root / guess).is_file():
            return os.path.normpath(guess).replace(os.sep, "/")
    return None
