"""`harness apk inspect`: the static profile of an APK, split folder, bundle or simulated app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli.sdk import SdkFileOption

apk_app = typer.Typer(help="Static analysis of APK files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(apk_app, name="apk")


@apk_app.command("inspect")
def inspect(
    target: Annotated[
        Path, typer.Argument(help="APK, split-APK folder, .apks/.xapk bundle or sim-app folder")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON")] = False,
    sdk_file: SdkFileOption = None,
) -> None:
    """Package, versions, signer, permissions, components and processes, embedded SDKs."""
    from harness.apk.inspect import inspect_target
    from harness.attribution import load_sdk_db

    profile = inspect_target(target, load_sdk_db(sdk_file))
    if as_json:
        print(profile.model_dump_json(indent=2))
        return
    from harness.cli.apk_render import render_profile

    render_profile(profile)
