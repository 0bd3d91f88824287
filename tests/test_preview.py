"""The preview app, in-process over httpx's ASGITransport, and `newsletter preview` as a real
server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from newsletter.config import load_settings
from newsletter.models import Edition
from newsletter.render import UNSUBSCRIBE_PLACEHOLDER, render
from newsletter.store import Store
from newsletter.web.app import LOCAL_HOSTS, create_app
from newsletter.web.preview import SAMPLE_UNSUBSCRIBE_URL, preview_routes
from tests.test_render import AMPERSAND_HEADLINE, make_edition, many_stories

CONFIG = """
name = "The Riverton Brief"
output_dir = "out"
data_dir = "data"
templates_dir = "my-templates"

[branding]
accent_color = "#0b5cad"
"""


SENDING = """
[sender]
from_address = "brief@example.org"
base_url = "https://news.example.org"
secret = "a-long-random-test-secret-0123456789"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(CONFIG, encoding="utf-8")
    (tmp_path / "my-templates").mkdir()
    return path


def save_in_store(config: Path, edition: Edition) -> None:
    store = Store.open(load_settings(config).database)
    try:
        store.save_edition(edition)
    finally:
        store.close()


def save_in_folder(config: Path, edition: Edition) -> None:
    folder = config.parent / "out" / edition.date.isoformat()
    folder.mkdir(parents=True)
    email = render(edition)
    (folder / "email.html").write_text(email.html, encoding="utf-8")
    (folder / "email.txt").write_text(email.text, encoding="utf-8")
    (folder / "edition.json").write_text(edition.model_dump_json(), encoding="utf-8")


def get(config: Path, *paths: str, host: str = "127.0.0.1") -> list[httpx.Response]:
    """GET each path from a fresh preview app, in order, in-process."""
    app = create_app(
        load_settings(config), preview_routes(load_settings(config), config=config),
        allowed_hosts=LOCAL_HOSTS,
    )

    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as client:
            return [await client.get(path) for path in paths]

    return asyncio.run(fetch())


class Session:
    """One preview app kept across requests, as a running server is."""

    def __init__(self, config: Path) -> None:
        settings = load_settings(config)
        self.app = create_app(settings, preview_routes(settings, config=config))

    def get(self, path: str) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                return await c.get(path)

        return asyncio.run(fetch())


def test_index_lists_editions_from_the_store_and_the_folder_newest_first(config: Path) -> None:
    save_in_store(config, make_edition(date=date(2022, 2, 21)))
    save_in_folder(config, make_edition(date=date(2022, 2, 23)))
    save_in_store(config, make_edition(date=date(2022, 2, 22)))
    (index,) = get(config, "/")
    assert index.status_code == 200
    listed = [line for line in index.text.splitlines() if 'href="/editions/' in line]
    assert [line.split('"')[1] for line in listed] == [
        "/editions/2022-02-23",
        "/editions/2022-02-22",
        "/editions/2022-02-21",
    ]


def test_edition_page_has_every_tab_and_a_green_size_badge(config: Path) -> None:
    save_in_store(config, make_edition())
    page, html, dark, text = get(
        config,
        "/editions/2022-02-22",
        "/editions/2022-02-22/email.html",
        "/editions/2022-02-22/email.html?scheme=dark",
        "/editions/2022-02-22/email.txt",
    )
    for tab in ("Desktop", "Mobile", "Dark mode", "Plain text", "HTML source", "Headers", "Checks"):
        assert f">{tab}</a>" in page.text
    assert 'class="badge ok"' in page.text and "0 error(s), 4 warning(s)" in page.text
    assert "story has no link" in page.text  # the ferry story's links are not http(s)
    for key in ("from_address", "base_url", "secret"):  # what sending needs, in two tabs
        assert page.text.count(f"sender.{key} is not set: sending needs") == 2
    assert 'width="375"' in page.text and 'width="640"' in page.text
    assert "Council votes 7–2 on “Parks &amp; Paths” plan" in html.text
    assert "@media (prefers-color-scheme: dark)" in html.text
    assert "@media all" in dark.text and "prefers-color-scheme: dark" not in dark.text
    assert AMPERSAND_HEADLINE in text.text and text.headers["content-type"].startswith("text/plain")
    assert "Subject: Parks &amp; Paths approved, 7–2" in page.text  # the headers tab


def test_the_email_in_the_preview_may_run_no_script(config: Path) -> None:
    save_in_store(config, make_edition())
    for reply in get(
        config, "/editions/2022-02-22/email.html", "/editions/2022-02-22/email.html?scheme=dark"
    ):
        assert "script-src 'none'" in reply.headers["content-security-policy"]


def test_the_preview_fills_in_a_sample_readers_links(config: Path) -> None:
    save_in_store(config, make_edition())
    html, text = get(config, "/editions/2022-02-22/email.html", "/editions/2022-02-22/email.txt")
    assert UNSUBSCRIBE_PLACEHOLDER not in html.text + text.text
    assert f'href="{SAMPLE_UNSUBSCRIBE_URL}"' in html.text
    assert f"Unsubscribe: {SAMPLE_UNSUBSCRIBE_URL}" in text.text

    config.write_text(CONFIG.replace("[branding]", SENDING + "\n[branding]"), encoding="utf-8")
    page, html, text = get(
        config,
        "/editions/2022-02-22",
        "/editions/2022-02-22/email.html",
        "/editions/2022-02-22/email.txt",
    )
    assert "is not set: sending needs" not in page.text
    assert 'href="https://news.example.org/unsubscribe/' in html.text
    assert "Unsubscribe: https://news.example.org/unsubscribe/" in text.text
    assert "View in browser: https://news.example.org/archive/2022-02-22" in text.text
    assert 'href="https://news.example.org/archive/2022-02-22">View in browser' in html.text


def test_size_badge_turns_red_above_gmails_limit(config: Path) -> None:
    save_in_store(config, make_edition(many_stories(120)))
    (page,) = get(config, "/editions/2022-02-22")
    assert 'class="badge over"' in page.text
    assert "above Gmail&#39;s 102 KB limit" in page.text
    assert 'class="badge error"' in page.text


def test_editing_a_template_re_renders_the_stored_edition(config: Path) -> None:
    save_in_store(config, make_edition())  # no sources are configured: nothing can be gathered
    session = Session(config)
    before = session.get("/editions/2022-02-22/version").json()["version"]
    assert session.get("/editions/2022-02-22/version").json()["version"] == before

    partials = config.parent / "my-templates" / "partials"
    partials.mkdir()
    (partials / "footer.mjml.j2").write_text(
        '<mj-section><mj-column><mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a> '
        "from the river desk</mj-text></mj-column></mj-section>\n",
        encoding="utf-8",
    )
    after = session.get("/editions/2022-02-22/version").json()["version"]
    assert after != before
    assert "from the river desk" in session.get("/editions/2022-02-22/email.html").text


def test_editing_the_config_re_renders_with_the_new_branding(config: Path) -> None:
    save_in_store(config, make_edition())
    session = Session(config)
    before = session.get("/editions/2022-02-22/version").json()["version"]
    assert "a { color: #0b5cad; }" in session.get("/editions/2022-02-22/email.html").text

    config.write_text(CONFIG.replace("#0b5cad", "#8a1c7c"), encoding="utf-8")
    os.utime(config, ns=(time.time_ns() + 10**9,) * 2)  # a new mtime even on coarse clocks
    assert session.get("/editions/2022-02-22/version").json()["version"] != before
    assert "a { color: #8a1c7c; }" in session.get("/editions/2022-02-22/email.html").text


def test_a_broken_template_edit_is_shown_on_the_page(config: Path) -> None:
    save_in_store(config, make_edition())
    session = Session(config)
    (config.parent / "my-templates" / "email.txt.j2").write_text("{{ edition.nmae }}\n")
    page = session.get("/editions/2022-02-22")
    assert page.status_code == 200
    assert 'id="render-error"' in page.text and "nmae" in page.text


def test_a_broken_config_edit_keeps_the_last_good_settings(config: Path) -> None:
    save_in_store(config, make_edition())
    session = Session(config)
    config.write_text("max_stories = 0\n" + CONFIG, encoding="utf-8")
    os.utime(config, ns=(time.time_ns() + 10**9,) * 2)
    page = session.get("/editions/2022-02-22")
    assert "The config file has an error" in page.text and "max_stories" in page.text
    assert AMPERSAND_HEADLINE in session.get("/editions/2022-02-22/email.txt").text


def test_unknown_editions_and_foreign_hosts(config: Path) -> None:
    missing, bad_date = get(config, "/editions/2022-02-25", "/editions/not-a-date")
    assert missing.status_code == 404
    assert "newsletter generate --date 2022-02-25" in missing.text
    assert bad_date.status_code == 404
    (foreign,) = get(config, "/", host="attacker.example")
    assert foreign.status_code == 400


# --- the real server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"the preview exited early: {process.communicate()}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail(f"the preview did not answer at {url}")


def start_preview(config: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsletter", "preview", "--config", str(config), "--port",
         str(port), "--date", "2022-02-22"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_preview_serves_on_localhost_and_stops_cleanly_on_ctrl_c(config: Path) -> None:
    save_in_store(config, make_edition())
    port = free_port()
    process = start_preview(config, port)
    try:
        reply = wait_for(f"http://127.0.0.1:{port}/editions/2022-02-22", process)
        assert reply.status_code == 200 and "Parks &amp; Paths approved" in reply.text
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/editions/2022-02-22" in out
    assert "Preview stopped." in out
    assert "Traceback" not in err


def test_preview_on_a_busy_port_says_so(config: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = start_preview(config, busy.getsockname()[1])
        out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "choose another port with --port" in " ".join((out + err).split())
