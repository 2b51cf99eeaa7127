"""`serve(...)`: bind, say where, and run the dashboard with uvicorn until Ctrl-C / SIGTERM.

The socket is bound here, before uvicorn starts, so that a port chosen by the system
(`--port 0`) is known and printed, and a bind error is one line naming the address.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import TextIO

from harness.errors import ConfigError
from harness.serve.security import Access, is_loopback, new_token
from harness.serve.source import open_source
from harness.serve.users import UserList, read_users

MIN_TOKEN = 16


def access_for(host: str, token: str | None, users: UserList | None = None) -> tuple[Access, bool]:
    """The access rule for a bind address: (rule, whether the token was generated here).
    Off loopback a token is made unless one or a user list is given."""
    if token is not None and len(token) < MIN_TOKEN:
        raise ConfigError(f"--token: at least {MIN_TOKEN} characters")
    if token is None and users is None and not is_loopback(host):
        return Access(new_token()), True
    return Access(token, users), False


def bind(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port: {port} is not a port (0-65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        raise ConfigError(f"--host/--port: cannot listen on {host}:{port}: {exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(
    rundir: Path | None,
    store: str | None,
    artifacts: Path | None,
    host: str,
    port: int,
    token: str | None,
    out: TextIO = sys.stdout,
    users_file: Path | None = None,
) -> None:
    import uvicorn

    from harness.serve.app import create_app

    users = read_users(users_file) if users_file is not None else None
    access, generated = access_for(host, token, users)
    source = open_source(rundir, store, artifacts)
    sock = bind(host, port)
    try:
        shown_host = f"[{host}]" if ":" in host else host
        base = f"http://{shown_host}:{sock.getsockname()[1]}"
        out.write(f"serving {base}/ (store {source.store.location})\n")
        if access.token is not None:
            if generated:
                out.write(f"access token (send as 'Authorization: Bearer ...'): {access.token}\n")
            out.write(f"one-time browser login: {base}/login?key={access.login_key()}\n")
        if users is not None:
            out.write(f"users: {len(users)} from {users.source} (HTTP Basic)\n")
        out.flush()
        config = uvicorn.Config(
            create_app(source, access), log_level="warning", access_log=False, lifespan="off"
        )
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        source.close()
