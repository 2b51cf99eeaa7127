"""`harness serve`: the read-only web dashboard of a batch (harness.serve)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


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
) -> None:
    """Serve a web dashboard of a batch (campaign, SDKs, apps, reports): read-only."""
    from harness.serve.server import serve as run

    run(rundir, store, artifacts, host, port, token)
