"""A model server that answers 200 with something that is not a chat completion, or that claims
impossible token counts, through `newsletter generate` over real HTTP to a local server: the
story it was asked about is retried, then written by the extractive engine; the rest of the
edition is the model's; the call log records every attempt."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from tests.chatserver import LocalChatServer, Reply
from tests.test_llm_pipeline import ARTICLE, answer

DAY = "2022-02-22"
HUGE = b'{"choices": [{"message": {"content": "' + b"x" * 3_000_000 + b'"}}]}'
BAD_BODIES = {
    "cut-off-json": (b'{"choices": [ this is not json', "application/json"),
    "rich-markup": (b"[/bold] [link=x]not a completion[/link]", "text/plain"),
    "html-page": (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
    "choices-not-a-list": (b'{"choices": "nope"}', "application/json"),
    "no-choices": (b'{"choices": []}', "application/json"),
    "content-not-text": (b'{"choices": [{"message": {"content": 42}}]}', "application/json"),
    "empty": (b"", "application/json"),
    "a-json-string": (b'"hello"', "application/json"),
    "huge": (HUGE, "application/json"),
}


def write_edition(tmp_path: Path, server: LocalChatServer, stories: int = 3) -> None:
    folder = tmp_path / "articles" / DAY
    folder.mkdir(parents=True)
    for n in range(stories):
        (folder / f"ferry-{n}.txt").write_text(ARTICLE.format(n=n))
    (tmp_path / "newsletter.toml").write_text(
        'database_url = "sqlite:///news.db"\n'
        '[[sources]]\ntype = "folder"\npath = "articles"\n'
        f'[llm]\nbase_url = "{server.url}"\nmodel = "local-model"\nmax_retries = 1\n'
        "[llm.prices.local-model]\ninput = 1.0\noutput = 2.0\n"
        "[dedup]\nnear_duplicate = 1.0\nsame_event = 1.0\n"
    )


def generate(tmp_path: Path) -> tuple[str, dict]:
    result = CliRunner().invoke(app, ["generate", "--date", DAY])
    assert result.exit_code == 0, result.output
    assert "ExceptionGroup" not in result.output
    edition = json.loads((tmp_path / "out" / DAY / "edition.json").read_text())
    return " ".join(result.output.split()), edition


def logged(tmp_path: Path) -> list[tuple[str, str, int, int, float]]:
    with sqlite3.connect(tmp_path / "news.db") as db:
        return db.execute(
            "SELECT task, outcome, tokens_in, tokens_out, cost FROM llm_calls ORDER BY id"
        ).fetchall()


def engines(edition: dict) -> dict[str, str]:
    return {s["headline"]: s["engine"] for s in edition["stories"]}


@pytest.mark.parametrize("kind", BAD_BODIES)
def test_a_reply_that_is_not_a_completion_costs_one_story(tmp_path, kind: str) -> None:
    body, content_type = BAD_BODIES[kind]

    def respond(request: dict) -> Reply:
        user = request["messages"][-1]["content"]
        if "approves ferry 1" in user and "STORIES" not in user:
            return Reply(body=body, content_type=content_type)
        return answer(request)

    with LocalChatServer(respond) as server:
        write_edition(tmp_path, server)
        output, edition = generate(tmp_path)

    assert engines(edition) == {
        "Harbor council approves ferry route 0": "llm",
        "Harbor council approves ferry 1": "extractive",
        "Harbor council approves ferry route 2": "llm",
    }
    assert "1 story(ies) written by the extractive engine instead: 1 failed" in output
    assert "the model server sent a" in output
    malformed = [row for row in logged(tmp_path) if row[1] == "malformed-reply"]
    assert len(malformed) == 2  # the call and its one retry, both in the call log
    assert edition["subject"] == "Harbor council approves ferry routes"  # the intro still works


def test_a_broken_intro_reply_keeps_the_default_subject(tmp_path) -> None:
    def respond(request: dict) -> Reply:
        if "STORIES" in request["messages"][-1]["content"]:
            return Reply(body=b'{"choices": "nope"}')
        return answer(request)

    with LocalChatServer(respond) as server:
        write_edition(tmp_path, server)
        output, edition = generate(tmp_path)

    assert set(engines(edition).values()) == {"llm"}
    assert edition["subject"].startswith("The Daily Brief: Harbor council approves ferry route")
    assert edition["intro"] is None
    assert "Intro: written without the model" in output
    assert [row[1] for row in logged(tmp_path) if row[0] == "intro"] == ["malformed-reply"] * 2


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": -2000, "completion_tokens": 10**12},
        {"prompt_tokens": 12.5, "completion_tokens": 30},
        {"prompt_tokens": "300", "completion_tokens": "40"},
        {"prompt_tokens": 10**9, "completion_tokens": 40},
        "lots",
    ],
    ids=["negative-and-huge", "fractional", "strings", "prompt-longer-than-sent", "not-counts"],
)
def test_impossible_token_counts_are_estimated_and_flagged(tmp_path, usage) -> None:
    def respond(request: dict) -> Reply:
        reply = answer(request)
        reply.usage = usage
        return reply

    with LocalChatServer(respond) as server:
        write_edition(tmp_path, server, stories=1)
        output, edition = generate(tmp_path)

    assert set(engines(edition).values()) == {"llm"}  # the replies themselves are used
    assert "reported impossible token counts for 2 call(s)" in output
    assert "estimated from the text instead" in output
    for _task, outcome, tokens_in, tokens_out, cost in logged(tmp_path):
        assert outcome == "ok"
        assert 100 < tokens_in < 2000 and 0 < tokens_out <= 400  # estimates of what was sent
        assert 0 < cost < 0.01  # at $1 and $2 per million tokens


def test_believable_token_counts_are_kept(tmp_path) -> None:
    def respond(request: dict) -> Reply:
        reply = answer(request)
        reply.usage = {"prompt_tokens": 321, "completion_tokens": 54, "total_tokens": 375}
        return reply

    with LocalChatServer(respond) as server:
        write_edition(tmp_path, server, stories=1)
        output, _ = generate(tmp_path)

    assert "impossible token counts" not in output
    assert [row[2:4] for row in logged(tmp_path)] == [(321, 54), (321, 54)]


def completion(content: dict) -> bytes:
    message = {"role": "assistant", "content": json.dumps(content)}
    return json.dumps({"choices": [{"index": 0, "message": message}]}).encode()


BOMB = b"\0" * 20_000_000  # compresses to about 20 kB, and to about 100 bytes twice over


@pytest.mark.parametrize(
    ("encoding", "body", "engine", "told"),
    [
        ("gzip", lambda good: gzip.compress(completion(good)), "llm", None),
        ("gzip", lambda good: gzip.compress(BOMB), "extractive", "more than 1,000,000 bytes"),
        (
            "gzip, gzip",
            lambda good: gzip.compress(gzip.compress(BOMB)),
            "extractive",
            "Content-Encoding 'gzip, gzip'",
        ),
        ("gzip", lambda good: b"\x1f\x8b not gzip at all", "extractive", "gzip encoding is broken"),
    ],
    ids=["gzipped-reply", "gzip-bomb", "double-gzip-bomb", "broken-gzip"],
)
def test_compressed_replies_are_decoded_within_the_size_cap(
    tmp_path, encoding, body, engine, told
) -> None:
    def respond(request: dict) -> Reply:
        user = request["messages"][-1]["content"]
        if "STORIES" in user:
            return answer(request)
        good = answer(request).content
        return Reply(body=body(good), headers={"Content-Encoding": encoding})

    with LocalChatServer(respond) as server:
        write_edition(tmp_path, server, stories=1)
        output, edition = generate(tmp_path)

    assert set(engines(edition).values()) == {engine}
    if told:
        assert told in output
