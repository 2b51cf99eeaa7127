"""The `harness` command line: parses, calls the library, renders, maps errors to exit codes.

Each command group lives in its own module with a `register(app)` function.
"""

from __future__ import annotations

import os
import sys

import typer

from harness.errors import HarnessError
from harness.untrusted import printable

app = typer.Typer(
    name="harness",
    help="Find which code inside an Android app reads personal data before consent.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_all() -> None:
    # Imported here so that `import harness.cli` stays cheap and each group stays independent.
    from harness.cli import batch, check, consent, devices, hooks, run, sdk, setup, sim

    for module in (run, sim, hooks, consent, sdk, devices, batch, check, setup):
        module.register(app)


_register_all()


def main() -> None:
    """Console entry point: typer handles usage errors; our errors become one line + exit status."""
    debug = os.environ.get("HARNESS_DEBUG") == "1"
    try:
        app()
    except HarnessError as exc:
        if debug:
            raise
        # messages may quote app output (a crash, a compiler error): no terminal controls
        sys.stderr.write(f"error: {printable(str(exc))}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
