"""Optional login for the web chat, and the security headers of every response.

Login is off by default. When `settings.auth_file` is set, users log in with a
name and password kept in that JSON file as scrypt hashes with a per-user salt.
Repeated failures are throttled per client address, so that someone guessing a
user's password does not lock that user out. `add_user` writes the file atomically.

`RequestGuard` is the ASGI middleware in front of the whole app: it refuses
request bodies over a size limit and uploads when they are off, answers a
throttled address's login with 429, and gives each browser a random session id
in an HttpOnly cookie (the key of "My history" without login).
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import getpass
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

CLIENT_ADDRESS: contextvars.ContextVar[str | None] = contextvars.ContextVar("dda_client_address", default=None)

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # gradio's page embeds its config in inline scripts; no eval (the app uses no gr.HTML templates)
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# ---------------------------------------------------------------- password file


def hash_password(password: str, salt: bytes | None = None) -> dict[str, Any]:
    """An scrypt record of a password with a fresh (or given) 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_DKLEN, maxmem=64 * 1024 * 1024
    )
    return {"salt": salt.hex(), "hash": digest.hex(), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}


def _check(record: dict[str, Any], password: str) -> bool:
    try:
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(record["salt"]),
            n=int(record["n"]),
            r=int(record["r"]),
            p=int(record["p"]),
            dklen=len(bytes.fromhex(record["hash"])),
            maxmem=64 * 1024 * 1024,
        )
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), record["hash"])


def load_users(path: Path) -> dict[str, dict[str, Any]]:
    """The users of an auth file (empty if the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the users file ({exc}). Recreate it with add_user.") from exc
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise ConfigError(f"{path}: expected {{\"users\": {{name: record}}}}. Recreate it with add_user.")
    return users


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_file_lock = threading.Lock()


def add_user(path: Path, name: str, password: str) -> None:
    """Add a user, or change their password, in the auth file (written atomically)."""
    if not _NAME.match(name or ""):
        raise ConfigError("User names are 1-64 characters: letters, digits, and _ . @ -")
    if len(password or "") < MIN_PASSWORD:
        raise ConfigError(f"Passwords need at least {MIN_PASSWORD} characters.")
    path = Path(path)
    with _file_lock:
        users = load_users(path)
        users[name] = hash_password(password)
        _write_atomic(path, {"users": users})


def remove_user(path: Path, name: str) -> bool:
    """Remove a user; return whether they existed."""
    path = Path(path)
    with _file_lock:
        users = load_users(path)
        existed = users.pop(name, None) is not None
        if existed:
            _write_atomic(path, {"users": users})
    return existed


_DUMMY = hash_password("not-a-password", salt=b"\0" * 16)


def verify_user(path: Path, name: str, password: str) -> bool:
    """Whether the name and password match the auth file (same cost for unknown names)."""
    record = load_users(Path(path)).get(name)
    if record is None:
        _check(_DUMMY, password)
        return False
    return _check(record, password)


# ---------------------------------------------------------------- throttling


class LoginThrottle:
    """Refuse logins from a key (a client address) after repeated failures, for a growing delay.

    After `max_failures` failures within `window` seconds the key is locked for
    `base_delay` seconds, doubling with each further failure up to `max_delay`.
    A successful login clears the record.
    """

    def __init__(self, max_failures: int = 5, window: float = 600.0, base_delay: float = 30.0, max_delay: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str) -> float:
        """Seconds before this name may try again (0 when allowed)."""
        with self._lock:
            return max(0.0, self._locked_until.get(name, 0.0) - self.clock())

    def failure(self, name: str) -> None:
        """Record a failed login."""
        now = self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.window] + [now]
            self._failures[name] = recent
            extra = len(recent) - self.max_failures
            if extra >= 0:
                self._locked_until[name] = now + min(self.max_delay, self.base_delay * 2**extra)

    def success(self, name: str) -> None:
        """Clear the failures of a name after a good login."""
        with self._lock:
            self._failures.pop(name, None)
            self._locked_until.pop(name, None)


def throttle_key(client: str | None, name: str) -> str:
    """What failures are counted against: the client address, or the name when the address is unknown."""
    return f"addr:{client}" if client else f"name:{(name or '').strip()}"


def check_login(path: Path, name: str, password: str, throttle: LoginThrottle, client: str | None = None) -> bool:
    """Verify a login, refusing a throttled client address without checking the password.

    Failures count against the client address (`client`), so wrong guesses from
    one address never lock the account for the user at another.
    """
    name = (name or "").strip()
    key = throttle_key(client, name)
    if throttle.retry_after(key) > 0:
        return False
    if verify_user(path, name, password):
        throttle.success(key)
        return True
    throttle.failure(key)
    return False


def make_auth(path: Path, throttle: LoginThrottle | None = None) -> Callable[[str, str], Awaitable[bool]]:
    """The gradio `auth` callable: scrypt runs in a worker thread, not on the event loop.

    The client address comes from `CLIENT_ADDRESS`, which `RequestGuard` sets
    for login requests.
    """
    throttle = throttle or LoginThrottle()
    path = Path(path)

    async def auth(username: str, password: str) -> bool:
        return await asyncio.to_thread(check_login, path, username, password, throttle, CLIENT_ADDRESS.get())

    auth.throttle = throttle  # type: ignore[attr-defined]
    return auth


# ---------------------------------------------------------------- security headers


def install_security_headers(app: Any, extra: dict[str, str] | None = None) -> None:
    """Add the security headers to every response of a FastAPI/Starlette app (mounted apps included)."""
    headers = {**SECURITY_HEADERS, **(extra or {})}

    @app.middleware("http")
    async def _security_headers(request: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
        response = await call_next(request)
        for key, value in headers.items():
            response.headers.setdefault(key, value)
        return response


# ---------------------------------------------------------------- request guard


def _plain(status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()] + (extra or [])
    return {"type": "http.response.start", "status": status, "headers": headers}, {"type": "http.response.body", "body": body}


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _, val = part.strip().partition("=")
                if name:
                    jar.setdefault(name, val)
    return jar


_SID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class RequestGuard:
    """ASGI middleware: body-size limit, upload switch, login throttle per address, session cookie.

    - A body longer than `max_body` bytes (by Content-Length, or counted while
      streaming) gets 413 before the app parses it.
    - `POST .../upload` gets 403 when `uploads` is False.
    - `POST /login` from an address the `throttle` has locked gets 429 with
      Retry-After; otherwise the address is put in `CLIENT_ADDRESS` for the
      auth callable.
    - Each browser gets a random id in the HttpOnly cookie `cookie_name`; a
      request without a valid one gets a fresh id, visible to the app as if the
      browser had sent it. The id never appears in a URL, so access logs do not
      show it.
    """

    def __init__(self, app: Any, *, max_body: int, uploads: bool, throttle: LoginThrottle | None = None,
                 cookie_name: str = "dda_sid") -> None:
        self.app = app
        self.max_body = max_body
        self.uploads = uploads
        self.throttle = throttle
        self.cookie_name = cookie_name

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        headers = list(scope.get("headers") or [])
        length = next((v for k, v in headers if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            start, body = _plain(413, f"Request too large: the limit is {self.max_body:,} bytes.")
            await send(start)
            await send(body)
            return
        if method == "POST" and path.rstrip("/").endswith("/upload") and not self.uploads:
            start, body = _plain(403, "File uploads are disabled on this server.")
            await send(start)
            await send(body)
            return
        client = (scope.get("client") or ("", 0))[0] or None
        token = None
        if method == "POST" and path.rstrip("/") == "/login" and self.throttle is not None:
            wait = self.throttle.retry_after(throttle_key(client, ""))
            if wait > 0:
                start, body = _plain(429, f"Too many failed logins from this address; try again in {wait:.0f} s.",
                                     [(b"retry-after", str(int(wait) + 1).encode())])
                await send(start)
                await send(body)
                return
            token = CLIENT_ADDRESS.set(client)
        jar = _cookies(headers)
        new_sid = None
        if not _SID.match(jar.get(self.cookie_name, "")):
            new_sid = secrets.token_urlsafe(32)
            headers = [(k, v) for k, v in headers if k != b"cookie"]
            jar[self.cookie_name] = new_sid
            headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in jar.items()).encode("latin-1")))
            scope = {**scope, "headers": headers}
        secure = scope.get("scheme") == "https"
        received = 0
        too_large = False
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if new_sid is not None:
                    cookie = f"{self.cookie_name}={new_sid}; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
                    message = {**message, "headers": list(message.get("headers") or []) + [(b"set-cookie", cookie.encode())]}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        finally:
            if token is not None:
                CLIENT_ADDRESS.reset(token)
        if too_large and not started:
            start, body = _plain(413, f"Request too large: the limit is {self.max_body:,} bytes.")
            await send(start)
            await send(body)


def session_id(request: Any, cookie_name: str = "dda_sid") -> str:
    """The browser's session id from the guard's cookie ('' when there is none)."""
    cookies = getattr(request, "cookies", None)
    if cookies is None and getattr(request, "request", None) is not None:
        cookies = getattr(request.request, "cookies", None)
    value = (cookies or {}).get(cookie_name, "") if hasattr(cookies or {}, "get") else ""
    return value if _SID.match(value or "") else ""


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.web.auth add|remove USERS.json NAME`: manage web-chat users."""
    parser = argparse.ArgumentParser(prog="python -m assistant.web.auth", description=main.__doc__)
    parser.add_argument("action", choices=["add", "remove"])
    parser.add_argument("file", type=Path)
    parser.add_argument("name")
    args = parser.parse_args(argv)
    try:
        if args.action == "add":
            password = getpass.getpass(f"Password for {args.name}: ")
            if password != getpass.getpass("Repeat it: "):
                print("The passwords differ; nothing changed.", file=sys.stderr)
                return 1
            add_user(args.file, args.name, password)
            print(f"{args.name} can now log in.")
        elif not remove_user(args.file, args.name):
            print(f"No user {args.name} in {args.file}.", file=sys.stderr)
            return 1
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
