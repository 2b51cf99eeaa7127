"""Typer options derived from a settings model, so that the CLI cannot drift from it.

`@settings_options(Model)` adds one option per leaf field of `Model` to a command (nested models
such as `frequency` are flattened: `--max-reads`, `--per-seconds`). Each option takes its default,
its help text (`description`), its choices (`Literal`) and its bounds (`ge`/`le`) from the field.
The command receives one validated `settings: Model`; a value the model refuses is reported as
click reports any bad option: one line naming the option.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import typer
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])

PANEL = "Protocol"

# Flag spellings that differ from `--field-name` (kept as they were before options were derived).
FLAGS: dict[str, str] = {
    "clear_data": "--clear/--no-clear",
    "await_processes": "--await-process",  # one process per use of the option
}


@dataclass(frozen=True)
class Leaf:
    """One scalar field of a (possibly nested) settings model."""

    path: tuple[str, ...]  # ("frequency", "max_reads")
    field: FieldInfo

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def decl(self) -> str:
        if self.name in FLAGS:
            return FLAGS[self.name]
        flag = "--" + self.name.replace("_", "-")
        if self.field.annotation is bool:
            return f"{flag}/--no-{flag[2:]}"
        return flag

    @property
    def flag(self) -> str:
        """The option's name as the user types it (the `on` spelling of a switch)."""
        return self.decl.split("/")[0]


def leaves(model: type[BaseModel]) -> Iterator[Leaf]:
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for leaf in leaves(annotation):
                yield Leaf((name, *leaf.path), leaf.field)
        else:
            yield Leaf((name,), field)


def split_optional(annotation: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True); anything else -> (annotation, False)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def choices(leaf: Leaf) -> tuple[str, ...] | None:
    annotation, _ = split_optional(leaf.field.annotation)
    if get_origin(annotation) is Literal:
        return tuple(str(v) for v in get_args(annotation))
    return None


def bounds(leaf: Leaf) -> tuple[float | None, float | None]:
    """(min, max): the bounds click checks itself (inclusive ones); `gt`/`lt` are the model's."""
    low = high = None
    for item in leaf.field.metadata:  # pydantic keeps `ge=0` as an annotated_types.Ge(ge=0)
        if isinstance(getattr(item, "ge", None), (int, float)):
            low = item.ge
        if isinstance(getattr(item, "le", None), (int, float)):
            high = item.le
    return low, high


def _parameter(leaf: Leaf) -> inspect.Parameter:
    annotation, optional = split_optional(leaf.field.annotation)
    default: Any = leaf.field.get_default(call_default_factory=True)
    allowed = choices(leaf)
    if allowed is not None:
        # An Enum rather than the Literal itself: typer renders its values as the choices
        choice: Any = enum.Enum(f"{leaf.name}_choice", {v: v for v in allowed}, type=str)  # type: ignore[misc]
        annotation = choice
        default = choice(default) if default is not None else None
    low, high = bounds(leaf)
    option = typer.Option(
        leaf.decl, help=leaf.field.description, rich_help_panel=PANEL, min=low, max=high
    )
    cli_type = annotation | None if optional else annotation
    return inspect.Parameter(
        leaf.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[cli_type, option],
        default=default,
    )


def validate(model: type[M], values: dict[str, Any]) -> M:
    """`model(**values)`, or a bad-parameter error naming the option the model refused."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        names = [p for p in first["loc"] if isinstance(p, str)]
        flags = {leaf.name: leaf.flag for leaf in leaves(model)}
        flag = flags.get(names[-1], "--" + names[-1].replace("_", "-")) if names else "option"
        raise typer.BadParameter(
            f"{first['msg']} (got {first.get('input')!r})", param_hint=f"'{flag}'"
        ) from None


def settings_options(model: type[BaseModel], *, param: str = "settings") -> Callable[[F], F]:
    """Give a typer command one option per field of `model`, passed on as `param: model`."""
    fields = list(leaves(model))
    names = [leaf.name for leaf in fields]
    assert len(set(names)) == len(names), f"{model.__name__}: flattened option names collide"

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != param]
        clash = {p.name for p in own} & set(names)
        assert not clash, f"{func.__name__}: options {clash} are declared twice"
        added = [_parameter(leaf) for leaf in fields]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values: dict[str, Any] = {}
            for leaf in fields:
                value = kwargs.pop(leaf.name)
                if isinstance(value, enum.Enum):
                    value = value.value
                node = values
                for part in leaf.path[:-1]:
                    node = node.setdefault(part, {})
                node[leaf.name] = value
            kwargs[param] = validate(model, values)
            return func(*args, **kwargs)

        parameters = own + added
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper  # type: ignore[return-value]

    return decorate


# --- the device options every command that opens a device shares ---------------------------

INVENTORY_HELP = "Device inventory (devices.yaml)"

# `--devices FILE` everywhere; `--config`, its old name in `run`, `devices` and `doctor`, still
# works but is no longer shown.
DevicesFile = Annotated[
    Path | None,
    typer.Option("--devices", envvar="HARNESS_DEVICES", metavar="FILE", help=INVENTORY_HELP),
]
LegacyDevicesFile = Annotated[
    Path | None, typer.Option("--config", hidden=True, help="Old name of --devices")
]

# `-D` as in frida-tools; `-d` as before. $ANDROID_SERIAL is the default, as for adb.
DeviceName = Annotated[
    str,
    typer.Option(
        "--device",
        "-D",
        "-d",
        envvar="ANDROID_SERIAL",
        help="Device name or serial from the inventory, an adb serial, or 'sim'",
    ),
]


def inventory(devices: Path | None, legacy: Path | None) -> Path | None:
    """The inventory the user named: `--config` (old spelling) wins over $HARNESS_DEVICES."""
    return legacy if legacy is not None else devices
