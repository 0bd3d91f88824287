"""`newsletter generate` with a model, end to end over HTTP to a local server started in the
test, with the real quote finder: concurrency bound, the report's LLM lines, a rerun that
makes no call, `usage`."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.config import LLMSettings, Settings
from newsletter.digest import LLMEngine
from newsletter.gather.folder import FolderSource
from newsletter.pipeline import SourcesFailedError, generate
from tests.chatserver import LocalChatServer, Reply

ARTICLE = """Harbor council approves ferry {n}

The harbor council approved ferry route {n} on Tuesday after a long meeting.

"This route will carry families to work every single morning," Mayor Ana Ruiz said.

The route opens in March.
"""


def answer(request: dict) -> Reply:
    """A grounded story or intro, whichever the request asks for."""
    user = request["messages"][-1]["content"]
    if "STORIES" in user:
        return Reply(
            content={
                "subject": "Harbor council approves ferry routes",
                "intro": "The harbor council approved ferry routes on Tuesday.",
            }
        )
    n = re.search(r"approves ferry (\d+)", user).group(1)
    return Reply(
        content={
            "headline": f"Harbor council approves ferry route {n}",
            "summary": f"The harbor council approved ferry route {n} on Tuesday. "
            "The route opens in March.",
            "quote_ids": [1],
            "topic": "Local",
            "importance": 2 + int(n) % 3,
        },
        delay=0.05,
    )


@pytest.fixture
def edition(tmp_path: Path):
    folder = tmp_path / "articles" / "2022-02-22"
    folder.mkdir(parents=True)
    for n in range(6):
        (folder / f"ferry-{n}.txt").write_text(ARTICLE.format(n=n))
    with LocalChatServer(answer) as server:
        (tmp_path / "newsletter.toml").write_text(
            '[[sources]]\ntype = "folder"\npath = "articles"\n'
            f'[llm]\nbase_url = "{server.url}"\nmodel = "local-model"\nmax_concurrency = 2\n'
            "[llm.prices.local-model]\ninput = 1.0\noutput = 2.0\n"
            # six near-copies, one story each: this test is about calls, not grouping
            "[dedup]\nnear_duplicate = 1.0\nsame_event = 1.0\n"
        )
        yield server


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_generate_with_a_model_then_rerun_without_calls(edition, tmp_path) -> None:
    first = run("generate", "--date", "2022-02-22")
    assert first.exit_code == 0, first.output
    assert len(edition.requests) == 7  # six stories and the intro
    assert edition.max_in_flight <= 2
    assert "written by the llm engine" in first.output
    assert "LLM local-model: 7 call(s) (0 failed or rejected)" in first.output

    saved = json.loads((tmp_path / "out" / "2022-02-22" / "edition.json").read_text())
    assert saved["subject"] == "Harbor council approves ferry routes"
    assert saved["intro"].startswith("The harbor council")
    assert [s["importance"] for s in saved["stories"]] == sorted(
        (s["importance"] for s in saved["stories"]), reverse=True
    )
    for story in saved["stories"]:
        (quote,) = story["quotes"]
        assert quote["speaker"] == "Ana Ruiz"

    again = run("generate", "--date", "2022-02-22")
    assert again.exit_code == 0, again.output
    assert len(edition.requests) == 7
    assert "LLM local-model: 0 call(s)" in again.output
    assert "7 answer(s) from the cache" in again.output

    usage = run("usage", "--date", "2022-02-22")
    assert usage.exit_code == 0, usage.output
    assert re.search(r"local-model\s*│\s*7\s*│\s*0", usage.output)
    assert "$0.0" in usage.output
    assert "No LLM calls" in run("usage", "--date", "2022-02-23").output


def test_an_engine_set_up_while_gathering_is_closed_when_every_source_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's client is set up while the sources are read; when they all fail, it is
    closed all the same, and the error is the sources' one."""
    made, closed = [], []
    setup, close = LLMEngine.__init__, LLMEngine.aclose

    def init(self, *args, **kwargs) -> None:
        setup(self, *args, **kwargs)
        made.append(self)

    async def aclose(self) -> None:
        closed.append(self)
        await close(self)

    monkeypatch.setattr(LLMEngine, "__init__", init)
    monkeypatch.setattr(LLMEngine, "aclose", aclose)
    settings = Settings(
        sources=[FolderSource(path=tmp_path / "missing", name="Harbour desk")],
        database_url=f"sqlite:///{tmp_path / 'store.db'}",
        output_dir=tmp_path / "out",
        timezone="UTC",
        llm=LLMSettings(model="m", base_url="http://127.0.0.1:9/v1"),
    )
    with pytest.raises(SourcesFailedError):
        asyncio.run(generate(settings, date(2026, 3, 7)))
    assert len(made) == 1 and closed == made
