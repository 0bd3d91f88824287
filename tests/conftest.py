"""Every test runs in its own empty working directory with no NEWSLETTER_* variables set."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsletter.models import Article
from newsletter.store import Store
from tests.chatserver import LocalChatServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "newsletter.example.toml"
EXAMPLE_ARTICLES = ROOT / "examples" / "articles"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.upper().startswith("NEWSLETTER_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a newsletter.toml in the working directory and return its path."""

    def write(body: str, name: str = "newsletter.toml") -> Path:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        return path

    return write


@pytest.fixture
def store(tmp_path: Path):
    """A fresh store in the test's folder."""
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield opened
    opened.close()


@pytest.fixture
def server():
    """A local OpenAI-style chat server answering what the test queues."""
    with LocalChatServer() as running:
        yield running


def morning_report(title: str, text: str, source: str, minute: int) -> Article:
    """A report `source` published at 9:`minute` on 9 March 2026, with a link of its own."""
    return Article(
        title=title,
        text=text,
        source=source,
        url=f"https://{source.lower().replace(' ', '')}.example/{minute}",
        published=datetime(2026, 3, 9, 9, minute, tzinfo=UTC),
    )
