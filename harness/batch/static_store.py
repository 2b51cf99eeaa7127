"""The static side of a batch: which SDKs each app embeds (its static profile) beside what its
run saw, one table in the batch store (`sdk_presence`), and the per-SDK question of the summary:
embedded in how many apps, collecting before consent in how many."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from harness.apk.inventory import SdkPresence
from harness.batch.schema import sdk_presence

# Rules that mean "collected (or sent) before consent"; sent_before_consent is the network
# evidence rule (issue #11), counted once it exists.
BEFORE_CONSENT = ("pre_consent", "sent_before_consent")


def record(db: Connection, job_id: int, app: str, rows: Iterable[SdkPresence]) -> None:
    values = [
        {
            "job_id": job_id,
            "app": app,
            "sdk": r.sdk,
            "vendor": r.vendor,
            "status": r.status,
            "embedded": int(r.embedded),
            "calls": r.calls,
        }
        for r in rows
    ]
    if values:
        db.execute(sdk_presence.insert(), values)


def sdk_inventory(db: Any) -> list[dict[str, Any]]:
    """Per SDK seen statically or dynamically: apps embedding it, apps where it collected before
    consent, apps where it stayed silent, apps where it collected without being embedded.
    `db` is the store (its `query`). Presence rows and findings exist only for result attempts
    (both are written with the result, see `harness.batch.summary.query`), so neither is joined
    to `jobs`; each side is aggregated once, by SDK, and the two joined by name."""
    rules = ", ".join(f"'{r}'" for r in BEFORE_CONSENT)
    rows = db.query(
        "WITH p AS (SELECT sdk, MAX(vendor) AS vendor,"
        "  COUNT(DISTINCT CASE WHEN embedded = 1 THEN app END) AS embedding,"
        "  COUNT(DISTINCT CASE WHEN status = 'silent' THEN app END) AS silent,"
        "  COUNT(DISTINCT CASE WHEN status = 'not_in_static' THEN app END) AS not_in_static"
        "  FROM sdk_presence GROUP BY sdk),"
        " f AS (SELECT actor_name AS sdk, MAX(actor_vendor) AS vendor,"
        "  COUNT(DISTINCT app) AS before_consent FROM findings"
        f"  WHERE actor_kind = 'sdk' AND rule IN ({rules}) GROUP BY actor_name),"
        " names AS (SELECT sdk FROM p UNION SELECT sdk FROM f)"
        " SELECT n.sdk, COALESCE(p.vendor, f.vendor, '') AS vendor,"
        "  COALESCE(p.embedding, 0) AS apps_embedding,"
        "  COALESCE(f.before_consent, 0) AS apps_before_consent,"
        "  COALESCE(p.silent, 0) AS apps_silent,"
        "  COALESCE(p.not_in_static, 0) AS apps_not_in_static"
        " FROM names n LEFT JOIN p ON p.sdk = n.sdk LEFT JOIN f ON f.sdk = n.sdk"
        " ORDER BY apps_before_consent DESC, apps_embedding DESC, n.sdk"
    )
    return [dict(r) for r in rows]
