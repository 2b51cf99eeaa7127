"""Who made a call: the SDK, the app itself, another named package, or unknown code.

Walk the stack innermost first, looking through plumbing (framework, reflection, thread pools,
handlers, coroutines, native frames, the hook's own frames; see skip_frames.yaml). The first
remaining frame decides:
  * a class under an SDK prefix  -> `sdk` (longest prefix; the app's package wins only when it
    is more specific than the SDK prefix, e.g. a vendor's own app under a vendor catch-all);
  * a class under the app's package -> `app`;
  * another named package -> `third_party`, named by the frame's package;
  * an obfuscated class (a.b.c) -> keep walking outwards to the nearest named frame and say so in
    `note`; `unknown` when none is left;
  * a frame that cannot be understood (neither Java nor native, or clipped by the agent) ->
    `unknown`: looking through it would let an app hide its own code behind such a frame.
Verdicts are cached per stack: a flood of calls from one place costs one walk.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.attribution.frames import Frame, is_obfuscated, parse_frame, skip_rules
from harness.attribution.knowledge import SdkDb
from harness.model import Actor
from harness.untrusted import clip

_CACHE_LIMIT = 50_000
_FRAME_CHARS = 500  # frames are app-controlled text: keep verdicts bounded


def _clip(text: str) -> str:
    return clip(text, _FRAME_CHARS)


class Attributor:
    def __init__(self, sdk_db: SdkDb, app_package: str) -> None:
        self.sdk_db = sdk_db
        self.app_package = app_package
        self._skip = skip_rules()
        self._cache: dict[tuple[str, ...], Actor] = {}

    def attribute(self, frames: Sequence[str]) -> Actor:
        """The actor behind a call, from its stack (innermost frame first)."""
        return self.shared(frames).model_copy()

    def shared(self, frames: Sequence[str]) -> Actor:
        """Like `attribute`, but the cached verdict itself: fast, and not to be modified."""
        key = tuple(frames)
        actor = self._cache.get(key)
        if actor is None:
            actor = self._walk(key)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = actor
        return actor

    def _walk(self, frames: tuple[str, ...]) -> Actor:
        if not frames:
            return Actor(kind="unknown", name="unknown", package="", note="no stack was recorded")
        first_obfuscated: Frame | None = None
        saw_java = False
        for text in frames:
            frame = parse_frame(text)
            if frame.kind == "native":
                continue
            if frame.kind == "unknown":
                return Actor(
                    kind="unknown",
                    name="unknown",
                    package="",
                    frame=_clip(text),
                    note="a stack frame could not be understood; attribution stops there",
                )
            saw_java = True
            actor = self._named(frame)
            if actor is None:
                if self._skip.group_of(frame) is not None:
                    continue
                if is_obfuscated(frame):
                    first_obfuscated = first_obfuscated or frame
                    continue
                actor = Actor(
                    kind="third_party", name=frame.package, package=frame.package, frame=_clip(text)
                )
            if first_obfuscated is not None:
                actor.note = (
                    f"innermost code frame {_clip(first_obfuscated.text)!r} is obfuscated; "
                    "attributed to the nearest named frame further out"
                )
            return actor
        if first_obfuscated is not None:
            return Actor(
                kind="unknown",
                name="unknown",
                package="",
                frame=_clip(first_obfuscated.text),
                note="obfuscated frames only; no named frame to attribute to",
            )
        note = "framework and runtime frames only" if saw_java else "no Java frames (native only)"
        return Actor(kind="unknown", name="unknown", package="", note=note)

    def _named(self, frame: Frame) -> Actor | None:
        """An SDK or app verdict for this frame, or None when neither owns its class."""
        cls = frame.class_name
        match = self.sdk_db.match(cls)
        app = self.app_package
        in_app = bool(app) and (cls.startswith(app + ".") or cls == app)
        if match is not None and not (in_app and len(app) > len(match.prefix)):
            e = match.entry
            return Actor(
                kind="sdk",
                name=e.name,
                package=match.prefix,
                vendor=e.vendor,
                frame=_clip(frame.text),
            )
        if in_app:
            return Actor(kind="app", name=app, package=app, frame=_clip(frame.text))
        return None
