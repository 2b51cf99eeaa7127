"""Who may read the dashboard, and what a browser may do with its pages.

* Loopback by default. Bound elsewhere, every request must carry the access token: the
  `Authorization: Bearer` header (scripts), or the cookie that the one-time login URL printed at
  start sets (browsers; the URL stops working once used, the cookie is HttpOnly + SameSite).
  Tokens are compared in constant time (`hmac.compare_digest`).
* Or, with a configured user list (`--users FILE`, harness.serve.users), HTTP Basic credentials
  of one of its users (scrypt-hashed passwords); a token, when given as well, still works.
* Without a token or users (loopback) the Host header must name the loopback address: a web
  page that rebinds its own DNS name to 127.0.0.1 cannot read the dashboard through the user's
  browser.
* Read-only: GET and HEAD only.
* Every answer carries a CSP without inline script (`default-src 'self'`), nosniff, no framing,
  no referrer; evidence files get a stricter, sandboxing one (`harness.serve.files`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from harness.serve.users import UserList

COOKIE = "harness_token"
LOGIN = "/login"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Access:
    """The token a request must carry (None: none), the configured users (None: none) and the
    one-time login keys. Neither token nor users: loopback, no credentials."""

    token: str | None
    users: UserList | None = None
    login_keys: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def required(self) -> bool:
        return self.token is not None or self.users is not None

    def login_key(self) -> str:
        key = secrets.token_urlsafe(24)
        with self._lock:
            self.login_keys.add(key)
        return key

    def use_login_key(self, key: str) -> bool:
        with self._lock:
            for known in list(self.login_keys):
                if hmac.compare_digest(known.encode(), key.encode()):
                    self.login_keys.discard(known)
                    return True
        return False

    def carried(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("basic ") and self.users is not None:
            name, password = _basic(auth[6:])
            return self.users.allows(name, password)
        if self.token is None:
            return False
        given = request.cookies.get(COOKIE, "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        return hmac.compare_digest(given.encode(), self.token.encode())


def _basic(encoded: str) -> tuple[str, str]:
    """HTTP Basic's `name:password` (empty strings when it is not that)."""
    try:
        text = base64.b64decode(encoded.strip()[:4096], validate=True).decode("utf-8")
    except (ValueError, binascii.Error):
        return "", ""
    name, _, password = text.partition(":")
    return name, password


def _host_of(header: str) -> str:
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, access: Access) -> None:
        super().__init__(app)
        self.access = access

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._checked(request, call_next)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    async def _checked(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method not in ("GET", "HEAD"):
            return PlainTextResponse("read-only dashboard", status_code=405)
        access = self.access
        if not access.required:
            if not is_loopback(_host_of(request.headers.get("host", ""))):
                return PlainTextResponse("refused: not a loopback Host", status_code=403)
            return await call_next(request)
        if request.url.path == LOGIN and access.token is not None:
            key = parse_qs(request.url.query).get("key", [""])[0]
            if not access.use_login_key(key):
                return PlainTextResponse("refused: this login URL was used or is wrong", 403)
            done = RedirectResponse("/", status_code=303)
            done.set_cookie(COOKIE, access.token, httponly=True, samesite="strict")
            return done
        # a user's scrypt check takes tens of ms of CPU: off the event loop
        if not await run_in_threadpool(access.carried, request):
            refused = PlainTextResponse("refused: access token required", status_code=401)
            if access.users is not None:
                refused.headers["WWW-Authenticate"] = 'Basic realm="harness dashboard"'
            return refused
        return await call_next(request)
