"""The `folder` source: articles as files on disk.

- `.txt`: the first non-empty line is the title, the rest is the text. A first line of one or
  two words followed by a blank line is a kicker (a section label such as "Tipsheet") and the
  next line is the title.
- `.md`: optional YAML front matter (`title`, `published`, `url`, `author`, `source`); without a
  title, the first line is the title. The text is read without its Markdown markup.
- `.html` / `.htm`: the page's main text, title, author and date, extracted with trafilatura.
- `.json`: an object with Article fields (`title`, `text`, `published`, `url`, `author`, `source`).

How a file gets its date, in order: its own date (front matter, JSON, HTML metadata); else the
name of a parent folder `YYYY-MM-DD` (noon that day in the newsletter's timezone); else the
file's modification time. A file that cannot be read, or whose text is not text (a binary
file, mojibake: `gather.text`), is skipped with a warning naming it; the other files are still
read. Links are not followed (a link may lead to any file on the machine), and front matter
may not use YAML aliases (aliases of aliases stand for gigabytes of text).
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsletter.gather.base import GatherContext, SourceError
from newsletter.gather.extract import decode, extract_html
from newsletter.gather.text import not_text
from newsletter.models import Article

__all__ = [
    "MAX_FILE_BYTES",
    "READERS",
    "ArticleFileError",
    "FolderSource",
    "article_fields",
    "checked_fields",
    "read_article_file",
]

_DATED_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TEXT_FIELDS = ("title", "text", "url", "author", "source")  # an Article's, as a file gives them
_WORDS_FIELDS = ("title", "text", "author", "source")  # read by people: entities decoded
MAX_FILE_BYTES = 5_000_000
"""The largest article file read, by default: a larger one is skipped (or refused)."""


class ArticleFileError(Exception):
    """One file could not be turned into an article."""


Fields = dict[str, Any]


def _split_title(text: str) -> Fields:
    lines = text.strip().splitlines()
    if not lines:
        raise ArticleFileError("the file is empty")
    first = lines[0].strip()
    is_kicker = len(first.split()) <= 2 and len(lines) > 2 and not lines[1].strip()
    if is_kicker and not first.endswith((".", "!", "?", ":")):
        after = _split_title("\n".join(lines[1:]))
        if after["text"]:
            return after
    return {"title": first, "text": "\n".join(lines[1:]).strip()}


def _read_txt(text: str) -> Fields:
    return _split_title(text)


_MARKDOWN = MarkdownIt("commonmark")
_INLINE_TEXT = {"text": "content", "code_inline": "content", "image": "content"}
_BREAKS = ("softbreak", "hardbreak")


def _markdown_text(source: str) -> str:
    """The words of a Markdown text without its markup, as a reader sees them: emphasis and
    links become their words, headings, list items, quotes and code blocks paragraphs of
    their own (a blank line between blocks, a paragraph's own line breaks kept), entities
    and escapes their characters, inline HTML tags dropped."""
    blocks = []
    for token in _MARKDOWN.parse(source):
        if token.type == "inline":
            blocks.append("".join(_inline_text(child) for child in token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_TAG.sub("", token.content).strip())
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(token: Token) -> str:
    if token.type in _BREAKS:
        return "\n"
    return getattr(token, _INLINE_TEXT[token.type]) if token.type in _INLINE_TEXT else ""


_TAG = re.compile(r"<[^<>]*>")


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: an article's front matter needs none, and aliases of aliases
    make a few hundred bytes stand for gigabytes of text."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            raise yaml.YAMLError(f"line {line}: an alias ('*name'), which is not allowed")
        return super().compose_node(parent, index)  # type: ignore[arg-type]


class _FrontMatter(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return super().load(fm, Loader=_NoAliasLoader)


def _read_md(text: str) -> Fields:
    try:
        post = frontmatter.loads(text, handler=_FrontMatter())
    except Exception as exc:  # the YAML parser raises several kinds
        raise ArticleFileError(f"unreadable front matter: {' '.join(str(exc).split())}") from exc
    fields: Fields = _entities_read(dict(post.metadata))
    body = _markdown_text(post.content).strip()
    if "title" not in fields:
        fields.update(_split_title(body))
    else:
        fields["text"] = body
    return fields


def _read_html(text: str) -> Fields:
    page = extract_html(text)
    if not page.text:
        raise ArticleFileError("no readable text found in the page")
    body = page.text
    if page.title and body.startswith(page.title):
        body = body[len(page.title) :].lstrip()
    return {
        "title": page.title or _split_title(body)["title"],
        "text": body,
        "author": page.author,
        "published": page.date,
        "url": page.url,
    }


def _read_json(text: str) -> Fields:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleFileError(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ArticleFileError("the JSON file must hold one object with Article fields")
    return _entities_read(data)


def _entities_read(fields: Fields) -> Fields:
    """`fields` with the HTML entities of their words read as characters ("Tom &amp; Jerry"
    is "Tom & Jerry"), as a feed's are: a CMS's export escapes them, a reader should not see
    them."""
    return {
        key: html.unescape(value) if key in _WORDS_FIELDS and isinstance(value, str) else value
        for key, value in fields.items()
    }


READERS: dict[str, Callable[[str], Fields]] = {
    ".txt": _read_txt,
    ".md": _read_md,
    ".markdown": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
}


def article_fields(text: str, suffix: str) -> Fields:
    """The Article fields (`title`, `text`, ...) that a file of this kind (".txt", ".md",
    ".html", ".json") holds, read as the folder source reads them."""
    return READERS[suffix.lower()](text)


def checked_fields(text: str, suffix: str) -> Fields:
    """`article_fields`, refused with an ArticleFileError saying why when they hold no text or
    when their text is not text (`gather.text`: a binary file, mojibake)."""
    fields = article_fields(text, suffix)
    for key in _TEXT_FIELDS:
        if fields.get(key) is not None and not isinstance(fields[key], str):
            raise ArticleFileError(f"{key} must be text, not {type(fields[key]).__name__}")
    if not str(fields.get("text") or "").strip():
        titled_by_first_line = suffix.lower() == ".txt"
        raise ArticleFileError(
            "the article has no text"
            + (": the first line is the title, the text follows it" if titled_by_first_line else "")
        )
    if reason := not_text(f"{fields.get('title') or ''}\n{fields['text']}"):
        raise ArticleFileError(reason)
    return fields


def parse_moment(value: object, tz: ZoneInfo) -> datetime | None:
    """An aware datetime from what a file says: an ISO 8601 string, a datetime or a date.
    Naive values are read in `tz`; a bare date means noon that day."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise ArticleFileError(f"cannot read the date {value!r} (use ISO 8601)") from None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(12), tzinfo=tz)
    raise ArticleFileError(f"cannot read the date {value!r} (use ISO 8601)")


def _folder_date(path: Path, root: Path) -> date | None:
    for parent in path.relative_to(root).parents:
        if _DATED_FOLDER.match(parent.name):
            return date.fromisoformat(parent.name)
    return None


def read_article_file(
    path: Path, *, root: Path, source: str, tz: ZoneInfo, warn: Callable[[str], None]
) -> Article:
    """One file as an Article (its date decided by the rule in the module docstring)."""
    text, warning = decode(path.read_bytes())
    if warning:
        warn(f"{path.relative_to(root)}: {warning}")
    fields = checked_fields(text, path.suffix)
    known = {*_TEXT_FIELDS, "published"}
    fields = {k: v for k, v in fields.items() if k in known}
    published = parse_moment(fields.pop("published", None), tz)
    dated_by = "article"
    if published is None:
        if folder_day := _folder_date(path, root):
            published, dated_by = datetime.combine(folder_day, time(12), tzinfo=tz), "folder"
        else:
            published = datetime.fromtimestamp(path.stat().st_mtime, tz)
            dated_by = "file-time"
    fields.setdefault("source", source)
    try:
        return Article(**fields, published=published, dated_by=dated_by)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ArticleFileError(problems) from exc


def _files_under(root: Path, expired: Callable[[], bool]) -> tuple[list[Path], bool]:
    """The article files (by their suffix) of `root` and of its subfolders, sorted, not
    following links to folders (a link may lead anywhere on the machine); and whether the
    walk was complete, not cut short when `expired`."""
    found = []
    for folder, _, names in os.walk(root):
        if expired():
            return sorted(found), False
        found += [Path(folder) / name for name in names if Path(name).suffix.lower() in READERS]
    return sorted(found), True


class FolderSource(BaseModel):
    """Articles from files in a folder (and its subfolders)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["folder"] = "folder"
    path: Path = Field(description="The folder to read")
    name: str | None = Field(default=None, description="Source name shown in the email")
    section: str | None = Field(
        default=None,
        description="Section the email files this source's stories under when no language "
        "model chose a topic (e.g. Local); unset means the default section",
    )
    max_bytes: int = Field(default=MAX_FILE_BYTES, ge=1, description="Larger files are skipped")

    @property
    def label(self) -> str:
        return self.name or self.path.name

    async def fetch(self, ctx: GatherContext) -> list[Article]:
        if not self.path.is_dir():
            raise SourceError(
                f"folder {self.path} does not exist; create it or fix the source's path"
            )
        # in a thread: a big folder must not hold up the feeds read meanwhile
        return await asyncio.to_thread(self._read_all, ctx)

    def _read_all(self, ctx: GatherContext) -> list[Article]:
        """Every article file of the folder, within the source's time (`fetch.max_seconds`)."""
        budget = ctx.budget
        files, complete = _files_under(self.path, lambda: budget.expired)
        articles = []
        for done, file in enumerate(files):
            if budget.expired:
                files, complete = files[:done], False
                break
            name = file.relative_to(self.path)
            if file.is_symlink():
                ctx.warnings.append(f"{name}: skipped, a link (put the file itself in the folder)")
                continue
            if not file.is_file():
                continue
            size = file.stat().st_size
            if size > self.max_bytes:
                ctx.warnings.append(
                    f"{name}: skipped, {size:,} bytes is over the {self.max_bytes:,} byte limit"
                )
                continue
            try:
                article = read_article_file(
                    file,
                    root=self.path,
                    source=self.label,
                    tz=ctx.window.tz,
                    warn=ctx.warnings.append,
                )
            except (ArticleFileError, OSError) as exc:
                ctx.warnings.append(f"{name}: skipped, {exc}")
            else:
                articles.append(article)
        if not complete:
            ctx.warnings.append(
                f"stopped after {budget.limits.max_seconds:g} s for this source "
                f"(fetch.max_seconds), {len(files):,} article files read: point the source at "
                "the folder of the articles alone, or raise the limit"
            )
        return articles
