"""The unsubscribe endpoint: a page on GET, RFC 8058 one-click on POST, 400 for bad tokens;
driven in-process over httpx's ASGITransport, and once over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
import threading
import time

import httpx
import pytest
import uvicorn

from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from newsletter.web.app import create_app
from newsletter.web.unsubscribe import unsubscribe_routes
from tests.delivery import free_port, settings_for, smtp_server
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
