"""The `harness` command line: parses, calls the library, renders, maps errors to exit codes.

Each command group lives in its own module with a `register(app)` function. `run_cli()` owns the
conventions every command shares: errors as one line (`error: ...`) with the exit status of
`harness.errors.ExitCode`, tracebacks only with `--debug` (anywhere on the line, or
`HARNESS_DEBUG=1`), and with `--json` an error object on stdout as well.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Sequence

import typer

from harness import __version__
from harness.errors import ExitCode, HarnessError
from harness.untrusted import printable

app = typer.Typer(
    name="harness",
    help="Find which code inside an Android app reads personal data before consent.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"harness {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit"
    ),
    debug: bool = typer.Option(
        False,
        "--debug",
        envvar="HARNESS_DEBUG",
        help="Show tracebacks of errors (accepted anywhere on the command line)",
    ),
) -> None:
    """Find which code inside an Android app reads personal data before consent."""


def _register_all() -> None:
    # Imported here so that `import harness.cli` stays cheap and each group stays independent.
    from harness.cli import (
        apk,
        batch,
        check,
        consent,
        devices,
        evidence,
        hooks,
        report,
        run,
        sdk,
        selftest,
        serve,
        setup,
        sim,
        worker,
    )

    for module in (
        run, evidence, report, sim, hooks, consent, sdk, apk, devices, batch, worker, check,
        selftest, setup, serve,
    ):  # fmt: skip
        module.register(app)


_register_all()


def _options(args: Sequence[str]) -> list[str]:
    """The arguments before a `--` (after it everything is an operand)."""
    args = list(args)
    return args[: args.index("--")] if "--" in args else args


def _os_error(exc: OSError) -> str:
    if exc.strerror and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


class _Failure:
    """One failure, rendered as the `error:` line and, with --json, as an error object."""

    def __init__(self, kind: str, message: str, code: int, hint: str | None = None) -> None:
        self.kind, self.message, self.code, self.hint = kind, message, code, hint

    def report(self, as_json: bool) -> int:
        # messages may quote app output (a crash, a compiler error): no terminal controls
        sys.stderr.write(f"error: {printable(self.message)}\n")
        if self.hint:
            sys.stderr.write(f"  hint: {printable(self.hint)}\n")
        if as_json:
            error = {"kind": self.kind, "message": self.message, "exit_code": self.code}
            if self.hint:
                error["hint"] = self.hint
            sys.stdout.write(json.dumps({"error": error}, ensure_ascii=False) + "\n")
        return self.code


def run_cli(args: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status (see the module docstring)."""
    argv = list(sys.argv[1:] if args is None else args)
    given = _options(argv)
    debug = "--debug" in given or os.environ.get("HARNESS_DEBUG") == "1"
    as_json = "--json" in given
    if "--debug" in given:  # global wherever it is written: take it out before click parses
        argv = [a for a in given if a != "--debug"] + argv[len(given) :]
    try:
        code = app(args=argv, prog_name="harness", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.TyperException as exc:  # click's usage errors
        code = int(getattr(exc, "exit_code", ExitCode.USAGE))
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(exc.format_message(), err=True)
            return code
        # typer words a refused choice as a pydantic "Value error, ..."; say just what is wrong
        message = exc.format_message().replace("Value error, ", "").rstrip(".")
        if ctx is not None:
            message += f" (see `{ctx.command_path} -h`)"
        return _Failure("usage", message, code).report(as_json)
    except HarnessError as exc:
        if debug:
            traceback.print_exc()
        return _Failure(type(exc).__name__, exc.message, exc.exit_code, exc.hint).report(as_json)
    except SystemExit as exc:  # typer's completion scripts exit on their own
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except OSError as exc:
        if debug:
            traceback.print_exc()
        return _Failure("OSError", _os_error(exc), ExitCode.USAGE).report(as_json)
    except Exception as exc:  # noqa: BLE001 - the last resort: one line (exit 70), no traceback
        if debug:
            traceback.print_exc()
        message = f"{type(exc).__name__}: {exc} (an internal error"
        message += "; please report it)" if debug else "; --debug shows the traceback)"
        return _Failure("internal", message, ExitCode.INTERNAL).report(as_json)


def main() -> None:
    """Console entry point."""
    sys.exit(run_cli())
