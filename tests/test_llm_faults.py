"""Transport faults, over real HTTP to a local server started in the test (stdlib http.server
in a thread answering OpenAI-style chat completions): retries with backoff on 429/5xx and
timeouts, Retry-After honoured, the format ladder, and fail-fast on a wrong key or model."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.config import LLMSettings
from newsletter.digest import LLMEngine, LLMSetupError
from tests.chatserver import Reply
from tests.test_llm_engine import DAY, GOOD, QUOTES, article, finder


def digest(server, store, sleeps: list[float] | None = None, **settings):
    """Digest one article; returns the story, the engine, and the delays it slept."""
    slept: list[float] = [] if sleeps is None else sleeps

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    llm = LLMSettings(base_url=server.url, model="local-model", **settings)
    engine = LLMEngine(
        llm, store, edition_date=DAY, find_quotes=finder(QUOTES), sleep=sleep, backoff=0.5
    )

    async def run():
        try:
            return await engine.digest([article()])
        finally:
            await engine.aclose()

    return asyncio.run(run()), engine, slept


def test_429_waits_as_long_as_retry_after_says(server, store) -> None:
    server.enqueue(GOOD)  # confirms json_schema works
    digest(server, store)
    server.enqueue(Reply(status=429, headers={"Retry-After": "7"}), GOOD)
    story, engine, slept = digest(server, store, temperature=0.5)
    assert story.engine == "llm"
    assert slept == [7.0]
    assert engine.report.calls == 2 and engine.report.failed_calls == 1


def test_5xx_retried_with_exponential_backoff_and_jitter(server, store) -> None:
    server.enqueue(Reply(status=503), Reply(status=502), Reply(status=504), GOOD)
    story, _, slept = digest(server, store)
    assert story.engine == "llm"
    assert len(slept) == 3
    assert all(0 <= s <= 0.5 * 2**n for n, s in enumerate(slept))


def test_a_call_that_keeps_failing_falls_back_alone(server, store) -> None:
    server.responder = lambda request: Reply(status=503)
    story, engine, slept = digest(server, store, max_retries=2)
    assert story.engine == "extractive"
    assert len(server.requests) == 3 and len(slept) == 2
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "failed" and "503" in fallback.reason


def test_timeouts_are_retried(server, store) -> None:
    server.enqueue(Reply(content=GOOD, delay=1.0), GOOD)
    story, engine, _ = digest(server, store, timeout=0.2)
    assert story.engine == "llm"
    assert engine.report.calls == 2


def test_server_rejecting_json_schema_is_asked_with_json_object(server, store) -> None:
    server.enqueue(Reply(status=500, content="response_format json_schema not supported"), GOOD)
    story, engine, slept = digest(server, store)
    assert story.engine == "llm" and slept == []
    formats = [r.get("response_format", {}).get("type") for r in server.requests]
    assert formats == ["json_schema", "json_object"]
    assert any("json_object" in note for note in engine.report.notes)


@pytest.mark.parametrize(
    ("status", "words"), [(401, "refused the API key"), (404, "does not know model")]
)
def test_wrong_key_or_model_fails_fast(server, store, status, words) -> None:
    server.responder = lambda request: Reply(status=status)
    with pytest.raises(LLMSetupError, match=words):
        digest(server, store, api_key="sk-test-secret-value")
    assert len(server.requests) == 1


def test_generate_with_a_wrong_key_stops_with_one_message(server, tmp_path) -> None:
    server.responder = lambda request: Reply(status=401)
    folder = tmp_path / "articles" / "2022-02-22"
    folder.mkdir(parents=True)
    for n in range(3):
        (folder / f"story-{n}.txt").write_text(f"Story {n}\n\nThe council met on Tuesday.\n")
    (tmp_path / "newsletter.toml").write_text(
        f'[[sources]]\ntype = "folder"\npath = "articles"\n'
        f'[llm]\nbase_url = "{server.url}"\nmodel = "local-model"\n'
    )
    (tmp_path / ".env").write_text("NEWSLETTER_LLM__API_KEY=sk-test-secret-value\n")
    result = CliRunner().invoke(app, ["generate", "--date", "2022-02-22"])
    assert result.exit_code == 1
    assert "refused the API key" in result.output
    assert "sk-test-secret-value" not in result.output
    assert "Traceback" not in result.output
    assert len(server.requests) <= 3  # no retries


def test_a_reply_that_trickles_in_is_cut_off_at_the_timeout(server, store) -> None:
    # a byte every 20 ms: no single read waits long, but the whole reply would take 10 s
    server.enqueue(Reply(content=GOOD, trickle=0.02))
    story, engine, _ = digest(server, store, timeout=0.5, max_retries=0)
    assert story.engine == "extractive"
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "failed" and "timeout" in fallback.reason
