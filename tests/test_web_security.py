"""Sign-in and access (issue #10, findings 7, 8, 9): revocable server-side sessions, throttling, roles,
`docket user list/disable/enable/role`, sign-in to read and the Host allow-list of `docket serve`.

The docket is the FICTIONAL one of ``test_web.py``, built by the real `docket run`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import PASSWORD, Docket, copy_docket, csrf, fresh_docket, sign_in, web_client
from typer.testing import CliRunner

from docket.cli import app as cli


@pytest.fixture(scope="module")
def docket(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[Docket]:
    yield from fresh_docket(tmp_path_factory, seeded_home, "websec")


@pytest.fixture
def mine(docket: Docket, tmp_path: Path) -> Docket:
    return copy_docket(docket, tmp_path / "copy")


def client_for(d: Docket, **kw: object) -> TestClient:
    return web_client(d, warm=False, **kw)


def user(d: Docket, *args: str, stdin: str | None = None) -> tuple[int, str]:
    res = CliRunner().invoke(cli, ["user", *args, "--db", d.url], input=stdin)
    return res.exit_code, res.output


def can_review(client: TestClient, case_id: str) -> int:
    page = client.get(f"/cases/{case_id}").text
    if 'name="csrf_token"' not in page:   # signed out: a valid token of this browser all the same
        page = client.get("/login").text
    r = client.post("/review/status", data={"entity": "case", "entity_id": case_id, "status": "confirmed",
                                            "reason": "FICTIONAL", "csrf_token": csrf(page)}, follow_redirects=False)
    return r.status_code


def any_case(client: TestClient) -> str:
    return client.get("/api/cases").json()["cases"][0]["id"]


# -- finding 7: sessions end on sign-out, disable and role change ------------------------------------------
def test_a_copied_cookie_stops_working_after_sign_out(mine: Docket) -> None:
    with client_for(mine) as a:
        assert sign_in(a) == 303
        stolen = dict(a.cookies)
        page = a.get("/").text
        assert "Signed in as <strong>reviewer</strong>" in page
        a.post("/logout", data={"csrf_token": csrf(page)})
    with client_for(mine) as b:
        b.cookies.update(stolen)   # the replayed cookie of the ended session
        assert "Signed in as <strong>" not in b.get("/").text
        assert can_review(b, any_case(b)) == 403


def test_disable_and_role_change_end_sessions_at_once(mine: Docket) -> None:
    with client_for(mine) as c:
        case_id = any_case(c)
        assert sign_in(c) == 303
        assert can_review(c, case_id) == 303
        code, out = user(mine, "disable", "reviewer")
        assert code == 0 and "disabled reviewer" in out
        assert "Signed in as <strong>" not in c.get("/").text and can_review(c, case_id) == 403
        assert sign_in(c) == 401   # a disabled account cannot sign in
        assert user(mine, "enable", "reviewer")[0] == 0
        assert sign_in(c) == 303
        code, out = user(mine, "role", "reviewer", "viewer")
        assert code == 0 and "now viewer" in out
        assert "Signed in as <strong>" not in c.get("/").text
        assert sign_in(c) == 303
        assert 'action="/review/correct"' not in c.get(f"/cases/{case_id}").text
        assert can_review(c, case_id) == 403   # a viewer reads, and does not review


def test_user_commands(mine: Docket) -> None:
    assert user(mine, "add", "ana", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    code, out = user(mine, "list")
    assert code == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in out.strip().splitlines()}
    assert rows["ana"][1:3] == ["admin", "active"] and rows["reviewer"][1:3] == ["reviewer", "active"]
    for args, expected in ((["role", "ana", "boss"], "role 'boss': expected one of viewer, reviewer, admin"),
                           (["disable", "nobody"], "no user 'nobody'"),
                           (["add", "bo", "--role", "owner", "--password-stdin"], "role 'owner'")):
        code, out = user(mine, *args, stdin=PASSWORD + "\n")
        assert code == 2 and expected in out and "Traceback" not in out, out


# -- finding 8: throttling ------------------------------------------------------------------------------------
def test_many_wrong_passwords_lock_the_account_even_for_the_right_one(mine: Docket) -> None:
    with client_for(mine) as c:
        codes = [sign_in(c, f"wrong password {i}") for i in range(5)]
        assert codes == [401] * 5
        r_right = sign_in(c)
        assert r_right == 429
        page = c.get("/login").text
        token = csrf(page)
        r = c.post("/login", data={"username": "reviewer", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 429 and "too many failed sign-ins" in r.text
        # another account is not locked by these tries (per name), the address limit is higher
        assert user(mine, "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
        r = c.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": csrf(c.get("/login").text)},
                   follow_redirects=False)
        assert r.status_code == 303


# -- finding 9: sign in to read, and the Host allow-list --------------------------------------------------------
def test_private_docket_needs_a_session_to_read(mine: Docket) -> None:
    assert user(mine, "add", "val", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    with client_for(mine, private=True) as c:
        for path in ("/", "/log", "/docs", "/api/cases", "/api/review-log", "/api/stats", "/download/cases.csv"):
            r = c.get(path, follow_redirects=False)
            assert r.status_code in (303, 401), (path, r.status_code)
            assert "reviewer" not in r.text
        assert c.get("/", follow_redirects=False).headers["location"] == "/login"
        assert c.get("/login").status_code == 200
        token = csrf(c.get("/login").text)
        r = c.post("/login", data={"username": "val", "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get("/api/cases").status_code == 200 and c.get("/log").status_code == 200
    with client_for(mine) as c:   # the default stays open to read
        assert c.get("/api/cases").status_code == 200


def test_unknown_host_header_is_refused(mine: Docket) -> None:
    with client_for(mine, allowed_hosts=["localhost", "127.0.0.1", "docket.example.org"]) as c:
        assert c.get("/api/cases", headers={"host": "attacker.example"}).status_code == 400
        assert c.get("/api/cases", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/cases", headers={"host": "docket.example.org"}).status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, host: str) -> int:
    req = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_docket_serve_checks_the_host_header(mine: Docket) -> None:
    port = _free_port()
    env = {**os.environ, "DOCKET_HOME": str(mine.home), "DOCKET_SECRET_KEY": "serve-test-secret"}
    proc = subprocess.Popen([sys.executable, "-m", "docket.cli", "serve", "--db", mine.url, "--port", str(port),
                             "--allowed-host", "docket.example.org"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/api/cases"
        for _ in range(200):   # wait for the server (bounded: about 20 s)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode() if proc.stderr else "serve exited")
                time.sleep(0.1)
        assert _get(url, f"127.0.0.1:{port}") == 200
        assert _get(url, f"localhost:{port}") == 200
        assert _get(url, "docket.example.org") == 200
        assert _get(url, "rebound.attacker.example") == 400
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_sign_in_page_does_not_leak_which_names_exist(mine: Docket) -> None:
    with client_for(mine) as c:
        token = csrf(c.get("/login").text)
        a = c.post("/login", data={"username": "nobody-here", "password": "x" * 10, "csrf_token": token})
        b = c.post("/login", data={"username": "reviewer", "password": "x" * 10, "csrf_token": token})
        assert a.status_code == b.status_code == 401
        assert a.text.replace("nobody-here", "NAME") == b.text.replace("reviewer", "NAME")
