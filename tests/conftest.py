"""Every test runs in its own empty working directory with no NEWSLETTER_* variables set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
