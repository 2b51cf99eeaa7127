"""The JSON of every page: one pydantic model per answer of the read-only API (`/api/...`).

These models are the API's documented contract: FastAPI publishes them in `/api/openapi.json`,
the HTML pages render the same objects, so a page never shows what the API does not say.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class StateCounts(BaseModel):
    """Apps by the state of their latest attempt, and the dashboard's four groups of them."""

    done: int = Field(description="apps with a result (state done)")
    running: int
    failed: int = Field(description="failed_app + timeout + failed_infra (not retried any more)")
    queued: int
    by_state: dict[str, int] = Field(description="the store's own job states")


class DeviceState(BaseModel):
    name: str
    host: str = Field(description="the worker host (the part before '/'); 'local' for one batch")
    state: str = Field(description="ok or quarantined")
    consecutive_failures: int
    apps_done: int
    reason: str
    updated_at: float
    running_app: str | None = Field(None, description="the app it runs now, if any")
    running_since: float | None = None


class HostState(BaseModel):
    host: str
    devices: int
    ok: int
    quarantined: int
    running: int
    apps_done: int


class Overview(BaseModel):
    store: str
    generated_at: float = Field(description="server time, seconds since the epoch")
    apps: int
    states: StateCounts
    throughput_per_min: float = Field(description="apps finished per minute, recent window")
    window_min: int = Field(description="the window of throughput_per_min, in minutes")
    eta_s: float | None = Field(description="seconds until queued + running apps are done")
    hosts: list[HostState]
    devices: list[DeviceState]


class SdkSummary(BaseModel):
    sdk: str
    vendor: str
    apps_embedding: int = Field(description="apps whose static profile embeds it")
    apps_before_consent: int = Field(description="apps where it collected or sent before consent")
    apps_silent: int
    apps_not_in_static: int


class SdkList(BaseModel):
    as_of: float = Field(description="when it was counted (refreshed every 30 s at most)")
    sdks: list[SdkSummary]


class SdkCategory(BaseModel):
    rule: str
    data: str
    apps: int


class SdkApp(BaseModel):
    app: str
    package: str
    rules: list[str]
    data: list[str]
    report: str | None = Field(description="the run report, a path under /files/")


class SdkDetail(BaseModel):
    sdk: str
    vendor: str
    categories: list[SdkCategory] = Field(description="per rule and data category: apps")
    apps: list[SdkApp] = Field(description="apps where it broke a rule (first page)")
    next: str | None = Field(description="cursor of the next page of apps (?after=)")
    scanned_to: str | None = Field(None, description="as in AppPage: a page cut at its bound")


class AppRow(BaseModel):
    app: str
    package: str
    state: str
    device: str | None
    attempt: int
    rules: list[str]
    sdks: list[str]
    data: list[str]
    findings: int
    report: str | None


class AppPage(BaseModel):
    apps: list[AppRow]
    next: str | None = Field(description="cursor of the next page (?after=), None on the last")
    limit: int
    scanned_to: str | None = Field(
        None,
        description="the page stopped at its work's bound (queries.WINDOW apps looked at) "
        "after this app key: fewer than `limit` apps here does not mean no more match; "
        "`next` continues from it",
    )


class Attempt(BaseModel):
    attempt: int
    state: str
    device: str | None
    started_at: float | None
    ended_at: float | None
    infra_kind: str
    reason: str
    report: str | None


class FindingRow(BaseModel):
    rule: str
    data: str
    api: str
    actor_kind: str
    actor_name: str
    process: str
    count: int
    first_offset_s: float
    host: str


class SdkPresenceRow(BaseModel):
    sdk: str
    vendor: str
    status: str
    embedded: bool
    calls: int


class EvidenceFile(BaseModel):
    name: str
    size: int
    url: str


class AppDetail(BaseModel):
    app: str
    package: str
    source: str
    state: str
    reason: str
    report: str | None
    attempts: list[Attempt]
    findings: list[FindingRow]
    sdks: list[SdkPresenceRow]
    files: list[EvidenceFile] = Field(description="evidence files of the latest attempt's folder")


class InfraFailure(BaseModel):
    id: int
    app: str
    attempt: int
    device: str | None
    infra_kind: str
    reason: str
    ended_at: float | None
    report: str | None


class InfraPage(BaseModel):
    failures: list[InfraFailure]
    by_kind: dict[str, int]
    next: int | None = Field(description="cursor of the next page (?before=)")


class Download(BaseModel):
    name: str
    format: str
    size: int
    url: str


class Downloads(BaseModel):
    files: list[Download] = Field(description="summary files `harness summary` built")
