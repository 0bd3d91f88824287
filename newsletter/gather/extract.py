"""Text out of bytes and HTML: the one place that decodes untrusted documents.

trafilatura finds the main text of a web page (dropping menus, ads and comments) and keeps
quotation marks exactly as written, which the quote finder relies on.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import trafilatura

__all__ = ["ExtractedPage", "decode", "extract_html"]


@dataclass
class ExtractedPage:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str | None]:
    """Decode document bytes: the declared charset, else UTF-16 where a byte-order mark says
    so, else UTF-8 (a BOM is dropped), else Windows-1252, which maps every byte. Returns the
    text and a warning when it had to guess."""
    if declared:
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return (
            data.decode("cp1252", errors="replace"),
            f"not valid UTF-8 (byte {exc.start}); read as Windows-1252",
        )


def extract_html(html: str, *, url: str | None = None) -> ExtractedPage:
    """The main text and metadata of an HTML page. Empty text when nothing readable is found."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
        # a date from the page's markup only (meta tags, <time>): a year in its text ("built
        # in 1998") is no date of the article, and the page would leave its day unseen
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if doc is None:
        return ExtractedPage(text="")
    return ExtractedPage(
        text=(doc.text or "").strip(),
        title=doc.title,
        author=doc.author,
        date=doc.date,
        url=doc.url or url,
    )
