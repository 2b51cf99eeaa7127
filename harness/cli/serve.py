"""`harness serve`: the read-only web dashboard of a batch (harness.serve)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("serve-user")(serve_user)


def serve(
    rundir: Path | None = typer.Argument(
        None, help="A batch folder (holds harness.db or campaign.json)"
    ),
    store: str | None = typer.Option(
        None, "--store", help="The store's database URL (SQLite file or postgresql://...)"
    ),
    artifacts: Path | None = typer.Option(
        None, "--artifacts", help="The folder holding apps/ (default: RUNDIR's campaign)"
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on"),
    port: int = typer.Option(
        8321, "--port", min=0, max=65535, help="Port to listen on (0: any free port)"
    ),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="HARNESS_SERVE_TOKEN",
        help="Access token every request must carry (generated when --host is not loopback)",
    ),
    users: Path | None = typer.Option(
        None,
        "--users",
        help="A user list (harness serve-user): HTTP Basic logins instead of a generated token",
    ),
) -> None:
    """Serve a web dashboard of a batch (campaign, SDKs, apps, reports): read-only."""
    from harness.serve.server import serve as run

    run(rundir, store, artifacts, host, port, token, users_file=users)


def serve_user(
    file: Path = typer.Argument(..., help="The user list (created if missing; mode 0600)"),
    name: str = typer.Argument(..., help="The user's name"),
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="HARNESS_SERVE_PASSWORD",
        help="Asked for when not given (or HARNESS_SERVE_PASSWORD)",
    ),
) -> None:
    """Add a user to a `harness serve --users` list, or set a user's password (scrypt)."""
    from harness.serve.users import set_user

    set_user(file, name, password)
    typer.echo(f"{file}: user {name!r} set")
