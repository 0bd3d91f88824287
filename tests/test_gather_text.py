"""Text that is not text (a binary file, mojibake) is skipped by every source, with the reason
in the run report; real text in any language, and an article with one mangled name, is kept."""

from __future__ import annotations

import asyncio
import random
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.gather import FeedSource, PageSource
from newsletter.gather.base import DayWindow, GatherContext, SourceError
from newsletter.gather.text import not_text
from tests.conftest import EXAMPLE_ARTICLES, EXAMPLE_CONFIG
from tests.test_feed_days import serving
from tests.test_gather_http import MemoryState

TZ = ZoneInfo("America/New_York")
TEXTS = {
    "en": "The council voted on Tuesday to rebuild the old footbridge over the canal. “It is a "
    "good day for the town,” said Mayor Ana Ruiz after the vote, which ended a long debate.",
    "fr": "« Ça fait du bien de revoir les habitués », a dit la propriétaire du café. Le señor "
    "García était là dès l'ouverture, à sept heures, avec sa fille Zoë.",
    "el": "Ο δήμαρχος είπε ότι η γέφυρα θα ανοίξει τον Μάρτιο. «Είναι μια καλή μέρα για την "
    "πόλη», δήλωσε στους δημοσιογράφους μετά τη συνεδρίαση.",
    "ru": "Мэр города заявил, что мост откроется в марте. «Это хороший день для города», — "
    "сказал он журналистам после заседания городского совета.",
    "de": "Der Bürgermeister sagte, die Brücke werde im März eröffnet. „Das ist ein guter Tag "
    "für die Stadt“, erklärte er nach der Sitzung über die Straßenbahn.",
    "is": "Borgarstjórinn sagði að brúin yrði opnuð í mars. „Þetta er góður dagur fyrir "
    "borgina,“ sagði hann við blaðamenn á Þórsgötu.",
    "vi": "Thị trưởng cho biết cây cầu sẽ được khánh thành vào tháng Ba. “Đây là một ngày tốt "
    "lành cho thành phố,” ông nói với các phóng viên.",
}
WRONG_READINGS = [  # (how the text was written, how it was read)
    ("utf-8", "cp1252"),
    ("iso-8859-7", "cp1252"),
    ("cp1251", "cp1252"),
    ("cp1251", "latin-1"),
    ("iso-8859-1", "iso-8859-7"),
]


def binary(size: int = 3000, seed: int = 5) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_real_text_in_any_language_is_text(language: str) -> None:
    assert not_text(TEXTS[language]) is None


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_text_read_with_the_wrong_character_set_is_not(language: str) -> None:
    tried = 0
    for written, read in WRONG_READINGS:
        try:
            mangled = TEXTS[language].encode(written).decode(read, errors="replace")
        except UnicodeEncodeError:
            continue  # that character set cannot write this language
        if mangled == TEXTS[language]:
            continue
        tried += 1
        reason = not_text(mangled)
        assert reason and reason.startswith("not text: "), (written, read, mangled)
    assert tried


def test_binary_data_is_not_text() -> None:
    reason = not_text(binary().decode("cp1252", errors="replace"))
    assert reason and "control or replacement characters" in reason


@pytest.mark.parametrize(
    "odd",
    ["\ue000", "\u0378", "\x9b", "\x07", "\ud800"],
    ids=["private", "unassigned", "c1", "bell", "surrogate"],
)
def test_text_strewn_with_characters_no_language_writes_is_not_text(odd: str) -> None:
    words = "The harbor council met on Monday to vote on the docks. " * 20
    strewn = "".join(c + odd if i % 12 == 0 else c for i, c in enumerate(words))
    assert (not_text(strewn) or "").startswith("not text: ")
    assert not_text(words) is None


def test_one_mangled_name_in_a_long_article_keeps_it() -> None:
    article = " ".join([TEXTS["en"]] * 8) + " The visitors came from GuantÃ¡namo."
    assert not_text(article) is None
    assert not_text("Café opens") is None and not_text("") is None


def test_a_binary_file_in_the_folder_is_skipped_with_the_reason(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE_ARTICLES, tmp_path / "examples" / "articles")
    shutil.copy(EXAMPLE_CONFIG, tmp_path / "newsletter.toml")
    day = tmp_path / "examples" / "articles" / "2022-02-22"
    (day / "IMG_0042.txt").write_bytes(binary())
    (day / "greek.txt").write_bytes(
        ("Νέα γέφυρα\n\n" + TEXTS["el"]).encode("iso-8859-7")
    )  # no charset is declared: read as Windows-1252

    result = CliRunner().invoke(app, ["generate", "--date", "2022-02-22"])

    assert result.exit_code == 0, result.output
    report = " ".join(result.output.split())
    assert "IMG_0042.txt: skipped, not text:" in report
    assert "greek.txt: skipped, not text:" in report and "mojibake" in report
    edition = (tmp_path / "out" / "2022-02-22" / "edition.json").read_text()
    assert '"IMG_0042' not in edition and "Ã" not in edition and "Ï" not in edition
    assert edition.count('"article_ids"') == 5  # the five example articles, still all there


def run_sources(sources: list, base: str) -> tuple[list, list[str], list[BaseException]]:
    async def main():
        async with httpx.AsyncClient(trust_env=False) as client:
            ctx = GatherContext(
                window=DayWindow(date(2022, 11, 16), TZ),
                http=client,
                state=MemoryState(),
                now=datetime(2022, 11, 16, 9, tzinfo=TZ),
            )
            found = await asyncio.gather(*(s.fetch(ctx) for s in sources), return_exceptions=True)
            return found, ctx.warnings

    found, warnings = asyncio.run(main())
    errors = [f for f in found if isinstance(f, BaseException)]
    articles = [a for f in found if not isinstance(f, BaseException) for a in f]
    return articles, warnings, errors


def test_feed_entries_and_pages_that_are_not_text_are_skipped() -> None:
    cyrillic = TEXTS["ru"].encode("cp1251")  # declared as Latin-1: every letter comes out wrong
    feed = (
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Desk'
        b"</title><item><title>Bridge</title><link>/bridge</link><description>"
        + TEXTS["en"].encode("ascii", errors="ignore")
        + b"</description><pubDate>Wed, 16 Nov 2022 10:00:00 GMT</pubDate></item>"
        b"<item><title>Most</title><link>/most</link><description>"
        + cyrillic
        + b"</description><pubDate>Wed, 16 Nov 2022 11:00:00 GMT</pubDate></item>"
        b"</channel></rss>"
    )
    page = (
        b"<html><head><title>Report</title></head><body><article><p>"
        + binary(1500).replace(b"<", b" ")
        + b"</p></article></body></html>"
    )
    with serving({"/feed.xml": feed, "/page.html": page}) as server:
        articles, warnings, errors = run_sources(
            [
                FeedSource(url=server.base + "/feed.xml", full_text="never"),
                PageSource(url=server.base + "/page.html"),
            ],
            server.base,
        )
    assert [a.title for a in articles] == ["Bridge"]
    [warning] = [w for w in warnings if w.startswith("Desk:")]
    assert warning.startswith(f"Desk: skipped {server.base}/most: not text: ")
    assert "mojibake" in warning
    [error] = errors
    assert isinstance(error, SourceError)
    assert str(error).startswith("not text: ") and str(error).endswith(f"{server.base}/page.html")
