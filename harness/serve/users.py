"""A configured user list, the alternative to one shared access token (`--users FILE`).

The file holds one user a line, `NAME:scrypt:N:R:P:SALT:HASH` (salt and hash base64, the hash
`hashlib.scrypt` of the password with that salt and cost), `#` comments and blank lines ignored;
`harness serve-user FILE NAME` adds or replaces a line. Browsers and scripts send HTTP Basic
credentials (`curl -u NAME`); put a TLS reverse proxy in front off a trusted network.

scrypt is meant to be slow (about 50 ms of CPU at the cost used here), so a password proved once
is remembered for the server's life as a keyed digest of the credentials (never the password),
and any other attempt pays the full cost: guessing stays as slow as scrypt makes it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from harness.errors import ConfigError

N, R, P = 2**14, 8, 1  # scrypt's cost: 16 MiB of memory per check
SALT_BYTES, HASH_BYTES = 16, 32
MAX_NAME = 64
MAX_PASSWORD = 1024
MAX_REMEMBERED = 1000  # credentials proved once, kept as digests


@dataclass(frozen=True)
class User:
    name: str
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def proves(self, password: str) -> bool:
        got = hashlib.scrypt(
            password.encode(), salt=self.salt, n=self.n, r=self.r, p=self.p, dklen=len(self.digest)
        )
        return hmac.compare_digest(got, self.digest)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_line(name: str, password: str) -> str:
    """The file line of `name` with this password (a new random salt)."""
    if not name or len(name) > MAX_NAME or ":" in name or not name.isprintable():
        raise ConfigError(f"user name: 1-{MAX_NAME} printable characters, no ':'")
    if not password or len(password) > MAX_PASSWORD:
        raise ConfigError(f"password: 1-{MAX_PASSWORD} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=HASH_BYTES)
    return f"{name}:scrypt:{N}:{R}:{P}:{_b64(salt)}:{_b64(digest)}"


def _parse(line: str, where: str) -> User:
    parts = line.split(":")
    if len(parts) != 7 or parts[1] != "scrypt":
        raise ConfigError(f"{where}: expected NAME:scrypt:N:R:P:SALT:HASH")
    name, _, n, r, p, salt, digest = parts
    try:
        user = User(
            name, int(n), int(r), int(p), base64.b64decode(salt, validate=True),
            base64.b64decode(digest, validate=True),
        )  # fmt: skip
    except (ValueError, binascii.Error):
        raise ConfigError(f"{where}: a cost or base64 field is malformed") from None
    # bounds: a line must not make one check cost minutes or gigabytes (or be trivially cheap)
    if not (2**10 <= user.n <= 2**20 and 1 <= user.r <= 32 and 1 <= user.p <= 16):
        raise ConfigError(f"{where}: scrypt cost out of range")
    if not name or len(user.salt) < 8 or len(user.digest) < 16:
        raise ConfigError(f"{where}: empty name, or salt or hash too short")
    return user


class UserList:
    def __init__(self, users: dict[str, User], source: str) -> None:
        self.users = users
        self.source = source
        self._key = secrets.token_bytes(32)  # this server's own: digests mean nothing elsewhere
        self._proved: set[bytes] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.users)

    def allows(self, name: str, password: str) -> bool:
        user = self.users.get(name)
        if user is None or len(password) > MAX_PASSWORD:
            return False
        seen = hmac.new(self._key, f"{name}\x00{password}".encode(), hashlib.sha256).digest()
        with self._lock:
            if seen in self._proved:
                return True
        if not user.proves(password):
            return False
        with self._lock:
            if len(self._proved) < MAX_REMEMBERED:
                self._proved.add(seen)
        return True


def read_users(path: Path) -> UserList:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--users: {path}: cannot read: {exc}") from None
    users: dict[str, User] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user = _parse(line, f"--users: {path}:{number}")
        if user.name in users:
            raise ConfigError(f"--users: {path}:{number}: user {user.name!r} given twice")
        users[user.name] = user
    if not users:
        raise ConfigError(f"--users: {path}: no user in it")
    return UserList(users, str(path))


def set_user(path: Path, name: str, password: str) -> None:
    """Add `name` to the file, or replace its line (the other lines kept as they are)."""
    line = hash_line(name, password)
    kept: list[str] = []
    if path.exists():
        try:
            kept = [
                raw
                for raw in path.read_text(encoding="utf-8").splitlines()
                if raw.strip().split(":", 1)[0] != name or raw.strip().startswith("#")
            ]
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        path.write_text("\n".join([*kept, line]) + "\n", encoding="utf-8")
        path.chmod(0o600)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc}") from None
