"""A recorded decision is never lost, and two control rooms at once lose no message.

Real processes, as the demo runs: gunicorn with two workers on a SQLite
database file of its own (pytest-django's test database lives in this
process's memory). A player posts decisions over HTTP one after the other
while the exercise runs; after several have been acknowledged the whole
server (its process group: master and workers) gets SIGKILL, with a
decision possibly in flight. After a restart every acknowledged decision is
in the log, in the order and with the times they were made, the clock still
runs where it was, and nothing half written is there.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
WEB = str(BIN / "weerbaar-web")
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "gemeente-voorbeeld.yaml"

SEED = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from weerbaar.model import load_map, to_data
from weerbaar.web.accounts.models import Membership, Organisation, Role
from weerbaar.web.analyses import exercises as compute
from weerbaar.web.exercises.models import ExerciseRecord, Participant
from weerbaar.web.exercises.store import script_data
from weerbaar.web.maps import service

org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="voorbeeld")
m = load_map(%(map)r)
record = service.create_map(org, to_data(m), None, "test")
ex = compute.draft(m, m.scenarios[0].id, title="", duration=3.0, seed=1, language="nl",
                   version_label="v1")
exercise = ExerciseRecord.objects.create(
    riskmap=record, map_version=1, title=ex.title, scenario_id=ex.scenario,
    script=script_data(ex), status="running", clock_state="running", clock_offset=0.5,
    clock_speed=1.0, clock_since=timezone.now(),
)
role = ex.roles[0].id
user = get_user_model().objects.create_user(username="speler", password=None)
Participant.objects.create(exercise=exercise, user=user, role=role)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(json.dumps({"map": record.pk, "exercise": exercise.pk, "session": session.session_key,
                  "role": role}))
"""


def cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", True, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn in a process group of its own, so that SIGKILL reaches every worker."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "weerbaar.web.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        end = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/inloggen/", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > end:
                    raise AssertionError("gunicorn did not start") from None
                time.sleep(0.2)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)
        self.process = None


def server_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "WEERBAAR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'weerbaar.sqlite3'}",
        "WEERBAAR_HTTPS": "false",
        # Static files from the source folders, without a collectstatic run.
        "WEERBAAR_DEBUG": "true",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def web(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([WEB, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout


def seeded(env: dict[str, str]) -> dict[str, Any]:
    """A migrated database with a running exercise and a player's session."""
    web(env, "migrate", "--noinput", "-v0")
    found: dict[str, Any] = json.loads(
        web(env, "shell", "-v0", "-c", SEED % {"map": str(EXAMPLE)}).strip()
    )
    return found


def opener_for(session: str) -> urllib.request.OpenerDirector:
    """A browser signed in with ``session``; it keeps the CSRF cookie the pages set."""
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(cookie("sessionid", session))
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def test_a_killed_server_loses_no_acknowledged_decision(tmp_path: Path) -> None:
    db = tmp_path / "weerbaar.sqlite3"
    env = server_env(tmp_path)
    seed = seeded(env)
    base = f"http://127.0.0.1:{free_port()}"
    server = Server(env, int(base.rsplit(":", 1)[1]))
    prefix = f"/kaarten/{seed['map']}/oefeningen/{seed['exercise']}/"

    # The player's browser: the session as if logged in; the CSRF cookie from the page.
    opener = opener_for(seed["session"])
    problems: list[str] = []

    def csrf() -> str:
        page = opener.open(base + prefix + "spelen/", timeout=10).read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "the player page has a decision form"
        return found.group(1)

    acknowledged: list[str] = []
    sent: list[str] = []
    stop = threading.Event()

    def play() -> None:
        token = csrf()
        n = 0
        while not stop.is_set():
            text = f"Besluit {n}: noodprocedure starten"
            body = urllib.parse.urlencode({"text": text, "csrfmiddlewaretoken": token}).encode()
            sent.append(text)
            try:
                response = opener.open(base + prefix + "besluit/", data=body, timeout=10)
            except urllib.error.HTTPError as exc:
                problems.append(f"{exc.code} {exc.reason}")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                return  # the server is gone: this one may or may not be stored
            if response.status == 200:  # followed the redirect to the player page
                acknowledged.append(text)
            n += 1

    server.start()
    try:
        player = threading.Thread(target=play, daemon=True)
        player.start()
        end = time.monotonic() + 60
        while len(acknowledged) < 8 and player.is_alive() and time.monotonic() < end:
            time.sleep(0.02)
        assert len(acknowledged) >= 8, f"the player could not record decisions: {problems}"
        server.kill()  # mid-stream: a decision is usually in flight
        stop.set()
        player.join(timeout=15)
        server.start()
        state = json.loads(opener.open(base + prefix + "stand/", timeout=10).read())
    finally:
        stop.set()
        if server.process is not None:
            server.kill()
    logged = [d["text"] for d in state["decisions"]]
    assert logged[: len(acknowledged)] == acknowledged  # every one, in order
    assert set(logged) <= set(sent)  # nothing half written or invented
    assert len(logged) - len(acknowledged) <= 1  # at most the one in flight
    assert state["status"] == "running" and state["clock"] == "running"
    with sqlite3.connect(db) as c:
        rows = c.execute(
            "SELECT text, at, logged FROM exercises_decisionentry ORDER BY id"
        ).fetchall()
    assert [r[0] for r in rows] == logged
    assert all(r[1] >= 0.5 and r[2] for r in rows)  # exercise time and wall time kept
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)


CONTROLLERS = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from weerbaar.web.accounts.models import Membership, Organisation, Role
org = Organisation.objects.get(slug="voorbeeld")
keys = []
for name in ("regie-1", "regie-2"):
    user = get_user_model().objects.create_user(username=name, password=None)
    Membership.objects.create(user=user, organisation=org, role=Role.CISO)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""


def test_two_controllers_at_once_lose_no_message(tmp_path: Path) -> None:
    """Two control rooms send messages at the same moment: every acknowledged one stays."""
    env = server_env(tmp_path)
    seed = seeded(env)
    keys = json.loads(web(env, "shell", "-v0", "-c", CONTROLLERS).strip())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    prefix = f"/kaarten/{seed['map']}/oefeningen/{seed['exercise']}/"
    server = Server(env, port)
    sent: dict[str, list[str]] = {k: [] for k in keys}
    problems: list[str] = []

    def control(key: str) -> None:
        opener = opener_for(key)
        page = opener.open(base + prefix + "regie/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        for n in range(10):
            title = f"{key[:6]} bericht {n}"
            body = urllib.parse.urlencode(
                {"title": title, "text": "", "channel": "telefoon",
                 "recipients": seed["role"], "csrfmiddlewaretoken": token.group(1)}
            ).encode()  # fmt: skip
            try:
                opener.open(base + prefix + "regie/bericht/", data=body, timeout=30)
            except urllib.error.HTTPError as exc:
                problems.append(f"{exc.code} {title}")
                continue
            sent[key].append(title)

    server.start()
    try:
        threads = [threading.Thread(target=control, args=(k,)) for k in keys]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        state = json.loads(opener_for(keys[0]).open(base + prefix + "stand/", timeout=10).read())
    finally:
        server.kill()
    assert not problems, problems
    titles = [i["title"] for i in state["injects"]]
    for key in keys:
        assert len(sent[key]) == 10
        assert set(sent[key]) <= set(titles), f"lost: {set(sent[key]) - set(titles)}"
    with sqlite3.connect(tmp_path / "weerbaar.sqlite3") as c:
        (script,) = c.execute(
            "SELECT script FROM exercises_exerciserecord WHERE id = ?", (seed["exercise"],)
        ).fetchone()
    ids = [i["id"] for i in json.loads(script)["injects"]]
    assert len(ids) == len(set(ids))  # no two messages under one id
