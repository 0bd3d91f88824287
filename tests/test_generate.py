"""`newsletter generate` on the bundled example, end to end, offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from tests.conftest import EXAMPLE_ARTICLES, EXAMPLE_CONFIG


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example config and articles, so the test writes nothing in the checkout."""
    shutil.copytree(EXAMPLE_ARTICLES, tmp_path / "examples" / "articles")
    config = tmp_path / "newsletter.toml"
    shutil.copy(EXAMPLE_CONFIG, config)
    return config


def generate(*args: str):
    return CliRunner().invoke(app, ["generate", *args])


def test_example_edition(example: Path, tmp_path: Path) -> None:
    result = generate("--date", "2022-02-22")
    assert result.exit_code == 0, result.output

    folder = tmp_path / "out" / "2022-02-22"
    html = (folder / "email.html").read_text()
    text = (folder / "email.txt").read_text()
    edition = json.loads((folder / "edition.json").read_text())

    assert len(edition["stories"]) == 5
    articles = {a["id"]: a for a in edition["articles"]}
    quotes = [q for s in edition["stories"] for q in s["quotes"]]
    assert quotes, "the example edition should carry quotes"
    for quote in quotes:
        source = articles[quote["article_id"]]["text"]
        assert source[quote["start"] : quote["end"]] == quote["text"]
        assert quote["speaker"]
    flowing_text = " ".join(text.split())
    for story in edition["stories"]:
        assert story["headline"] in flowing_text
    assert "<!doctype html>" in html.lower()
    assert "extractive" in result.output
    assert "No LLM configured" in result.output
    assert "Wrote" in result.output


def test_psaki_story_quotes_psaki_and_blinken_correctly(example: Path, tmp_path: Path) -> None:
    assert generate("--date", "2022-02-22").exit_code == 0
    edition = json.loads((tmp_path / "out" / "2022-02-22" / "edition.json").read_text())
    (story,) = [s for s in edition["stories"] if "Diplomacy" in s["headline"]]
    speakers = {q["speaker"] for q in story["quotes"]}
    assert speakers <= {"Jen Psaki", "Antony Blinken", "MJ Lee", "Biden"}
    assert "Katie" not in speakers


def test_html_escapes_script_in_a_title(example: Path, tmp_path: Path) -> None:
    day = tmp_path / "examples" / "articles" / "2022-02-22"
    (day / "evil.json").write_text(
        json.dumps(
            {
                "title": "Mayor <script>alert('x')</script> & council agree",
                "text": "The mayor and the council agreed on the budget on Tuesday evening.",
                "url": "https://example.org/evil",
                "published": "2022-02-22T18:00:00-05:00",
            }
        )
    )
    assert generate("--date", "2022-02-22").exit_code == 0
    html = (tmp_path / "out" / "2022-02-22" / "email.html").read_text()
    text = (tmp_path / "out" / "2022-02-22" / "email.txt").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Mayor <script>alert('x')</script> & council agree" in " ".join(text.split())


def test_a_day_without_articles_writes_nothing(example: Path, tmp_path: Path) -> None:
    result = generate("--date", "2022-02-23")
    assert result.exit_code == 1
    assert "no articles for 2022-02-23" in result.output
    assert not (tmp_path / "out" / "2022-02-23").exists()


def test_a_day_without_articles_says_why_each_file_was_skipped(
    example: Path, tmp_path: Path
) -> None:
    day = tmp_path / "examples" / "articles" / "2022-02-23"
    day.mkdir()
    (day / "headline-only.txt").write_text("Ferry pier reopens\n")
    result = generate("--date", "2022-02-23")
    assert result.exit_code == 1
    assert "headline-only.txt: skipped, the article" in result.output  # in the sources' table
    assert "no articles for 2022-02-23" in " ".join(result.output.split())
    machine = generate("--date", "2022-02-23", "--json")
    assert machine.exit_code == 1
    (warning,) = json.loads(machine.stdout)["sources"][0]["warnings"]  # for a script to read
    assert warning.startswith("2022-02-23/headline-only.txt: skipped, the article has no text")


def test_running_twice_stores_nothing_twice(example: Path) -> None:
    assert generate("--date", "2022-02-22").exit_code == 0
    second = generate("--date", "2022-02-22")
    assert second.exit_code == 0
    report = " ".join(second.output.split())
    assert "0 new" in report and "5 already stored" in report


def test_out_option_and_bad_date(example: Path, tmp_path: Path) -> None:
    assert generate("--date", "2022-02-22", "--out", str(tmp_path / "else")).exit_code == 0
    assert (tmp_path / "else" / "2022-02-22" / "email.txt").is_file()
    bad = generate("--date", "22/02/2022")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_python_dash_m_and_help() -> None:
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "newsletter", "generate", "--help"], capture_output=True, text=True
    )
    assert shown.returncode == 0
    assert "--date" in shown.stdout and "--config" in shown.stdout
