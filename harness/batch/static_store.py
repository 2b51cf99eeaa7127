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


def sdk_inventory(db: Any, results: str) -> list[dict[str, Any]]:
    """Per SDK seen statically or dynamically: apps embedding it, apps where it collected before
    consent, apps where it stayed silent, apps where it collected without being embedded.
    `db` is the store (its `query`), `results` the SQL list of result states."""
    rules = ", ".join(f"'{r}'" for r in BEFORE_CONSENT)
    rows = db.query(
        f"WITH p AS (SELECT s.* FROM sdk_presence s JOIN jobs j ON j.id = s.job_id"
        f"  WHERE j.state IN {results}),"
        f" f AS (SELECT f.actor_name AS sdk, f.app, f.actor_vendor AS vendor FROM findings f"
        f"  JOIN jobs j ON j.id = f.job_id WHERE j.state IN {results}"
        f"  AND f.actor_kind = 'sdk' AND f.rule IN ({rules})),"
        f" names AS (SELECT sdk FROM p UNION SELECT sdk FROM f)"
        f" SELECT n.sdk,"
        f"  COALESCE((SELECT MAX(vendor) FROM p WHERE p.sdk = n.sdk),"
        f"   (SELECT MAX(vendor) FROM f WHERE f.sdk = n.sdk), '') AS vendor,"
        f"  (SELECT COUNT(DISTINCT app) FROM p WHERE p.sdk = n.sdk AND embedded = 1)"
        f"   AS apps_embedding,"
        f"  (SELECT COUNT(DISTINCT app) FROM f WHERE f.sdk = n.sdk) AS apps_before_consent,"
        f"  (SELECT COUNT(DISTINCT app) FROM p WHERE p.sdk = n.sdk AND status = 'silent')"
        f"   AS apps_silent,"
        f"  (SELECT COUNT(DISTINCT app) FROM p WHERE p.sdk = n.sdk AND status = 'not_in_static')"
        f"   AS apps_not_in_static"
        f" FROM names n ORDER BY apps_before_consent DESC, apps_embedding DESC, n.sdk"
    )
    return [dict(r) for r in rows]
