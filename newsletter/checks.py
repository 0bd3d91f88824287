"""Pre-send checks: what must be true of a rendered email before anyone receives it.

Pure functions over a `RenderedEmail`; each returns findings of level "error" (the email must
not be sent: `newsletter check` exits 1) or "warning" (worth a look, sending goes on).
`generate`, `check`, `send` and the preview all run the same `check_email`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from newsletter.config import Settings
from newsletter.models import Edition, RenderedEmail
from newsletter.render import (
    GMAIL_CLIP_BYTES,
    GREETING_PLACEHOLDER,
    UNSUBSCRIBE_PLACEHOLDER,
    story_links,
)

__all__ = [
    "MAX_SUBJECT_CHARS",
    "SIZE_WARNING_BYTES",
    "Finding",
    "WrittenFileError",
    "check_email",
    "check_sending",
    "check_story_links",
    "errors",
    "html_bytes",
    "read_written",
    "read_written_email",
]

MAX_SUBJECT_CHARS = 80
SIZE_WARNING_BYTES = 90 * 1024
"""Above this the HTML is still whole in Gmail, but a few more stories would get it clipped."""

Level = Literal["error", "warning"]

# Leftovers of a template language: Jinja2's {{ }}, {% %}, {# #}, Mailchimp's *|MERGE|*, and
# %%PLACEHOLDERS%% that nobody replaced.
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\*\|[A-Z0-9_:]+\|\*|%%[A-Z_]+%%")
_OPEN_SYNTAX = re.compile(r"\{\{|\{%|\{#")


@dataclass(frozen=True)
class Finding:
    """One problem found in an email: `code` names the check, `message` says how to fix it."""

    level: Level
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def html_bytes(email: RenderedEmail) -> int:
    """The size of the HTML part as sent (UTF-8), which is what Gmail's clip limit counts."""
    return len(email.html.encode("utf-8"))


# Elements that run code or load a page inside the email; no mail client lets them through.
_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "form", "base"})
# URL schemes that run code or smuggle a document, after whitespace and control characters.
_ACTIVE_URL = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _active_parts(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """What in one start tag could run code: the tag, event-handler attributes, script URLs."""
    found = [f"<{tag}>"] if tag in _ACTIVE_TAGS else []
    for name, value in attrs:
        if name.startswith("on"):
            found.append(f"{name}= on <{tag}>")
        elif value and (scheme := _ACTIVE_URL.match(_IGNORED_IN_URL.sub("", value))):
            found.append(f"{scheme.group().lower()} URL in {name}= on <{tag}>")
        elif name == "style" and value and re.search(r"javascript:|expression\(", value, re.I):
            found.append(f"script in style= on <{tag}>")
    return found


class _Anatomy(HTMLParser):
    """The links, images and visible text of an HTML part (style and script content skipped),
    and anything in it that could run code (also inside Outlook's conditional comments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, link text)
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.active: list[str] = []
        self.ids: set[str] = set()
        self._hidden = 0
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.active += _active_parts(tag, attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in ("style", "script", "title"):
            self._hidden += 1
        elif tag == "a" and "href" in values:
            self._link = (values["href"] or "", [])
        elif tag == "img":
            self.images.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._hidden = max(0, self._hidden - 1)
        elif tag == "a" and self._link is not None:
            href, words = self._link
            self.links.append((href, " ".join("".join(words).split())))
            self._link = None

    def handle_comment(self, data: str) -> None:
        if "<" in data:  # an Outlook conditional comment holds HTML that Outlook renders
            self.active += _anatomy(data).active

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.text.append(data)
        if self._link is not None:
            self._link[1].append(data)


def _anatomy(html: str) -> _Anatomy:
    page = _Anatomy()
    page.feed(html)
    page.close()
    return page


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def check_size(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    size = html_bytes(email)
    if size > GMAIL_CLIP_BYTES:
        return [
            Finding(
                "error",
                "html-size",
                f"the HTML part is {_kb(size)}, above Gmail's {GMAIL_CLIP_BYTES // 1024} KB "
                "limit: Gmail clips it and hides the footer with the unsubscribe link; lower "
                "max_stories or shorten the templates",
            )
        ]
    if size > SIZE_WARNING_BYTES:
        return [
            Finding(
                "warning",
                "html-size",
                f"the HTML part is {_kb(size)}, close to Gmail's {GMAIL_CLIP_BYTES // 1024} KB "
                "clip limit",
            )
        ]
    return []


def check_text_part(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    if not email.text.strip():
        return [
            Finding(
                "error",
                "text-part",
                "the plain-text part is empty: check templates/email.txt.j2 "
                "(or your own copy in templates_dir)",
            )
        ]
    return []


def check_links(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    bad = sorted(
        {
            href
            for href, _ in page.links
            if href != UNSUBSCRIBE_PLACEHOLDER
            and not re.match(r"https?://[^/\s]+", href, re.I)
            and not (href.startswith("#") and href[1:] in page.ids)  # a place in the email
        }
    )
    if not bad:
        return []
    shown = ", ".join(repr(h) for h in bad[:5]) + (" ..." if len(bad) > 5 else "")
    return [
        Finding(
            "error",
            "links",
            f"{len(bad)} link(s) are not absolute http(s) URLs and will not work in a mail "
            f"client: {shown}",
        )
    ]


def check_active_content(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    if not page.active:
        return []
    shown = "; ".join(sorted(set(page.active))[:5]) + (" ..." if len(set(page.active)) > 5 else "")
    return [
        Finding(
            "error",
            "active-content",
            f"the HTML part holds code that could run when the email is opened ({shown}): "
            "a value reached the HTML unescaped; look for `| safe` or a value inside an mj-* "
            "attribute in your templates",
        )
    ]


def check_images(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    missing = [img.get("src") or "(no src)" for img in page.images if not img.get("alt")]
    if not missing:
        return []
    return [
        Finding(
            "error",
            "image-alt",
            f"{len(missing)} image(s) have no alt text (readers who block images or use a "
            f"screen reader see nothing): {', '.join(missing[:5])}; set branding.logo_alt or "
            "add alt= in your template",
        )
    ]


def check_unsubscribe(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    findings = []
    links = [href for href, words in page.links if "unsubscribe" in words.lower()]
    if not links:
        findings.append(
            Finding(
                "error",
                "unsubscribe",
                "the HTML part has no visible unsubscribe link: keep the footer partial's "
                '<a href="{{ unsubscribe_url }}">Unsubscribe</a>',
            )
        )
    if not any(href in email.text for href in links) and "unsubscribe" not in email.text.lower():
        findings.append(
            Finding(
                "error",
                "unsubscribe",
                "the plain-text part has no unsubscribe link: keep "
                "'Unsubscribe: {{ unsubscribe_url }}' in email.txt.j2",
            )
        )
    return findings


def check_subject(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    subject = email.subject.strip()
    if not subject:
        return [Finding("error", "subject", "the subject is empty")]
    if len(subject) > MAX_SUBJECT_CHARS:
        return [
            Finding(
                "warning",
                "subject",
                f"the subject is {len(subject)} characters; mail apps cut it after about "
                f"{MAX_SUBJECT_CHARS}",
            )
        ]
    return []


def check_preheader(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    if not email.preheader.strip():
        return [
            Finding(
                "warning",
                "preheader",
                "the preheader is empty: inboxes will show the first words of the email instead",
            )
        ]
    return []


def check_template_syntax(email: RenderedEmail, page: _Anatomy) -> list[Finding]:
    """Template syntax that was never rendered. In the HTML, article text has its braces
    escaped, so any `{{` there is a template's; in the text part, syntax that the HTML shows
    as article text is article text."""
    placeholders = {UNSUBSCRIBE_PLACEHOLDER, GREETING_PLACEHOLDER}  # filled in per reader
    visible = " ".join(page.text)
    html = re.sub(r"<style\b.*?</style>", "", email.html, flags=re.S | re.I)
    found = [("HTML", m) for m in _TEMPLATE_SYNTAX.findall(html) if m not in placeholders]
    for where, part in (("text", email.text), ("subject", email.subject)):
        found += [
            (where, m)
            for m in _TEMPLATE_SYNTAX.findall(part)
            if m not in placeholders and not (_OPEN_SYNTAX.match(m) and m in visible)
        ]
    if not found:
        return []
    shown = "; ".join(f"{where}: {snippet[:60]!r}" for where, snippet in found[:5])
    return [
        Finding(
            "error",
            "template-syntax",
            f"unrendered template syntax in the email ({shown}); fix the template that prints it",
        )
    ]


CHECKS: tuple[Callable[[RenderedEmail, _Anatomy], list[Finding]], ...] = (
    check_size,
    check_text_part,
    check_links,
    check_active_content,
    check_images,
    check_unsubscribe,
    check_subject,
    check_preheader,
    check_template_syntax,
)


def check_story_links(edition: Edition) -> list[Finding]:
    """A warning for each story a reader cannot follow to its article."""
    return [
        Finding(
            "warning",
            "story-link",
            f"story has no link: {story.headline!r} gives readers no way to read more; give "
            "its article an http(s) URL (a .txt file has none: use a .md file with `url:` in "
            "its front matter, or a .json file)",
        )
        for story in edition.stories
        if not story_links(story).read_more
    ]


def check_sending(settings: Settings) -> list[Finding]:
    """Warnings for what sending needs and the settings lack (the preview shows them: an
    edition can be made and looked at without them)."""
    sender = settings.sender
    secret = sender.secret.get_secret_value() if sender.secret else ""
    missing = [
        ("sender.from_address", not sender.from_address, "the From address"),
        (
            "sender.base_url",
            not sender.base_url,
            'the public address of `newsletter serve`, where unsubscribe and "View in '
            'browser" links point',
        ),
        (
            "sender.secret",
            len(secret) < 16,
            "a random string of 16 characters or more (NEWSLETTER_SENDER__SECRET in .env) "
            "that signs the unsubscribe links",
        ),
    ]
    return [
        Finding("warning", "sending", f"{key} is not set: sending needs {what}")
        for key, lacking, what in missing
        if lacking
    ]


def check_email(
    email: RenderedEmail, *, personalised: bool = False, edition: Edition | None = None
) -> list[Finding]:
    """Every pre-send check of the email, errors first. An edition (`personalised=False`)
    may still hold the unsubscribe placeholder; a message to one reader (`True`) may not.
    Given the `edition` it was rendered from, its stories are checked too."""
    page = _anatomy(email.html)
    findings = [finding for check in CHECKS for finding in check(email, page)]
    if edition is not None:
        findings += check_story_links(edition)
    if personalised and UNSUBSCRIBE_PLACEHOLDER in email.html + email.text:
        findings.append(
            Finding(
                "error",
                "template-syntax",
                f"the unsubscribe placeholder {UNSUBSCRIBE_PLACEHOLDER} was not replaced with "
                "the reader's own link",
            )
        )
    return sorted(findings, key=lambda f: f.level != "error")


def read_written_email(folder: Path) -> RenderedEmail:
    """The email `generate` wrote to `folder` (email.html, email.txt and the subject and
    preheader from edition.json). FileNotFoundError names the missing file."""
    return read_written(folder)[1]


class WrittenFileError(ValueError):
    """A file of a written edition cannot be read: the message names it and says why."""


def read_written(folder: Path) -> tuple[Edition, RenderedEmail]:
    """The edition `generate` wrote to `folder` and its email. FileNotFoundError names a
    missing file, WrittenFileError one that is not what `generate` writes."""
    edition_file = folder / "edition.json"
    try:
        edition = Edition.model_validate_json(_written_text(edition_file))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "the document"
        raise WrittenFileError(
            f"{edition_file} is not a valid edition ({exc.error_count()} problem(s); "
            f"first, at {where}: {first['msg']})"
        ) from None
    return edition, RenderedEmail(
        subject=edition.subject,
        preheader=edition.preheader,
        html=_written_text(folder / "email.html"),
        text=_written_text(folder / "email.txt"),
    )


def _written_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise WrittenFileError(f"{path} is not UTF-8 text (byte {exc.start})") from None
