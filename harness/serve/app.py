"""The dashboard's FastAPI application: HTML pages and the read-only JSON API they are built
from (`/api/...`, schema at `/api/openapi.json`).

Each page calls the same query function as its API route and renders the returned model with a
Jinja2 template (autoescaped; app strings pass the `shown` filter as well). FastAPI's own API
explorer pages load their scripts from a CDN, so they are turned off: the schema is served as
JSON and docs/dashboard.md lists the routes.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.responses import Response

from harness import __version__
from harness.serve import files, queries, search
from harness.serve.cache import Refreshed, warm_in_order
from harness.serve.display import install_filters
from harness.serve.filters import AppFilters
from harness.serve.models import (
    AppDetail,
    AppPage,
    Download,
    Downloads,
    InfraPage,
    Overview,
    SdkCategory,
    SdkDetail,
    SdkList,
)
from harness.serve.security import Access, Guard
from harness.serve.source import Source
from harness.untrusted import visible_markup

SUMMARY_FILES = {
    "summary.json": "JSON",
    "summary.xlsx": "XLSX",
    "summary.pdf": "PDF",
    "summary.html": "HTML",
}
OVERVIEW_EVERY_S = 2.0  # the live page polls every 2 s
SDKS_EVERY_S = 30.0
SEARCH_EVERY_S = 30.0  # the name index of the app search (search.py)
# how long a request waits for a whole-store answer still being computed after the server's
# start before it is told to retry (pages reload themselves, the API answers 503 Retry-After)
COUNTING_WAIT_S = 0.15
RETRY_AFTER_S = 2
T = TypeVar("T")


class Counting(Exception):
    """A whole-store answer is not computed yet (the server started moments ago)."""


OUTCOMES = ("done", "failed_app", "timeout", "failed_infra", "running", "queued")


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("harness.serve") / name))


def create_app(source: Source, access: Access) -> FastAPI:
    api = FastAPI(
        title="harness dashboard",
        version=__version__,
        description="Read-only view of a harness batch store: campaign, SDKs, apps, failures.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    api.add_middleware(Guard, access=access)
    api.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    # autoescape=True for every template: the default only escapes .html/.xml names, not .j2
    env = Environment(
        loader=FileSystemLoader(_package_dir("templates")),
        autoescape=True,
        finalize=visible_markup,  # every {{ }} output: controls and bidi marks shown, not acted on
    )
    install_filters(env)
    for name in env.list_templates():  # compiled now, not on the first request of each page
        env.get_template(name)
    templates = Jinja2Templates(env=env)
    store = source.store
    # whole-store aggregations: served from memory, refreshed behind the requests (cache.py)
    live = Refreshed(lambda: queries.overview(store), OVERVIEW_EVERY_S)
    version = lambda: queries.store_version(store)  # noqa: E731 - one line, shared by three
    inventory = Refreshed(lambda: queries.sdks(store), SDKS_EVERY_S, version)
    per_category = Refreshed(lambda: queries.every_sdk_categories(store), SDKS_EVERY_S, version)
    names = Refreshed(lambda: search.build(store), SEARCH_EVERY_S, version)
    warm_in_order(live, names, per_category, inventory)  # cheapest first

    def counted(kept: Refreshed[T]) -> T:
        """A whole-store answer, or 503 "still counting" while its first computation runs."""
        value = kept.peek(COUNTING_WAIT_S)
        if value is None:
            raise Counting
        return value

    def categories(sdk: str) -> list[SdkCategory]:
        """An SDK's per-category counts, from the kept counts of every SDK; an SDK first seen
        since they were counted is counted on its own (it has few findings so far)."""
        known = counted(per_category).get(sdk)
        if known is None:
            return queries.sdk_categories(store, sdk)
        return [SdkCategory(rule=r, data=d, apps=n) for r, d, n in known]

    @api.exception_handler(Counting)
    def still_counting(request: Request, exc: Counting) -> Response:
        headers = {"Retry-After": str(RETRY_AFTER_S)}
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": "the server is still counting the store (it just started): retry"},
                status_code=503,
                headers=headers,
            )
        response = page(request, "counting.html.j2", retry=RETRY_AFTER_S)
        response.status_code = 503
        response.headers.update(headers)
        return response

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"store": store.location, **context})

    # --- the JSON API -------------------------------------------------------------------

    @api.get("/api/overview", response_model=Overview, tags=["api"])
    def api_overview() -> Overview:
        """Apps by state, throughput, ETA, per host and per device state."""
        return live.get()

    @api.get("/api/sdks", response_model=SdkList, tags=["api"])
    def api_sdks() -> SdkList:
        """Per SDK: apps embedding it, apps where it collected or sent before consent."""
        return counted(inventory)

    @api.get("/api/sdks/{sdk:path}", response_model=SdkDetail, tags=["api"])
    def api_sdk(
        sdk: str, after: str = "", limit: int = Query(queries.PAGE, ge=1, le=200)
    ) -> SdkDetail:
        """One SDK: per rule and data category, and the apps where it broke a rule."""
        return queries.sdk_detail(store, sdk, after, limit, categories(sdk))

    @api.get("/api/apps", response_model=AppPage, tags=["api"])
    def api_apps(f: Annotated[AppFilters, Query()]) -> AppPage:
        """Apps by key (keyset pages: pass `next` as `after`), narrowed by search and filters."""
        return _apps(f)

    def _apps(f: AppFilters) -> AppPage:
        return queries.apps(
            store,
            q=f.q,
            rule=f.rule,
            sdk=f.sdk,
            data=f.data,
            state=f.state,
            after=f.after,
            limit=f.limit,
            # not built yet (just started): the search walks the apps, bounded, instead
            names=names.peek(COUNTING_WAIT_S) if f.q else None,
        )

    @api.get("/api/apps/{app:path}", response_model=AppDetail, tags=["api"])
    def api_app(app: str) -> AppDetail:
        """One app: its attempts, findings, SDKs and evidence files."""
        return _app_detail(app)

    @api.get("/api/infra", response_model=InfraPage, tags=["api"])
    def api_infra(
        before: int | None = None, limit: int = Query(queries.PAGE, ge=1, le=200)
    ) -> InfraPage:
        """Infrastructure failures, newest first (keyset pages: pass `next` as `before`)."""
        return queries.infra(store, before, limit)

    @api.get("/api/downloads", response_model=Downloads, tags=["api"])
    def api_downloads() -> Downloads:
        """The summary files built for this batch (`harness summary`)."""
        return _downloads()

    def _app_detail(app: str) -> AppDetail:
        detail = queries.app_detail(store, app)
        if detail is None:
            raise HTTPException(404, "no such app in this store")
        detail.files = files.listing(source.artifacts, detail.report)
        return detail

    def _downloads() -> Downloads:
        found = []
        if source.rundir is not None:
            for name, fmt in SUMMARY_FILES.items():
                path = source.rundir / name
                if path.is_file() and not path.is_symlink():
                    found.append(
                        Download(
                            name=name, format=fmt, size=path.stat().st_size, url=f"/download/{name}"
                        )
                    )
        return Downloads(files=found)

    # --- files ---------------------------------------------------------------------------

    @api.get("/files/{path:path}", include_in_schema=False)
    def evidence(path: str) -> Response:
        if source.artifacts is None:
            raise HTTPException(404, "no artifact root (give --artifacts)")
        try:
            real = files.resolve(source.artifacts, path)
        except files.Refused as exc:
            raise HTTPException(404, f"refused: {exc}") from None
        return _file(real)

    @api.get("/download/{name}", include_in_schema=False)
    def download(name: str) -> Response:
        if source.rundir is None or name not in SUMMARY_FILES:
            raise HTTPException(404, "no such download")
        path = source.rundir / name
        if not path.is_file() or path.is_symlink():
            raise HTTPException(404, "not built (run `harness summary RUNDIR`)")
        return _file(path, attachment=True)

    def _file(path: Path, attachment: bool = False) -> Response:
        media, inline = files.content_type(path)
        disposition = "inline" if inline and not attachment else "attachment"
        response = FileResponse(
            path, media_type=media, content_disposition_type=disposition, filename=path.name
        )
        response.headers["Content-Security-Policy"] = files.FILE_CSP
        return response

    # --- pages ---------------------------------------------------------------------------

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        return page(request, "overview.html.j2", o=live.get())

    @api.get("/sdks", response_class=HTMLResponse, include_in_schema=False)
    def sdks_page(request: Request) -> HTMLResponse:
        return page(request, "sdks.html.j2", s=counted(inventory))

    @api.get("/sdks/{sdk:path}", response_class=HTMLResponse, include_in_schema=False)
    def sdk_page(request: Request, sdk: str, after: str = "") -> HTMLResponse:
        return page(
            request,
            "sdk.html.j2",
            d=queries.sdk_detail(store, sdk, after, categories=categories(sdk)),
        )

    @api.get("/apps", response_class=HTMLResponse, include_in_schema=False)
    def apps_page(request: Request, f: Annotated[AppFilters, Query()]) -> HTMLResponse:
        result = _apps(f)
        more = f.page_after(result.next) if result.next is not None else None
        return page(request, "apps.html.j2", p=result, f=f.chosen(), more=more, outcomes=OUTCOMES)

    @api.get("/apps/{app:path}", response_class=HTMLResponse, include_in_schema=False)
    def app_page(request: Request, app: str) -> HTMLResponse:
        return page(request, "app.html.j2", a=_app_detail(app))

    @api.get("/infra", response_class=HTMLResponse, include_in_schema=False)
    def infra_page(request: Request, before: int | None = None) -> HTMLResponse:
        return page(request, "infra.html.j2", i=queries.infra(store, before))

    @api.get("/downloads", response_class=HTMLResponse, include_in_schema=False)
    def downloads_page(request: Request) -> HTMLResponse:
        return page(request, "downloads.html.j2", d=_downloads())

    api.openapi()  # the schema is built now, not on its first request
    return api
