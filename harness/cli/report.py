"""`harness report pdf RUNDIR`: the run's report printed to PDF by headless Chromium."""

from __future__ import annotations

from pathlib import Path

import typer

report_app = typer.Typer(help="Views of a run folder's report.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


@report_app.command()
def pdf(
    rundir: Path = typer.Argument(..., help="A run folder (holding report.json)"),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="PDF to write (default RUNDIR/report.pdf)"
    ),
) -> None:
    """Print report.html to PDF (headless Chromium): verdict first, stacks open, page numbers."""
    from harness.run.pdf import pdf_of_run_folder
    from harness.untrusted import printable

    dest = pdf_of_run_folder(rundir, out)
    print(printable(str(dest)))
    if (rundir / "manifest.json").is_file() and dest.resolve().parent == rundir.resolve():
        # The manifest was written at the end of the run and lists what was there then.
        print(
            f"note: {dest.name} is not in manifest.json, so `harness verify` lists it as added; "
            "`harness run --pdf` makes it part of the package"
        )
