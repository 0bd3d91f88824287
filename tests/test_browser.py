"""The email and the preview in a real browser: headless Chromium (Debian's `chromium`),
driven by Playwright with that executable (no browser download).

Skipped, with the reason printed, only when Chromium or Playwright cannot be found; with
REQUIRE_BROWSER=1 (as in CI) that is a failure instead. UPDATE_SCREENSHOT=1 also writes the
preview screenshot to examples/preview.png, the one the README shows.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.render import render
from newsletter.web.preview import SAMPLE_UNSUBSCRIBE_URL
from tests.conftest import ROOT
from tests.test_preview import config as config
from tests.test_preview import free_port, save_in_store, start_preview, wait_for
from tests.test_render import (
    AMPERSAND_HEADLINE,
    also_today_stories,
    make_edition,
    many_stories,
    one_liner,
)

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)")
    print(f"skipping the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    executable = executable or shutil.which("chromium-browser")
    if not executable:
        _unavailable("Chromium not found: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def email_file(tmp_path: Path) -> Path:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    one_liners = [
        *also_today_stories(),
        one_liner(f"{long_word} study", "https://example.org/long", (long_word, None)),
    ]
    edition = make_edition(many_stories(20) + one_liners)
    email = render(edition, postal_address="4 Mill Lane, Riverton")
    path = tmp_path / "email.html"
    path.write_text(email.html, encoding="utf-8")
    return path


def overflow(frame) -> int:
    """How many pixels the page is wider than its viewport (0: no horizontal scrolling)."""
    return frame.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [320, 375, 640])
def test_email_fits_the_screen_and_shows_its_footer(browser, email_file: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(email_file.as_uri())
        assert overflow(page) == 0
        also = page.locator(".nl-also").bounding_box()
        assert also is not None and also["x"] >= 0 and also["x"] + also["width"] <= width
        assert page.evaluate(
            "[...document.querySelectorAll('.nl-also li')]"
            ".every(li => li.scrollWidth <= li.clientWidth)"
        )
        unsubscribe = page.get_by_role("link", name="Unsubscribe")
        unsubscribe.scroll_into_view_if_needed()
        assert unsubscribe.is_visible()
        box = unsubscribe.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.get_by_text("4 Mill Lane, Riverton").is_visible()
        assert page.evaluate(
            "[...document.querySelectorAll('.nl-contents li, h3')]"
            ".every(e => e.scrollWidth <= e.clientWidth)"
        )
    finally:
        page.close()


def test_the_lead_story_and_the_contents_lead_to_every_story(browser, email_file: Path) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(email_file.as_uri())
        label = page.get_by_text("Lead story", exact=True)
        lead = page.locator("#story-0 h3")
        assert label.is_visible() and lead.is_visible()
        assert lead.bounding_box()["y"] < page.get_by_text("In this edition").bounding_box()["y"]
        assert lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") > page.locator(
            "#story-1 h3"
        ).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        entries = page.locator(".nl-contents li a")
        assert entries.count() == 19  # every story but the lead
        entries.nth(17).click()
        target = page.locator("#story-18 h3")
        page.wait_for_function("location.hash === '#story-18'")
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 800  # scrolled to the story
        assert target.inner_text() == entries.nth(17).inner_text()
    finally:
        page.close()


def test_email_in_dark_mode_has_a_dark_background(browser, email_file: Path) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(email_file.as_uri())
        colour = page.evaluate(
            "getComputedStyle(document.querySelector('.nl-card')).backgroundColor"
        )
        assert colour == "rgb(22, 27, 34)"  # dark_content_color, #161b22
        text = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
        assert text == "rgb(230, 237, 243)"  # dark_text_color, #e6edf3
        item = page.evaluate("getComputedStyle(document.querySelector('.nl-also li')).color")
        assert item == "rgb(230, 237, 243)"
    finally:
        context.close()


def colour(page, selector: str, prop: str = "color") -> list[str]:
    return page.evaluate(
        f"[...document.querySelectorAll({selector!r})].map(e => getComputedStyle(e).{prop})"
    )


@pytest.mark.parametrize(("scheme", "width"), [("light", 375), ("dark", 640)])
def test_headlines_look_alike_and_links_are_visible(
    browser, email_file: Path, scheme: str, width: int
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(email_file.as_uri())
        text = "rgb(230, 237, 243)" if scheme == "dark" else "rgb(31, 35, 40)"
        accent = "rgb(108, 182, 255)" if scheme == "dark" else "rgb(11, 92, 173)"
        assert set(colour(page, "h3") + colour(page, "h3 a")) == {text}
        assert set(colour(page, "h3 a", "textDecorationLine")) == {"underline"}
        more = page.locator("a.nl-more")
        assert more.count() == 20 and set(colour(page, "a.nl-more")) == {accent}
        assert more.first.inner_text() == "Read more at Harbor Notes →"
        assert more.first.is_visible()
        footer = ".nl-rule p"
        muted = "rgb(157, 167, 179)" if scheme == "dark" else "rgb(87, 96, 106)"
        assert set(colour(page, footer)) == {muted}
        rules = set(colour(page, ".nl-rule", "borderTopColor"))
        assert rules == ({"rgb(48, 54, 61)"} if scheme == "dark" else {"rgb(208, 215, 222)"})
        assert set(colour(page, ".nl-contents a")) == {accent}
        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            page.screenshot(path=ROOT / "examples" / f"email-{scheme}-{width}.png")
    finally:
        context.close()


def test_the_masthead_rule_keeps_off_the_top_edge_at_640_px(browser, email_file: Path) -> None:
    page = browser.new_page(viewport={"width": 640, "height": 800})
    try:
        page.goto(email_file.as_uri())
        top = page.evaluate(
            "Math.min(...[...document.querySelectorAll('[style*=\"border-top:4px\"]')]"
            ".map(e => e.getBoundingClientRect().top))"
        )
        assert top >= 12
    finally:
        page.close()


def test_preview_tabs_in_a_browser(browser, config: Path, tmp_path: Path) -> None:
    save_in_store(config, make_edition())
    port = free_port()
    process = start_preview(config, port)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        url = f"http://127.0.0.1:{port}/editions/2022-02-22"
        wait_for(url, process)
        page.goto(url)

        page.get_by_role("tab", name="Mobile").click()
        mobile = page.locator("#panel-mobile iframe")
        mobile.wait_for(state="visible")
        assert not page.locator("#panel-desktop").is_visible()
        frame = mobile.element_handle().content_frame()
        frame.get_by_role("link", name="Unsubscribe").wait_for()
        assert frame.evaluate("window.innerWidth") == 375
        assert overflow(frame) == 0
        page.screenshot(path=tmp_path / "preview-mobile.png")
        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            page.screenshot(path=ROOT / "examples" / "preview.png")

        page.get_by_role("tab", name="Plain text").click()
        text = page.locator("#panel-text pre")
        text.wait_for(state="visible")
        assert not mobile.is_visible() and AMPERSAND_HEADLINE in text.inner_text()
        assert f"Unsubscribe: {SAMPLE_UNSUBSCRIBE_URL}" in text.inner_text()
        page.screenshot(path=tmp_path / "preview-text.png")
        assert (tmp_path / "preview-mobile.png").stat().st_size > 0
    finally:
        page.close()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
