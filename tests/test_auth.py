"""Login: scrypt-hashed users file written atomically, verification, throttling, security headers."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.web import auth


def test_add_and_verify_user(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "users.json"
    auth.add_user(path, "alice", "correct horse battery")
    auth.add_user(path, "bob", "another password")
    data = json.loads(path.read_text(encoding="utf-8"))
    record = data["users"]["alice"]
    assert set(record) == {"salt", "hash", "n", "r", "p"}
    assert "correct horse battery" not in path.read_text(encoding="utf-8")
    assert record["salt"] != data["users"]["bob"]["salt"]  # per-user salt
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["users.json"]  # no temp file left behind

    assert auth.verify_user(path, "alice", "correct horse battery")
    assert not auth.verify_user(path, "alice", "wrong password")
    assert not auth.verify_user(path, "nobody", "correct horse battery")

    auth.add_user(path, "alice", "a new password")  # change of password
    assert auth.verify_user(path, "alice", "a new password")
    assert not auth.verify_user(path, "alice", "correct horse battery")
    assert auth.remove_user(path, "bob") and not auth.remove_user(path, "bob")
    assert list(auth.load_users(path)) == ["alice"]


def test_add_user_validates(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 8"):
        auth.add_user(tmp_path / "u.json", "alice", "short")
    with pytest.raises(ConfigError, match="User names"):
        auth.add_user(tmp_path / "u.json", "al ice", "long enough pw")
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected"):
        auth.verify_user(tmp_path / "bad.json", "alice", "x")


def test_throttling_after_five_failures_with_growing_delay(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    auth.add_user(path, "alice", "correct horse battery")
    now = [1000.0]
    throttle = auth.LoginThrottle(max_failures=5, window=600, base_delay=30, clock=lambda: now[0])
    attacker = auth.throttle_key("10.0.0.9", "alice")
    for _ in range(4):
        assert not auth.check_login(path, "alice", "wrong", throttle, "10.0.0.9")
    assert throttle.retry_after(attacker) == 0
    assert not auth.check_login(path, "alice", "wrong", throttle, "10.0.0.9")  # 5th failure: address locked for 30 s
    assert throttle.retry_after(attacker) == 30
    assert not auth.check_login(path, "alice", "correct horse battery", throttle, "10.0.0.9")  # refused while locked
    # the real user, at another address, is not locked out by someone else's guesses
    assert auth.check_login(path, "alice", "correct horse battery", throttle, "192.168.1.20")
    now[0] += 31
    assert not auth.check_login(path, "alice", "wrong again", throttle, "10.0.0.9")  # 6th failure in the window: 60 s
    assert throttle.retry_after(attacker) == 60
    now[0] += 61
    assert auth.check_login(path, "alice", "correct horse battery", throttle, "10.0.0.9")
    assert throttle.retry_after(attacker) == 0
    # failures older than the window do not count
    for _ in range(4):
        auth.check_login(path, "alice", "wrong", throttle, "10.0.0.9")
    now[0] += 601
    assert not auth.check_login(path, "alice", "wrong", throttle, "10.0.0.9")
    assert throttle.retry_after(attacker) == 0


def test_gradio_auth_callable(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    auth.add_user(path, "alice", "correct horse battery")
    check = auth.make_auth(path)
    assert asyncio.run(check("alice", "correct horse battery")) is True
    assert asyncio.run(check("alice", "nope")) is False


def test_security_headers_middleware() -> None:
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse
    from starlette.testclient import TestClient

    app = FastAPI()
    auth.install_security_headers(app)

    @app.get("/x")
    def x() -> PlainTextResponse:
        return PlainTextResponse("ok")

    r = TestClient(app).get("/x")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    assert csp.startswith("default-src 'self'; script-src 'self' 'unsafe-inline';")
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_login_required_when_auth_file_set(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from assistant.settings import Settings
    from assistant.types import Answer
    from assistant.web import server as app_module

    users = tmp_path / "users.json"
    auth.add_user(users, "alice", "correct horse battery")
    settings = Settings(documents_dir=tmp_path, data_dir=tmp_path / "data", index_dir=tmp_path / "i", auth_file=users)
    server = app_module.create_server(
        settings, iter_ask=lambda *a, **k: iter([Answer(question="q", answer="a")]),
        ask=lambda *a, **k: Answer(question="q", answer="a"), engines=["grounded"],
    )
    with TestClient(server) as client:
        assert client.get("/config").status_code == 401
        bad = client.post("/login", data={"username": "alice", "password": "wrong"})
        assert bad.status_code == 400
        good = client.post("/login", data={"username": "alice", "password": "correct horse battery"})
        assert good.status_code == 200
        assert client.get("/config").status_code == 200
