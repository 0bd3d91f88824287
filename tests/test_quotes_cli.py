"""`newsletter quotes PATH [--json]`: the finder from the command line, reading files the way
the folder source reads them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.quotes import MAX_QUOTES, MIN_CONFIDENCE
from tests.conftest import EXAMPLE_ARTICLES, ROOT

SAMPLE = EXAMPLE_ARTICLES / "2022-02-22" / "psaki-door-to-diplomacy.txt"
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "quotes" / "psaki-door-to-diplomacy.gold.jsonl"
BODY = (
    "“The water is calm again,” said harbour master Lena Ortiz on Friday.\n\n"
    "Ortiz added that “the boats can sail from dawn until dusk.”"
)

ARTICLE = (
    "Harbour reopens to boats\r\n\r\n"
    "“The water is calm again,” said harbour master Lena Ortiz on Friday.\r\n\r\n"
    "Ortiz added that “the boats can sail from dawn until dusk.”\n"
)


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(app, ["quotes", *args], input=stdin)


def test_json_offsets_index_the_article_text_as_the_folder_source_reads_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harbour.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [q["speaker"] for q in found] == ["Lena Ortiz", "Lena Ortiz"]
    for quote in found:
        assert BODY[quote["start"] : quote["end"]] == quote["text"]
        assert {"text", "speaker", "start", "end", "confidence"} <= quote.keys()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("harbour.md", "---\ntitle: Harbour reopens\nauthor: Desk\n---\n" + BODY + "\n"),
        ("harbour.json", json.dumps({"title": "Harbour reopens", "text": BODY})),
        ("harbour.txt", "Ports\n\nHarbour “Reopens” Today\n\n" + BODY),  # kicker, title
    ],
)
def test_each_kind_of_file_gives_the_body_quotes_only(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [(q["text"], q["speaker"]) for q in found] == [
        ("The water is calm again,", "Lena Ortiz"),
        ("the boats can sail from dawn until dusk.", "Lena Ortiz"),
    ]


def test_standard_input_can_be_any_kind(tmp_path: Path) -> None:
    article = json.dumps({"title": "Harbour reopens", "text": BODY}).encode("utf-8")
    result = run("-", "--format", "json", "--json", stdin=article)
    assert result.exit_code == 0, result.output
    assert [q["speaker"] for q in json.loads(result.stdout)] == ["Lena Ortiz", "Lena Ortiz"]


def test_the_sample_article_gives_its_twelve_quotes_and_speakers() -> None:
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    result = run(str(SAMPLE), "--json")
    assert result.exit_code == 0, result.output
    printed = [q for q in json.loads(result.stdout) if q["confidence"] >= MIN_CONFIDENCE]
    expected = [(q["text"], q["speaker"].removeprefix("President ")) for q in gold["quotes"]]
    assert [(q["text"], q["speaker"]) for q in printed] == expected


def test_unreadable_article_files_say_why(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run(str(broken))
    assert result.exit_code == 2
    assert "broken.json" in result.stderr and "invalid JSON" in result.stderr
    odd = tmp_path / "notes.rtf"
    odd.write_text("hello", encoding="utf-8")
    result = run(str(odd))
    assert result.exit_code == 2 and "--format" in " ".join(result.stderr.split())


def test_a_file_that_is_not_text_or_holds_only_a_title_says_so(tmp_path: Path) -> None:
    photo = tmp_path / "IMG_0042.txt"
    photo.write_bytes(bytes(range(256)) * 40)
    result = run(str(photo))
    assert result.exit_code == 2 and "IMG_0042.txt: not text:" in " ".join(result.stderr.split())
    assert "confidence" not in result.output  # no table of noise
    result = run("-", stdin="“Hi there, everyone,” said Ana Ruiz.".encode())
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2 and "has no text" in message
    assert "the first line is the title" in message


def test_a_file_over_the_article_size_limit_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Title\n\n" + b"\xe2\x80\x9cHi,\xe2\x80\x9d said Ana Ruiz. " * 200_000)
    result = run(str(huge))
    assert result.exit_code == 2 and "byte limit" in " ".join(result.stderr.split())


def test_standard_input_and_table(tmp_path: Path) -> None:
    result = run("-", stdin=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert "Lena Ortiz" in result.stdout and "The water is calm again" in result.stdout


def test_html_file_is_extracted_first(tmp_path: Path) -> None:
    path = tmp_path / "harbour.html"
    path.write_text(
        "<html><head><title>Harbour reopens</title></head><body><nav>Home · Weather</nav>"
        "<article><h1>Harbour reopens</h1><p>“The water is calm again,” said harbour master "
        "Lena Ortiz on Friday, as the first boats left the quay in the morning light.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    found = json.loads(run(str(path), "--json").stdout)
    assert [q["text"] for q in found] == ["The water is calm again,"]


def test_non_utf8_file_is_read_with_a_warning_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café opens\n“Café opens,” said owner Zoé Marin.".encode("cp1252"))
    result = run(str(path), "--json")
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert "latin.txt: not valid UTF-8" in warning
    assert json.loads(result.stdout)[0]["speaker"] == "Zoé Marin"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "nope.txt" in result.stderr
    folder = run(str(tmp_path))
    assert folder.exit_code == 2 and "it is a folder" in " ".join(folder.stderr.split())


def test_several_files_are_each_listed_and_an_unreadable_one_costs_only_itself(
    tmp_path: Path,
) -> None:
    harbour = tmp_path / "harbour.txt"
    harbour.write_bytes(ARTICLE.encode("utf-8"))
    ferry = tmp_path / "ferry.md"
    ferry.write_text(
        "---\ntitle: Ferry back\n---\n“The ferry runs again,” said skipper Omar Diaz.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run(str(harbour), str(broken), str(ferry), "--json")
    assert result.exit_code == 2
    assert "broken.json" in result.stderr
    listed = json.loads(result.stdout)
    assert [entry["file"] for entry in listed] == [str(harbour), str(ferry)]
    assert [[q["speaker"] for q in entry["quotes"]] for entry in listed] == [
        ["Lena Ortiz", "Lena Ortiz"],
        ["Omar Diaz"],
    ]
    tables = run(str(harbour), str(ferry))
    assert tables.exit_code == 0
    shown = "".join(tables.stdout.split())  # a long path's title may wrap
    assert "harbour.txt" in shown and "ferry.md" in shown
    assert "OmarDiaz" in shown and "LenaOrtiz" in shown


def test_file_names_that_look_like_markup_are_shown_as_they_are(tmp_path: Path) -> None:
    """A file's path is text, never console markup: "[bold]" does not vanish and "[/x]"
    does not crash the report."""
    folder = tmp_path / "[bold]"
    folder.mkdir()
    odd = folder / "harbour.txt"
    odd.write_bytes(ARTICLE.encode("utf-8"))
    missing = tmp_path / "[x]" / "[" / "x]gone.txt"  # its path holds "[/x]"
    result = run(str(odd), str(missing))
    assert result.exit_code == 2
    assert "[/x]gone.txt" in "".join(result.stderr.split())
    assert "[bold]/harbour.txt" in "".join(result.stdout.split())


def test_a_text_longer_than_the_quote_finder_reads_is_listed_with_a_note(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Title\n\n" + "“Hi,” said Ana Ruiz. " * 16_000, encoding="utf-8")
    result = run(str(long), "--json")
    assert result.exit_code == 0
    assert "first 300,000 characters only" in " ".join(result.stderr.split())
    assert len(json.loads(result.stdout)) == MAX_QUOTES


def test_escape_sequences_in_what_is_printed_do_not_reach_the_terminal(tmp_path: Path) -> None:
    """A file's name (or a feed's title) may hold escape sequences that would retitle, recolour
    or clear the terminal; what is printed keeps its words without them."""
    path = tmp_path / "harbour\x1b]0;PWNED\x07\x1b[2J.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = run(str(path), str(tmp_path / "gone\x1b[31m.txt"))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Lena Ortiz" in result.output
    assert "gone[31m.txt" in result.output  # the name is shown, only its controls are gone


def test_odd_inputs_get_an_answer_not_a_hang(tmp_path: Path) -> None:
    """A pipe or a device is refused at once (reading one could wait for ever), a UTF-16 file
    is read by its byte-order mark, --format takes ".html" as "html", and --json prints an
    answer (an empty list) even when the one file is unreadable."""
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    result = run(str(pipe))
    assert result.exit_code == 2 and "not a file" in result.stderr
    wide = tmp_path / "wide.txt"
    wide.write_bytes(ARTICLE.encode("utf-16"))
    result = run(str(wide), "--json")
    assert result.exit_code == 0, result.stderr
    assert [q["speaker"] for q in json.loads(result.stdout)] == ["Lena Ortiz", "Lena Ortiz"]
    page = tmp_path / "page.data"
    page.write_text(f"<html><body><p>{BODY}</p></body></html>", encoding="utf-8")
    assert run(str(page), "--format", ".html").exit_code == 0
    result = run(str(tmp_path / "gone.txt"), "--json")
    assert result.exit_code == 2 and json.loads(result.stdout) == []


def test_the_quotes_cap_is_said(tmp_path: Path) -> None:
    many = tmp_path / "many.txt"
    many.write_text("Title\n\n" + "“Aye,” said Ana Ruiz. " * (MAX_QUOTES + 5), encoding="utf-8")
    result = run(str(many), "--json")
    assert len(json.loads(result.stdout)) == MAX_QUOTES
    assert f"only its first {MAX_QUOTES:,} quotes are listed" in " ".join(result.stderr.split())
