"""Where a batch's parts live when they are not all in RUNDIR: RUNDIR/campaign.json.

A batch in its default form keeps everything in RUNDIR (harness.db, apps/) and writes no such
file. With `--store URL` (a PostgreSQL store shared by many hosts), `--artifacts DIR` (evidence
files on a folder every host mounts) or `--broker URL` (jobs queued on Redis for `harness worker`),
the file says where, so that `--resume RUNDIR` and `harness summary RUNDIR` find them. It never
holds a password (give it through ~/.pgpass or PGPASSWORD).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from harness.atomic import write_atomic
from harness.batch.store import STORE_NAME, Store
from harness.errors import ConfigError

CAMPAIGN_FILE = "campaign.json"


class Campaign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    store: str | None = None  # database URL; None: RUNDIR/harness.db
    artifacts: str | None = None  # absolute folder of the run folders; None: RUNDIR
    broker: str | None = None  # redis://...; None: the embedded single-host runner

    def store_spec(self, rundir: Path) -> str:
        return self.store or str(rundir / STORE_NAME)

    def artifact_root(self, rundir: Path) -> Path:
        return Path(self.artifacts) if self.artifacts else rundir


def read_campaign(rundir: Path) -> Campaign:
    path = rundir / CAMPAIGN_FILE
    if not path.is_file():
        return Campaign()
    try:
        return Campaign.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise ConfigError(f"{path}: not a campaign file: {str(exc).splitlines()[0]}") from None


def write_campaign(rundir: Path, campaign: Campaign) -> None:
    if campaign == Campaign():
        return  # everything in RUNDIR: no file, as a batch always was
    rundir.mkdir(parents=True, exist_ok=True)
    write_atomic(rundir / CAMPAIGN_FILE, campaign.model_dump_json(indent=2) + "\n")


def holds_batch(rundir: Path) -> bool:
    return (rundir / STORE_NAME).is_file() or (rundir / CAMPAIGN_FILE).is_file()


def open_store(rundir: Path) -> Store:
    """The store of the batch in `rundir` (its harness.db, or the database campaign.json names)."""
    if not holds_batch(rundir):
        raise ConfigError(f"{rundir}: no batch store here (expected {STORE_NAME})")
    return Store(read_campaign(rundir).store_spec(rundir))
