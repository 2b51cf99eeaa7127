"""Read a small YAML file so that validation errors can name the line of the field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from harness.errors import ConfigError


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, or a ConfigError naming the file when it is missing, unreadable or huge."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ConfigError(f"{path}: {what} is {size} bytes, over the {limit}-byte limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: {what} is a directory, expected a file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None


def parse_yaml_mapping(
    raw: bytes, path: Path, what: str
) -> tuple[dict[str, Any], yaml.Node | None]:
    """Parse YAML (JSON is YAML too) into a mapping plus its node tree for line look-ups."""
    try:
        text = raw.decode("utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: {what} is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{where}: {what} is not valid YAML/JSON: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: {what} must be a mapping at the top level")
    return data, root


def line_of(root: yaml.Node | None, loc: Sequence[Any]) -> int:
    """1-based line of the deepest node that exists along a pydantic error location."""
    if root is None:
        return 1
    node: yaml.Node = root
    line = node.start_mark.line + 1
    for part in loc:
        nxt: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    line = key.start_mark.line + 1
                    nxt = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
        line = node.start_mark.line + 1
    return line


def dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def validation_error(
    path: Path, root: yaml.Node | None, exc: ValidationError, what: str
) -> ConfigError:
    """One line per problem: `file:line: field: message`."""
    lines = [f"{path}: invalid {what}"]
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}"
        elif err["type"] == "missing":
            msg = f"required field {loc[-1]!r} is missing"
        else:
            msg = err["msg"]
        lines.append(f"  {path}:{line_of(root, loc)}: {dotted(loc)}: {msg}")
    return ConfigError("\n".join(lines))


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the member type's name for unions (e.g. 'function-after[...]'): not a field
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "date"})
