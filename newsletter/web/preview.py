"""The local preview: the editions in the output folder and the store, each rendered as the
reader will see it (desktop, mobile, dark mode, plain text, HTML source, headers, checks),
with a sample reader's unsubscribe link and greeting filled in, and warnings for whatever
sending still needs (from_address, base_url, secret).

It re-renders an edition from its stored `Edition` JSON whenever a template, the config file
or the edition changes (no gathering, no LLM call), and the page reloads by itself: it polls
a version URL once a second, a fingerprint of those files' modification times. Polling keeps
no connection open, so Ctrl-C stops the server at once. The preview never sends anything and
writes nothing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from newsletter.checks import (
    SIZE_WARNING_BYTES,
    Finding,
    check_email,
    check_sending,
    errors,
    html_bytes,
)
from newsletter.config import ConfigError, Settings, load_settings
from newsletter.deliver.errors import DeliveryError
from newsletter.deliver.message import GREETING_PLACEHOLDER, MessageFactory
from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import Subscriber
from newsletter.models import Edition, RenderedEmail
from newsletter.render import (
    GMAIL_CLIP_BYTES,
    UNSUBSCRIBE_PLACEHOLDER,
    RenderError,
    render_for,
)
from newsletter.resources import bundled_dir
from newsletter.store import Store, StoreError

__all__ = ["EMAIL_POLICY", "EditionPreview", "PreviewSource", "force_dark", "preview_routes"]

TABS = (
    ("desktop", "Desktop"),
    ("mobile", "Mobile"),
    ("dark", "Dark mode"),
    ("text", "Plain text"),
    ("source", "HTML source"),
    ("headers", "Headers"),
    ("checks", "Checks"),
)
SAMPLE_READER = Subscriber(
    id=1,
    email="reader@example.org",
    name="Sample Reader",
    status="active",
    subscribed_at=datetime(2020, 1, 1, tzinfo=UTC),
)
SAMPLE_UNSUBSCRIBE_URL = "https://unsubscribe.example.invalid/sample-reader"
"""The sample reader's unsubscribe link while sending is not configured: it goes nowhere."""
EMAIL_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
"""The email shown in the preview runs no code even if a template lets some through (mail
clients run none either); `newsletter check` reports such code as an error."""
_DARK_QUERY = re.compile(r"@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)", re.I)
_PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def force_dark(html: str) -> str:
    """The email with its dark-mode styles applied whatever the browser prefers."""
    return _DARK_QUERY.sub("@media all", html)


@dataclass
class EditionPreview:
    """One edition as rendered for the preview, or the reason it could not be."""

    edition: Edition
    version: str
    email: RenderedEmail | None = None
    findings: list[Finding] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    headers_note: str | None = None
    error: str | None = None

    @property
    def size(self) -> int:
        return html_bytes(self.email) if self.email else 0

    @property
    def size_state(self) -> str:
        """"over" Gmail's clip limit, "near" it, or "ok"."""
        if self.size > GMAIL_CLIP_BYTES:
            return "over"
        return "near" if self.size > SIZE_WARNING_BYTES else "ok"


def sample_message(
    settings: Settings, email: RenderedEmail, day: date
) -> tuple[RenderedEmail, list[tuple[str, str]], str | None]:
    """The email as delivery would send it to a sample reader (their unsubscribe link and
    greeting filled in) and its headers; without the settings sending needs, a sample link
    that goes nowhere and a note saying what is missing."""
    try:
        sender = Sender.from_settings(settings)
        factory = MessageFactory(sender, email, day)
    except DeliveryError as exc:
        sample = _fill(email, SAMPLE_UNSUBSCRIBE_URL)
        return sample, [("Subject", email.subject)], f"Sending is not configured yet: {exc}"
    message = factory.build(SAMPLE_READER)
    sample = _fill(email, sender.unsubscribe_links(SAMPLE_READER.id)[0])
    return sample, [(name, str(value)) for name, value in message.items()], None


def _fill(email: RenderedEmail, unsubscribe_url: str) -> RenderedEmail:
    greeting = f"Hello {SAMPLE_READER.name},"
    values = {UNSUBSCRIBE_PLACEHOLDER: unsubscribe_url, GREETING_PLACEHOLDER: greeting}
    html, text = email.html, email.text
    for placeholder, value in values.items():
        html = html.replace(placeholder, escape(value, quote=True))
        text = text.replace(placeholder, value)
    return email.model_copy(update={"html": html, "text": text})


class PreviewSource:
    """Where the preview finds editions, and their renders, cached until a file changes.

    `config` is the TOML file the settings came from: when it changes it is read again (a
    broken edit is shown on the page and the last good settings stay in use)."""

    def __init__(self, settings: Settings, config: Path | None = None) -> None:
        self._settings = settings
        self._config = config
        self._config_stamp = _stamp(config) if config else None
        self.config_error: str | None = None
        self._lock = threading.Lock()
        self._cache: dict[date, EditionPreview] = {}

    @property
    def settings(self) -> Settings:
        if self._config is not None and _stamp(self._config) != self._config_stamp:
            self._config_stamp = _stamp(self._config)
            try:
                self._settings = load_settings(self._config)
                self.config_error = None
            except ConfigError as exc:
                self.config_error = str(exc)
        return self._settings

    def _watched(self, day: date | None) -> Iterator[Path]:
        settings = self.settings
        folders = [bundled_dir("templates")]
        if settings.templates_dir is not None:
            folders.insert(0, settings.templates_dir)
        for folder in folders:
            yield from sorted(p for p in folder.rglob("*") if p.is_file())
        if self._config is not None:
            yield self._config
        if day is not None:
            yield self._folder(day) / "edition.json"
        else:
            yield settings.output_dir

    def version(self, day: date | None = None) -> str:
        """Changes whenever a template, the config or the edition's file changes."""
        digest = hashlib.sha256(str(self.config_error).encode())
        for path in self._watched(day):
            digest.update(f"{path}\0{_stamp(path)}\0".encode())
        return digest.hexdigest()[:16]

    def _folder(self, day: date) -> Path:
        return self.settings.output_dir / day.isoformat()

    def _store(self) -> Store | None:
        try:
            return Store.open(self.settings.database)
        except StoreError:
            return None

    def dates(self) -> list[date]:
        """Days with an edition in the output folder or the store, newest first."""
        days: set[date] = set()
        output = self.settings.output_dir
        if output.is_dir():
            for folder in output.iterdir():
                if (folder / "edition.json").is_file():
                    try:
                        days.add(date.fromisoformat(folder.name))
                    except ValueError:
                        continue
        store = self._store()
        if store is not None:
            try:
                days.update(store.edition_dates())
            finally:
                store.close()
        return sorted(days, reverse=True)

    def edition(self, day: date) -> Edition | None:
        """The stored edition of the day: from the store, else from its edition.json."""
        store = self._store()
        if store is not None:
            try:
                if (stored := store.edition(day)) is not None:
                    return stored
            finally:
                store.close()
        path = self._folder(day) / "edition.json"
        if path.is_file():
            return Edition.model_validate_json(path.read_text(encoding="utf-8"))
        return None

    def preview(self, day: date) -> EditionPreview | None:
        """The edition rendered with the current templates and settings."""
        version = self.version(day)
        with self._lock:
            cached = self._cache.get(day)
            if cached is not None and cached.version == version:
                return cached
            edition = self.edition(day)
            if edition is None:
                return None
            shown = EditionPreview(edition=edition, version=version)
            try:
                shown.email = render_for(edition, self.settings)
            except RenderError as exc:
                shown.error = str(exc)
            else:
                shown.findings = check_email(shown.email, edition=edition)
                shown.findings += check_sending(self.settings)
                shown.email, shown.headers, shown.headers_note = sample_message(
                    self.settings, shown.email, day
                )
            self._cache[day] = shown
            return shown


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _day(request: Request) -> date | None:
    try:
        return date.fromisoformat(request.path_params["day"])
    except ValueError:
        return None


def _page(template: str, status: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(_PAGES.get_template(template).render(context), status_code=status)


def preview_routes(settings: Settings, *, config: Path | None = None) -> list[Route]:
    """The preview's routes. `config` is the settings file to watch for changes."""
    source = PreviewSource(settings, config)

    def not_found(day: str) -> HTMLResponse:
        return _page(
            "missing.html.j2",
            404,
            day=day,
            name=source.settings.name,
            hint=f"newsletter generate --date {day}",
        )

    def index(request: Request) -> Response:
        return _page(
            "index.html.j2",
            name=source.settings.name,
            days=source.dates(),
            version=source.version(),
            config_error=source.config_error,
        )

    def edition_page(request: Request) -> Response:
        day = _day(request)
        shown = source.preview(day) if day else None
        if day is None or shown is None:
            return not_found(request.path_params["day"])
        return _page(
            "edition.html.j2",
            day=day,
            shown=shown,
            tabs=TABS,
            errors=errors(shown.findings),
            limit_kb=GMAIL_CLIP_BYTES // 1024,
            config_error=source.config_error,
        )

    def email_html(request: Request) -> Response:
        day = _day(request)
        shown = source.preview(day) if day else None
        if shown is None or shown.email is None:
            return not_found(request.path_params["day"])
        html = shown.email.html
        if request.query_params.get("scheme") == "dark":
            html = force_dark(html)
        return HTMLResponse(html, headers={"Content-Security-Policy": EMAIL_POLICY})

    def email_text(request: Request) -> Response:
        day = _day(request)
        shown = source.preview(day) if day else None
        if shown is None or shown.email is None:
            return not_found(request.path_params["day"])
        return PlainTextResponse(shown.email.text)

    def version(request: Request) -> Response:
        day = _day(request) if "day" in request.path_params else None
        if "day" in request.path_params and day is None:
            return not_found(request.path_params["day"])
        return JSONResponse({"version": source.version(day)})

    return [
        Route("/", index, name="index"),
        Route("/version", version, name="index_version"),
        Route("/editions/{day:str}", edition_page, name="edition"),
        Route("/editions/{day:str}/email.html", email_html, name="email_html"),
        Route("/editions/{day:str}/email.txt", email_text, name="email_text"),
        Route("/editions/{day:str}/version", version, name="edition_version"),
    ]
