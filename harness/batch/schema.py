"""The batch store's schema, declared once (SQLAlchemy Core) for SQLite and PostgreSQL.

Every table of the store is here and nowhere else: `Store` creates them with
`METADATA.create_all`, queries name these `Table` objects, and a feature that needs another table
or column adds it to this module (and bumps `STORE_SCHEMA` if old stores cannot be read).

The exactly-once rule rests on two things declared here: `UNIQUE (app, attempt)` (an attempt is
inserted once, whatever retries and redeliveries happen) and the job states of `jobs.state`
(a result is written only by the conditional update in `Store.finish`).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

# 1: the hand-written SQLite schema (same tables, no requires/published_at)
# 2: SQLAlchemy Core, SQLite and PostgreSQL
# 3: the summary's indices on findings (findings_sdk replaces findings_actor; findings_app)
STORE_SCHEMA = 3

METADATA = MetaData()

meta = Table(
    "meta",
    METADATA,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

jobs = Table(
    "jobs",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("app", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("state", Text, nullable=False),
    Column("device", Text),
    Column("excluded", Text, nullable=False, server_default=""),  # device names, one per line
    Column("requires", Text, nullable=False, server_default=""),  # device tags, one per line
    Column("queued_at", Float, nullable=False),
    Column("published_at", Float),  # when a broker message was last sent for it (--broker)
    Column("started_at", Float),
    Column("ended_at", Float),
    Column("reason", Text, nullable=False, server_default=""),
    Column("infra_kind", Text, nullable=False, server_default=""),
    Column("package", Text, nullable=False, server_default=""),
    Column("report_path", Text, nullable=False, server_default=""),  # relative to the artifacts
    UniqueConstraint("app", "attempt", name="jobs_app_attempt"),
    Index("jobs_state", "state", "id"),
    Index("jobs_app", "app", "id"),
)

findings = Table(
    "findings",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", Integer, ForeignKey("jobs.id"), nullable=False),
    Column("app", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("api", Text, nullable=False),
    Column("actor_kind", Text, nullable=False),
    Column("actor_name", Text, nullable=False),
    Column("actor_package", Text, nullable=False),
    Column("actor_vendor", Text, nullable=False, server_default=""),
    Column("process", Text, nullable=False),
    Column("count", Integer, nullable=False),
    Column("first_at", Text, nullable=False),
    Column("first_offset_s", Float, nullable=False),
    Column("host", Text, nullable=False, server_default=""),  # sent_* findings: where it went
    Index("findings_job", "job_id"),
    # The summary's per-SDK tables read this index alone, in its order (no sort, no table
    # lookups): counts per (SDK, rule, data), example apps with their job, hosts, vendor.
    Index(
        "findings_sdk",
        "actor_kind",
        "actor_name",
        "rule",
        "data",
        "app",
        "job_id",
        "actor_vendor",
        "actor_package",
        "host",
    ),
    # The summary's per-app tables: each app's findings in the order they are shown.
    Index("findings_app", "app", "rule", "first_offset_s"),
)

# harness serve (issue #18): the app list filtered by rule and/or data category selects the job
# ids from findings_rule instead of scanning every finding (findings_sdk leads with the
# actor); an app's page reads its SDK rows by job (sdk_presence_job, below the table).
Index("findings_rule", findings.c.rule, findings.c.data, findings.c.job_id)

# Indices added after schema 2, created on an existing store by Store's migration (create_all
# creates only missing tables); DROPPED the ones they replace.
ADDED_IN_3 = ("findings_sdk", "findings_app", "findings_rule", "sdk_presence_job")
DROPPED_IN_3 = ("findings_actor",)

devices = Table(
    "devices",
    METADATA,
    Column("name", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("consecutive_failures", Integer, nullable=False, server_default="0"),
    Column("apps_done", Integer, nullable=False, server_default="0"),
    Column("reason", Text, nullable=False, server_default=""),
    Column("updated_at", Float, nullable=False),
)

# The static side of a batch (harness.batch.static_store): one row per (result attempt, SDK) of
# the app's static view, written in finish's transaction together with the findings.
sdk_presence = Table(
    "sdk_presence",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", Integer, ForeignKey("jobs.id"), nullable=False),
    Column("app", Text, nullable=False),
    Column("sdk", Text, nullable=False),
    Column("vendor", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False),
    Column("embedded", Integer, nullable=False),
    Column("calls", Integer, nullable=False),
    Index("sdk_presence_sdk", "sdk", "app"),
)
Index("sdk_presence_job", sdk_presence.c.job_id)  # harness serve: an app's page (see above)
