"""Reading the small YAML (and JSON) files users write, so that every error names file, line, field.

Each loader of a user-edited file (devices.yaml, harness.yaml, baselines, scenario files, SDK
files, keyword tables, the hook catalogue) goes through here: the file is read with a size bound,
parsed with the safe loader, validated by a pydantic model, and a validation error becomes one
`ConfigError` with a `file:line: field: message` line per problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from harness.errors import ConfigError

DEFAULT_LIMIT = 4 * 1024 * 1024  # hand-written configuration, never this large
MAX_PROBLEMS = 20  # a wholly wrong file would otherwise print a page per entry
KEY = "[key]"  # pydantic's location part for a bad dict key: the part before it is the key
# Far deeper than any file we read (a report nests about 6 levels); the parsers recurse per level,
# so a hostile file nested thousands deep would otherwise end in a RecursionError traceback.
MAX_DEPTH = 100

Model = TypeVar("Model", bound=BaseModel)
Loc = tuple[int | str, ...]
FieldName = Callable[[Loc], str]
Message = Callable[[ErrorDetails, Loc], str | None]


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, or a ConfigError naming the file when it is missing, unreadable or huge."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ConfigError(f"{path}: {what} is {size} bytes, over the {limit}-byte limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found, cannot read it") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: {what} is a directory, expected a file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None


class _Loader(yaml.SafeLoader):
    """The safe loader, with timestamps left as text: the model parses dates, so an impossible
    one (`2026-02-30`) is a validation error naming its field and line, not a ValueError the
    YAML constructor raises without either."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]  # a timestamp is a scalar


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def parse_mapping(raw: bytes, path: Path, what: str) -> tuple[dict[str, Any], yaml.Node | None]:
    """Parse YAML (JSON is YAML too) into a mapping plus its node tree for line look-ups.

    An empty file is an empty mapping: the model then names the fields it needs.
    """
    try:
        text = raw.decode("utf-8")
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is the safe loader
    except RecursionError:  # the composer recurses per level; the walk below does not
        raise too_deep(text, path, what) or ConfigError(
            f"{path}:1: {what} nests too deeply"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {what} is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{where}: {what} is not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: {what} must be a mapping at the top level")
    return data, root


def node_tree(raw: bytes) -> yaml.Node | None:
    """The YAML node tree of already-parsed text (a JSON file, say), or None when it has none."""
    try:
        return yaml.compose(raw.decode("utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None


def load_json(raw: bytes, path: Path, what: str) -> Any:
    """Parse a JSON file users hand us (baseline, report, stack file): any fault is one
    ConfigError naming the file and line, never a decoder traceback."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {what} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}:{exc.lineno}: {what} is not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise too_deep(text, path, what) or ConfigError(
            f"{path}:1: {what} nests too deeply"
        ) from None


def too_deep(text: str, path: Path, what: str) -> ConfigError | None:
    """The error for text nested deeper than MAX_DEPTH (file, line and the field it is under),
    or None. YAML's event parser keeps its own stack, so this walk is safe at any depth."""
    for depth, line, loc in _containers(text):
        if depth > MAX_DEPTH:
            field = dotted(loc[:4]) + (".…" if len(loc) > 4 else "")
            return ConfigError(
                f"{path}:{line}: {field}: {what} is nested over {MAX_DEPTH} levels deep"
            )
    return None


def _containers(text: str) -> Iterator[tuple[int, int, Loc]]:
    """(depth, line, location) of every mapping and list as the parser meets them; nothing more
    for text that is not YAML (the real parse reports that)."""
    stack: list[_Frame] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if stack:
                stack[-1].see(event)
            if isinstance(event, yaml.CollectionStartEvent):
                loc = tuple(frame.part for frame in stack)
                stack.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
                line = event.start_mark.line + 1 if event.start_mark else 1
                yield len(stack), line, loc
    except yaml.YAMLError:
        return


@dataclass
class _Frame:
    """One open mapping or list: where in it the parser is (the current key or item index)."""

    mapping: bool
    part: int | str = -1
    want_key: bool = True

    def see(self, event: yaml.NodeEvent) -> None:
        if not self.mapping:
            self.part = int(self.part) + 1
            return
        if self.want_key:
            self.part = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        self.want_key = not self.want_key


def load_model(
    path: Path,
    model: type[Model],
    what: str,
    *,
    limit: int = DEFAULT_LIMIT,
    field: FieldName | None = None,
    message: Message | None = None,
) -> tuple[Model, yaml.Node | None]:
    """Read, parse and validate one file; the node tree comes back for later line look-ups."""
    return parse_model(read_bounded(path, limit, what), path, model, what, field, message)


def parse_model(
    raw: bytes,
    path: Path,
    model: type[Model],
    what: str,
    field: FieldName | None = None,
    message: Message | None = None,
) -> tuple[Model, yaml.Node | None]:
    data, root = parse_mapping(raw, path, what)
    try:
        return model.model_validate(data), root
    except ValidationError as exc:
        raise validation_error(path, root, exc, field=field, message=message) from None


def validation_error(
    path: Path,
    root: yaml.Node | None,
    exc: ValidationError,
    *,
    field: FieldName | None = None,
    message: Message | None = None,
) -> ConfigError:
    """One `file:line: field: message` line per problem, as compilers print them.

    `field` names a location (default: `devices[0].serial`); `message` may word an error
    itself (return None to keep the default wording).
    """
    name = field or dotted
    lines = []
    errors = exc.errors()
    for err in errors[:MAX_PROBLEMS]:
        loc: Loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        text = message(err, loc) if message else None
        if text is None:
            text = _default_message(err, loc)
        lines.append(f"{path}:{line_of(root, loc)}: {name(loc)}: {text}")
    if len(errors) > MAX_PROBLEMS:
        lines.append(f"{path}: ... and {len(errors) - MAX_PROBLEMS} more problems")
    return ConfigError("\n".join(lines))


def line_of(root: yaml.Node | None, loc: Sequence[Any]) -> int:
    """1-based line of the deepest node that exists along a pydantic error location.

    A mapping key points at its key's line (where a missing/extra/bad field is written), a list
    item at the item.
    """
    if root is None:
        return 1
    node: yaml.Node = root
    line = node.start_mark.line + 1
    for part in loc:
        nxt: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and part != KEY:
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    line = key.start_mark.line + 1
                    nxt = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                nxt = node.value[part]
                line = nxt.start_mark.line + 1
        if nxt is None:
            break
        node = nxt
    return line


def dotted(loc: Sequence[Any]) -> str:
    """`devices[0].frida_server.listen` for ("devices", 0, "frida_server", "listen")."""
    out = ""
    for part in loc:
        if part == KEY:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _default_message(err: ErrorDetails, loc: Loc) -> str:
    if loc and err["type"] == "extra_forbidden":
        return f"unknown field {loc[-1]!r}"
    if loc and err["type"] == "missing":
        return f"required field {loc[-1]!r} is missing"
    return err["msg"]


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the member type's name for unions (e.g. 'function-after[...]'): not a field
    return (
        isinstance(part, str)
        and part != KEY
        and ("[" in part or part in {"str", "int", "float", "date"})
    )
