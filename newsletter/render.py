"""Edition → RenderedEmail: the HTML part (Jinja2 → MJML → HTML) and the plain-text part.

This module owns the Jinja2 environment the email templates run in: where templates are looked
up (the user's folder first, then the bundled one), HTML escaping for the MJML template and
none for the plain-text one, the filters the templates use (`safe_url`, `wrap`, `longdate`...),
the MJML compilation and the minification of its HTML. Article and model strings are untrusted:
they are escaped in HTML whatever the context (text, attribute, the <title> MJML copies into an
attribute; braces too, so that the only `{{` left in the HTML is a template's), only http(s)
links survive, none of them is ever written into CSS (styles take validated settings only), and
control characters never reach either part.

Size matters: Gmail clips an HTML part above about 102 KB, hiding the footer and its
unsubscribe link. The HTML is minified (Outlook conditional comments kept) and a render above
the limit logs a warning; `newsletter.checks` turns it into an error before sending.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import babel
import babel.dates
import jinja2
from markupsafe import Markup, escape
from mjml import mjml_to_html

from newsletter.config import BrandingSettings, Settings
from newsletter.models import Edition, RenderedEmail, Story
from newsletter.resources import bundled_dir

__all__ = [
    "ALSO_TODAY",
    "GMAIL_CLIP_BYTES",
    "GREETING_PLACEHOLDER",
    "HTML_TEMPLATE",
    "TEXT_TEMPLATE",
    "UNSUBSCRIBE_PLACEHOLDER",
    "Layout",
    "RenderError",
    "edition_url",
    "layout",
    "lead_story",
    "make_environment",
    "minify_html",
    "render",
    "render_for",
    "safe_url",
    "wrap",
]

HTML_TEMPLATE = "email.mjml.j2"
TEXT_TEMPLATE = "email.txt.j2"
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
"""Left in both parts for delivery to replace with each recipient's own unsubscribe link."""
GREETING_PLACEHOLDER = "%%GREETING%%"
"""Optional in the templates: delivery replaces it with "Hello Jane," (or "Hello," without a
name)."""

ALSO_TODAY = "Also today"
"""The topic of the headline-only stories beyond `max_stories` (`newsletter.group.rank`,
not imported here: it loads the clustering); the templates list them apart, after the sections."""

TEXT_WIDTH = 72
MAX_QUOTES = 2
GMAIL_CLIP_BYTES = 102 * 1024
"""Gmail shows "[Message clipped]" and hides the rest of an HTML part larger than this."""

log = logging.getLogger(__name__)

# C0 and C1 control characters except tab and newline, plus DEL: they have no business in an
# email, break the MJML parser and can drive a terminal. The private-use stand-ins below too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\ue002]")
# MJML decodes character references in what it is given and writes some of it back raw: the
# content of <mj-title> lands unescaped in an aria-label="..." attribute, and mj-* attribute
# values are not escaped at all. So escaped text carries private-use stand-ins for "{", '"'
# and "'" through MJML, and they become character references only in its output: no value can
# end an attribute, whatever MJML does with it, and the only "{{" in the HTML is a template's.
_STAND_INS = {"{": "\ue000", "&#34;": "\ue001", "&#39;": "\ue002"}
_REFERENCES = {"\ue000": "&#123;", "\ue001": "&#34;", "\ue002": "&#39;"}
_STAND_IN = re.compile("|".join(map(re.escape, _STAND_INS)))
_REFERENCE = re.compile("[\ue000-\ue002]")
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


def longdate(day: date, language: str = "en") -> str:
    """The date written out in the newsletter's language ('Tuesday, February 22, 2022' in
    `en`, 'mardi 22 février 2022' in `fr`, 'Tuesday, 22 February 2022' in `en-GB`); English
    for a language Babel does not know."""
    try:
        locale = babel.Locale.parse(language, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale("en")
    return babel.dates.format_date(day, format="full", locale=locale)


def quoted(text: str) -> str:
    """The quote between curly quotation marks, unless it already carries its own. A comma
    that led back into the article's sentence ("…at the top," she said) is left out: what
    is shown stays a verbatim span of the source."""
    text = " ".join(str(text).split()).removesuffix(",")
    if len(text) > 1 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        return text
    return f"“{text}”"


# Titles written before a name (without their full stop): "Dr. Jane Doe", not "Jane Doe, Dr.".
_HONORIFIC_WORDS = "dr prof mr mrs ms mx rev fr sen rep gov gen col capt lt sgt sir dame"
_HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
MAX_ROLE_WORDS = 8
"""A longer role is a clause the quote finder took for one: it is left out, not printed."""
MAX_TITLE_WORDS = 3
"""A role this short reads as a title before a surname: 'Council Member Okafor'."""


def attribution(speaker: str | None, title: str | None = None) -> str:
    """One style for who said a quote, in both parts: 'Jane Doe, city engineer'. Honorifics
    in the title go before the name ('Dr. Jane Doe, superintendent'), and so does a short
    title when the article names the speaker by surname alone ('President Biden', not
    'Biden, President'); a role longer than MAX_ROLE_WORDS words is left out; empty when the
    speaker is unknown."""
    if not speaker:
        return ""
    words = (title or "").split()
    before = [w for w in words if w.lower().rstrip(".") in _HONORIFICS]
    role = " ".join(w for w in words if w not in before).strip(" ,;:-–—")
    name = speaker
    for honorific in reversed(before):
        if name.split()[0].lower().rstrip(".") != honorific.lower().rstrip("."):
            name = f"{honorific} {name}"
    if not role or len(role.split()) > MAX_ROLE_WORDS:
        return name
    if len(speaker.split()) == 1 and len(role.split()) <= MAX_TITLE_WORDS:
        return f"{role} {name}"
    return f"{name}, {role}"


def group_by_topic(stories: Iterable[Story]) -> list[tuple[str, list[Story]]]:
    """Stories grouped by topic, topics in order of first appearance, stories in order."""
    groups: dict[str, list[Story]] = {}
    for story in stories:
        groups.setdefault(story.topic, []).append(story)
    return list(groups.items())


def lead_story(stories: Iterable[Story]) -> Story | None:
    """The edition's lead: of the stories printed in full and not doubted by the gate, the one
    most sources reported, then the most important, then the first (the order already ranks
    coverage and recency)."""
    main = [story for story in main_stories(stories) if not story.doubted]
    if not main:
        return None
    return min(enumerate(main), key=lambda p: (-len(p[1].sources), -p[1].importance, p[0]))[1]


@dataclass(frozen=True)
class Layout:
    """The edition as the templates print it: the lead story, the contents ("In this
    edition": every other full story, numbered for its anchor `#story-N`), the sections of
    those stories in order of first appearance, and the "Also today" one-liners."""

    lead: Story | None
    contents: list[tuple[int, Story]]
    sections: list[tuple[str, list[tuple[int, Story]]]]
    one_liners: list[Story]


def layout(edition: Edition) -> Layout:
    lead = lead_story(edition.stories)
    rest = [story for story in main_stories(edition.stories) if story is not lead]
    contents = list(enumerate(rest, start=1))
    sections: dict[str, list[tuple[int, Story]]] = {}
    for number, story in contents:
        sections.setdefault(story.topic, []).append((number, story))
    return Layout(lead, contents, list(sections.items()), also_today(edition.stories))


def main_stories(stories: Iterable[Story]) -> list[Story]:
    """The stories printed in full: all but the "Also today" one-liners."""
    return [story for story in stories if story.topic != ALSO_TODAY]


def also_today(stories: Iterable[Story]) -> list[Story]:
    """The "Also today" one-liners, in order."""
    return [story for story in stories if story.topic == ALSO_TODAY]


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
    """Where a story links out: `read_more`, the primary article (labelled with its source's
    name, empty when that is unknown), the `others` sources (linked when they have an http(s)
    URL), and for the plain-text part the numbered references to list below the story."""

    read_more: Link | None
    others: list[Link]
    references: list[tuple[int, str]]

    @property
    def count(self) -> int:
        return len(self.references)


def story_links(story: Story, start: int = 0) -> StoryLinks:
    """The story's links, numbered from `start + 1`, one number per distinct URL. The primary
    article is the story's URL, else the first source with an http(s) one; it is labelled with
    the source that has that URL (or, lacking one, the first source if it has no URL)."""
    numbers: dict[str, int] = {}

    def link(label: str, url: str | None) -> Link:
        safe = safe_url(url)
        if safe is None:
            return Link(label)
        if safe not in numbers:
            numbers[safe] = start + len(numbers) + 1
        return Link(label, safe, numbers[safe])

    linked = [s for s in story.sources if safe_url(s.url)]
    primary_url = safe_url(story.url) or (safe_url(linked[0].url) if linked else None)
    if primary_url is None:
        return StoryLinks(None, [link(s.name, None) for s in story.sources], [])
    primary = next((s for s in linked if safe_url(s.url) == primary_url), None)
    if primary is None and story.sources and not safe_url(story.sources[0].url):
        primary = story.sources[0]  # the story's publisher gave no link of its own
    read_more = link(primary.name if primary else "", primary_url)
    others = [link(s.name, s.url) for s in story.sources if s is not primary]
    return StoryLinks(read_more, others, [(n, url) for url, n in numbers.items()])


@jinja2.pass_eval_context
def _finalize(eval_ctx: jinja2.nodes.EvalContext, value: Any) -> Any:
    """Every `{{ ... }}` output: None prints as nothing, control characters are dropped, and
    in HTML the text is escaped here, with stand-ins for braces and quotation marks."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if eval_ctx.autoescape:
            return Markup(_STAND_IN.sub(lambda m: _STAND_INS[m.group()], str(escape(value))))
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
        main_stories=main_stories,
        also_today=also_today,
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
    return _REFERENCE.sub(lambda m: _REFERENCES[m.group()], str(result.html))


def _describe_mjml_error(error: Any) -> str:
    if isinstance(error, dict):
        message = error.get("formattedMessage") or error.get("message") or error
        return str(message)
    return str(error)


# Comments to drop: all but Outlook's conditional ones (`<!--[if mso]>`, `<!--<![endif]-->`)
# and the `<!-->` that closes a downlevel-revealed `<!--[if !mso]><!-->`.
_PLAIN_COMMENT = re.compile(r"<!--(?!\[if|<!\[endif|>).*?-->", re.S)
_RAW_BLOCK = re.compile(r"(<(style|pre|textarea)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)
_BLOCK_TAGS = (
    "html|head|body|title|meta|link|style|table|thead|tbody|tr|td|th|div|p|h[1-6]|"
    "blockquote|ul|ol|li|center|br|hr|img|noscript|xml|o:[a-z]+|v:[a-z]+|!doctype"
)
# Whitespace next to a block-level tag or a comment carries no meaning.
_SPACE_BEFORE_BLOCK = re.compile(rf"\s+(?=<(?:/?(?:{_BLOCK_TAGS})\b|!--|!\[endif))", re.I)
_SPACE_AFTER_BLOCK = re.compile(
    rf"(<(?:/?(?:{_BLOCK_TAGS})\b[^>]*|!--[^>]*|!\[endif\]--)>)\s+", re.I
)


def minify_html(html: str) -> str:
    """Smaller HTML that renders the same: plain comments dropped (Outlook's conditional
    comments kept), whitespace runs collapsed, whitespace beside block-level tags removed.
    The content of `<style>`, `<pre>` and `<textarea>` only has its whitespace runs collapsed."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        body = match.group(3)
        if match.group(2).lower() == "style":
            body = " ".join(body.split())
        kept.append(match.group(1) + body + match.group(4))
        return f"\x00{len(kept) - 1}\x00"

    html = _RAW_BLOCK.sub(keep, _PLAIN_COMMENT.sub("", html))
    html = re.sub(r"\s+", " ", html)
    html = _SPACE_AFTER_BLOCK.sub(r"\1", _SPACE_BEFORE_BLOCK.sub("", html))
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], html).strip() + "\n"


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
    branding: BrandingSettings | None = None,
    postal_address: str | None = None,
    web_url: str | None = None,
    for_web: bool = False,
    minify: bool = True,
) -> RenderedEmail:
    """Render both parts of the edition's email.

    `templates_dir` may hold the user's own `email.mjml.j2`, `email.txt.j2` or partials; any
    template it lacks comes from the bundled ones. `unsubscribe_url` defaults to a placeholder
    that delivery replaces per recipient. `branding` defaults to the default `[branding]`
    settings; `postal_address` is printed in the footer when given. `web_url` is the
    edition's page in the web archive ("View in browser"); `for_web` renders that page itself:
    the same content, and instead of the reader's unsubscribe link, a link to the archive.
    """
    env = make_environment(templates_dir)
    context: dict[str, Any] = {
        "edition": edition,
        "layout": layout(edition),
        "unsubscribe_url": unsubscribe_url,
        "brand": branding or BrandingSettings(),
        "postal_address": _CONTROL.sub("", postal_address or "").strip(),
        "web_url": safe_url(web_url),
        "for_web": for_web,
    }
    html = compile_mjml(_render_template(env, HTML_TEMPLATE, context))
    if minify:
        html = minify_html(html)
    size = len(html.encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        log.warning(
            "the HTML of the %s edition is %.1f KB, above Gmail's %d KB limit: Gmail will clip "
            "it and hide the footer with the unsubscribe link; lower max_stories or shorten "
            "the templates",
            edition.date.isoformat(),
            size / 1024,
            GMAIL_CLIP_BYTES // 1024,
        )
    text = _tidy_text(_render_template(env, TEXT_TEMPLATE, context))
    return RenderedEmail(
        subject=_CONTROL.sub("", " ".join(edition.subject.split())),
        preheader=_CONTROL.sub("", " ".join(edition.preheader.split())),
        html=html,
        text=text,
    )


def edition_url(base_url: str | None, day: date) -> str | None:
    """The edition's page in the web archive that `newsletter serve` publishes at `base_url`."""
    return f"{base_url.rstrip('/')}/archive/{day.isoformat()}" if base_url else None


def render_for(
    edition: Edition,
    settings: Settings,
    *,
    unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER,
    for_web: bool = False,
) -> RenderedEmail:
    """Render the edition with the templates, branding and postal address of `settings`, with
    a "View in browser" link when `sender.base_url` is set."""
    return render(
        edition,
        templates_dir=settings.templates_dir,
        unsubscribe_url=unsubscribe_url,
        branding=settings.branding,
        postal_address=settings.sender.postal_address,
        web_url=edition_url(settings.sender.base_url, edition.date),
        for_web=for_web,
    )
