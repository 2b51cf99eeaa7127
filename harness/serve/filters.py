"""The app list's query parameters, declared once: the /apps page and /api/apps take this model
(FastAPI's query-parameter models), so the two can never accept different filters."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel, Field

from harness.serve.queries import MAX_KEY, MAX_PAGE, PAGE

FILTERS = ("q", "rule", "sdk", "data", "state")


class AppFilters(BaseModel):
    q: str = Field("", max_length=MAX_KEY, description="text in the app key or package")
    rule: str = Field("", max_length=MAX_KEY, description="a rule (e.g. pre_consent)")
    sdk: str = Field("", max_length=MAX_KEY, description="an SDK's name")
    data: str = Field("", max_length=MAX_KEY, description="a data category (e.g. location)")
    state: str = Field("", max_length=MAX_KEY, description="the latest attempt's outcome")
    after: str = Field("", max_length=MAX_KEY, description="cursor: the last page's `next`")
    limit: int = Field(PAGE, ge=1, le=MAX_PAGE)

    def chosen(self) -> dict[str, str]:
        """The filters as the page's form shows them."""
        return {k: str(getattr(self, k)) for k in FILTERS}

    def page_after(self, cursor: str) -> str:
        """The /apps link of the page after `cursor`, with the same filters."""
        given = {**{k: v for k, v in self.chosen().items() if v}, "after": cursor}
        if self.limit != PAGE:
            given["limit"] = str(self.limit)
        return "/apps?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in given.items())
