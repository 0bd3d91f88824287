"""The unsubscribe endpoint: a page on GET, RFC 8058 one-click on POST, 400 for bad tokens;
driven in-process over httpx's ASGITransport, and once over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn

from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from newsletter.web.app import create_app
from newsletter.web.unsubscribe import unsubscribe_routes
from tests.delivery import free_port, settings_for, smtp_server, write_edition
from tests.test_deliver import ACTIVE, send, statuses, subscribe


@pytest.fixture
def site(tmp_path):
    """(settings, the app, the unsubscribe path of each subscriber by address)."""
    settings = settings_for(tmp_path, None)
    subscribe(settings)
    store = Store.open(settings.database)
    sender = Sender.from_settings(settings)
    paths = {
        s.email: f"/unsubscribe/{sender.token(s.id)}" for s in SubscriberList(store).iterate()
    }
    yield settings, create_app(settings, unsubscribe_routes(settings, store)), paths
    store.close()


def call(app, method: str, path: str, **options) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://news.test") as client:
            return await client.request(method, path, **options)

    return asyncio.run(go())


def test_get_shows_one_button_and_changes_nothing(site) -> None:
    settings, app, paths = site
    response = call(app, "GET", paths[ACTIVE[0]])
    assert response.status_code == 200
    assert ACTIVE[0] in response.text
    assert len(re.findall(r'<form method="post"', response.text)) == 1
    assert statuses(settings)[ACTIVE[0]] == "active"


def test_one_click_post_unsubscribes_at_once_and_is_idempotent(site) -> None:
    settings, app, paths = site
    body = {"content": b"List-Unsubscribe=One-Click",
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}}  # fmt: skip
    first = call(app, "POST", paths[ACTIVE[1]], **body)
    second = call(app, "POST", paths[ACTIVE[1]], **body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert "location" not in first.headers
    assert "unsubscribed" in first.text
    found = statuses(settings)
    assert found[ACTIVE[1]] == "unsubscribed"
    assert [a for a, s in found.items() if s == "active"] == [a for a in ACTIVE if a != ACTIVE[1]]
    assert "unsubscribed" in call(app, "GET", paths[ACTIVE[1]]).text


@pytest.mark.parametrize("mangle", [
    lambda p: p[:-2] + ("xx" if not p.endswith("xx") else "yy"),  # a changed signature
    lambda p: p.replace("/unsubscribe/", "/unsubscribe/1"),  # another subscriber's id
    lambda p: p.split(".")[0],  # cut short
    lambda p: "/unsubscribe/%3Cscript%3E",
])  # fmt: skip
def test_a_bad_token_gets_400_and_a_plain_message(site, mangle) -> None:
    settings, app, paths = site
    for method in ("GET", "POST"):
        response = call(app, method, mangle(paths[ACTIVE[2]]))
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/plain")
        assert "not valid" in response.text
    assert set(statuses(settings).values()) == {"active"}


def test_the_link_in_a_sent_message_unsubscribes_over_real_http(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        send(settings)
    header = sink.messages(ACTIVE[3])[0]["List-Unsubscribe"]
    path = re.search(r"<https://news\.example\.org(/unsubscribe/[^>]+)>", header).group(1)

    store = Store.open(settings.database)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        create_app(settings, unsubscribe_routes(settings, store)), host="127.0.0.1", port=port,
        log_level="warning", lifespan="off",
    ))  # fmt: skip
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            time.sleep(0.01)
        response = httpx.post(
            f"http://127.0.0.1:{port}{path}", content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
    finally:
        server.should_exit = True
        thread.join()
        store.close()
    assert response.status_code == 200
    assert statuses(settings)[ACTIVE[3]] == "unsubscribed"


# A process that holds the SQLite write lock until its stdin closes (another command writing).
HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def store_locked_by_another_process(database: str) -> Iterator[None]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, database],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.communicate("", timeout=30)


def test_an_unsubscribe_while_the_store_is_locked_is_kept_and_applied_before_sending(
    tmp_path,
) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        write_edition(settings)
        store = Store.open(settings.database, busy_timeout=0.2)  # waits 0.2 s, not 30
        sender = Sender.from_settings(settings)
        people = {s.email: s.id for s in SubscriberList(store).iterate()}
        app = create_app(settings, unsubscribe_routes(settings, store))
        body = {"content": b"List-Unsubscribe=One-Click",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"}}  # fmt: skip

        with store_locked_by_another_process(str(tmp_path / "newsletter.db")):
            asked_at = datetime.now(UTC)
            kept = call(app, "POST", f"/unsubscribe/{sender.token(people[ACTIVE[0]])}", **body)
            offered = call(app, "GET", f"/unsubscribe/{sender.token(people[ACTIVE[1]])}")
        store.close()
        assert kept.status_code == 200 and "You are unsubscribed" in kept.text
        assert offered.status_code == 200 and '<form method="post"' in offered.text
        assert statuses(settings)[ACTIVE[0]] == "active"  # not written yet, but kept

        report = send(settings)

    assert ACTIVE[0] not in sink.counts()
    assert report.sent == len(ACTIVE) - 1
    reopened = Store.open(settings.database)
    gone = SubscriberList(reopened).get(ACTIVE[0])
    reopened.close()
    assert gone.status == "unsubscribed" and gone.status_reason == "one-click unsubscribe"
    assert abs(gone.unsubscribed_at - asked_at) < timedelta(seconds=5)  # when it was asked


def test_a_kept_unsubscribe_is_written_at_the_next_request_that_reaches_the_store(
    tmp_path,
) -> None:
    settings = settings_for(tmp_path, None)
    subscribe(settings)
    store = Store.open(settings.database, busy_timeout=0.2)
    sender = Sender.from_settings(settings)
    people = {s.email: s.id for s in SubscriberList(store).iterate()}
    app = create_app(settings, unsubscribe_routes(settings, store))

    with store_locked_by_another_process(str(tmp_path / "newsletter.db")):
        assert call(app, "POST", f"/unsubscribe/{sender.token(people[ACTIVE[0]])}").status_code \
            == 200
    assert call(app, "POST", f"/unsubscribe/{sender.token(people[ACTIVE[1]])}").status_code == 200
    store.close()

    found = statuses(settings)
    assert (found[ACTIVE[0]], found[ACTIVE[1]]) == ("unsubscribed", "unsubscribed")
    assert [a for a, s in found.items() if s == "active"] == ACTIVE[2:]
