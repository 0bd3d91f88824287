"""`newsletter quotes PATH [--json]`: the finder from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsletter.cli import app

ARTICLE = (
    "Harbour reopens\r\n\r\n"
    "“The water is calm again,” said harbour master Lena Ortiz on Friday.\r\n\r\n"
    "Ortiz added that “the boats can sail from dawn until dusk.”\n"
)


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(app, ["quotes", *args], input=stdin)


def test_json_offsets_index_the_file_as_read(tmp_path: Path) -> None:
    path = tmp_path / "harbour.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    text = path.read_bytes().decode("utf-8")  # CRLF kept
    assert [q["speaker"] for q in found] == ["Lena Ortiz", "Lena Ortiz"]
    for quote in found:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert {"text", "speaker", "start", "end", "confidence"} <= quote.keys()


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
    path.write_bytes("“Café opens,” said owner Zoé Marin.".encode("cp1252"))
    result = run(str(path), "--json")
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert "latin.txt: not valid UTF-8" in warning
    assert json.loads(result.stdout)[0]["speaker"] == "Zoé Marin"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "nope.txt" in result.stderr
