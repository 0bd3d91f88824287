"""Edition → RenderedEmail: the HTML part (Jinja2 → MJML → HTML) and the plain-text part.

This module owns the Jinja2 environment the email templates run in: where templates are looked
up (the user's folder first, then the bundled one), HTML escaping for the MJML template and
none for the plain-text one, the filters the templates use (`safe_url`, `wrap`, `longdate`...),
and the MJML compilation. Article strings are untrusted: they are escaped in HTML, only
http(s) links survive, and control characters never reach either part.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mjml import mjml_to_html

from newsletter.models import Edition, RenderedEmail, Story
from newsletter.resources import bundled_dir

__all__ = [
    "HTML_TEMPLATE",
    "TEXT_TEMPLATE",
    "UNSUBSCRIBE_PLACEHOLDER",
    "RenderError",
    "make_environment",
    "render",
    "safe_url",
    "wrap",
]

HTML_TEMPLATE = "email.mjml.j2"
TEXT_TEMPLATE = "email.txt.j2"
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
"""Left in both parts for delivery to replace with each recipient's own unsubscribe link."""

TEXT_WIDTH = 72
MAX_QUOTES = 2

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# C0 and C1 control characters except tab and newline, plus DEL: they have no business in an
# email, break the MJML parser and can drive a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that could end an HTML attribute or confuse a mail client's link detection.
_URL_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in "\"'<>`\\ {}|^"}
_QUOTE_MARKS = "\"'“”‘’„«»"


class RenderError(Exception):
    """The email could not be rendered: a template failed or MJML rejected its input."""


# --- filters ------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (`javascript:`, `data:`, relative
    and malformed URLs are dropped). Quotes, angle brackets and spaces are percent-encoded."""
    if not url:
        return None
    url = _CONTROL.sub("", url).strip()
    if any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return url.translate(_URL_UNSAFE)


def wrap(
    text: str | None, width: int = TEXT_WIDTH, indent: str = "", first: str | None = None
) -> str:
    """Fill each paragraph (separated by blank lines) to `width` columns. Long words such as
    URLs are never broken. `first` replaces `indent` on the first line of each paragraph."""
    if not text:
        return ""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text))]
    return "\n\n".join(
        textwrap.fill(
            p,
            width=width,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for p in paras
        if p
    )


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a text (separated by blank lines), whitespace collapsed."""
    if not text:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def longdate(day: date) -> str:
    """'Tuesday, 22 February 2022', in English whatever the locale."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def quoted(text: str) -> str:
    """The quote between curly quotation marks, unless it already carries its own."""
    text = " ".join(str(text).split())
    if len(text) > 1 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        return text
    return f"“{text}”"


def attribution(speaker: str | None, title: str | None = None) -> str:
    """'Jane Doe, city engineer'; empty when the speaker is unknown."""
    if not speaker:
        return ""
    return f"{speaker}, {title}" if title else speaker


def group_by_topic(stories: Iterable[Story]) -> list[tuple[str, list[Story]]]:
    """Stories grouped by topic, topics in order of first appearance, stories in order."""
    groups: dict[str, list[Story]] = {}
    for story in stories:
        groups.setdefault(story.topic, []).append(story)
    return list(groups.items())


@dataclass(frozen=True)
class Link:
    """A labelled link as the plain-text part prints it: `Reuters [2]`."""

    label: str
    url: str | None = None
    number: int | None = None

    def __str__(self) -> str:
        return f"{self.label} [{self.number}]" if self.number else self.label


@dataclass(frozen=True)
class StoryLinks:
    """A story's links for the plain-text part: the story's own URL when no source points
    there (`full`), the sources, and the numbered references to list below the story."""

    full: Link | None
    sources: list[Link]
    references: list[tuple[int, str]]

    @property
    def count(self) -> int:
        return len(self.references)


def story_links(story: Story, start: int = 0) -> StoryLinks:
    """Number the story's safe links from `start + 1`; one number per distinct URL."""
    numbers: dict[str, int] = {}

    def link(label: str, url: str | None) -> Link:
        safe = safe_url(url)
        if safe is None:
            return Link(label)
        if safe not in numbers:
            numbers[safe] = start + len(numbers) + 1
        return Link(label, safe, numbers[safe])

    own = safe_url(story.url)
    full = None
    if own and own not in {safe_url(s.url) for s in story.sources}:
        full = link("Full story", own)
    sources = [link(s.name, s.url) for s in story.sources]
    return StoryLinks(full, sources, [(n, url) for url, n in numbers.items()])


def _finalize(value: Any) -> Any:
    """Every `{{ ... }}` output: None prints as nothing, control characters are dropped."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


# --- environment and rendering --------------------------------------------------------------


def make_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of the email templates: the user's `templates_dir` first, then
    the bundled templates; strict about undefined variables; HTML-escaping for `.mjml.j2` and
    `.html.j2` templates only (plain text is never HTML-escaped)."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(bundled_dir("templates"))))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("mjml.j2", "html.j2", "mjml", "html"),
            disabled_extensions=("txt.j2", "txt"),
            default_for_string=True,
            default=True,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        safe_url=safe_url,
        wrap=wrap,
        paragraphs=paragraphs,
        longdate=longdate,
        quoted=quoted,
        attribution=attribution,
        group_by_topic=group_by_topic,
        story_links=story_links,
    )
    env.globals.update(max_quotes=MAX_QUOTES, text_width=TEXT_WIDTH)
    return env


def _render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name!r} not found") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise RenderError(f"{where}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {name!r} failed: {exc}") from exc


def compile_mjml(source: str) -> str:
    """MJML → HTML; a RenderError lists what MJML complained about."""
    try:
        result = mjml_to_html(source)
    except Exception as exc:  # the MJML port raises assorted errors on malformed input
        raise RenderError(f"MJML could not compile the email: {type(exc).__name__}: {exc}") from exc
    errors = list(getattr(result, "errors", None) or [])
    if errors:
        listed = "\n".join(f"  - {_describe_mjml_error(e)}" for e in errors)
        raise RenderError(f"MJML reported {len(errors)} error(s):\n{listed}")
    return str(result.html)


def _describe_mjml_error(error: Any) -> str:
    if isinstance(error, dict):
        message = error.get("formattedMessage") or error.get("message") or error
        return str(message)
    return str(error)


def _tidy_text(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return tidy + "\n"


def render(
    edition: Edition,
    *,
    templates_dir: Path | None = None,
    unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER,
) -> RenderedEmail:
    """Render both parts of the edition's email.

    `templates_dir` may hold the user's own `email.mjml.j2`, `email.txt.j2` or partials; any
    template it lacks comes from the bundled ones. `unsubscribe_url` defaults to a placeholder
    that delivery replaces per recipient.
    """
    env = make_environment(templates_dir)
    context: dict[str, Any] = {
        "edition": edition,
        "unsubscribe_url": unsubscribe_url,
    }
    html = compile_mjml(_render_template(env, HTML_TEMPLATE, context))
    text = _tidy_text(_render_template(env, TEXT_TEMPLATE, context))
    return RenderedEmail(
        subject=_CONTROL.sub("", " ".join(edition.subject.split())),
        preheader=_CONTROL.sub("", " ".join(edition.preheader.split())),
        html=html,
        text=text,
    )
