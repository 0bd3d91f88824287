"""The LLM engine against recordings of a real OpenAI-compatible server (tests/cassettes/).

Replayed with vcrpy, matched on method, path and the normalised JSON body, so a changed prompt,
candidate list or setting does not silently replay a stale answer: it fails and says to
re-record. How the recordings were made, and how to make them again: tests/README.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vcr
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException

from newsletter.config import LLMSettings
from newsletter.digest import LLMEngine
from newsletter.digest.grounding import Problem, problems, unsupported
from newsletter.digest.replies import sentence_count
from newsletter.models import Article, Story
from newsletter.resources import bundled_dir
from newsletter.store import Store
from tests.conftest import EXAMPLE_ARTICLES
from tests.test_llm_engine import finder

CASSETTES = Path(__file__).resolve().parent / "cassettes" / "test_llm_recorded"
RECORDING = os.environ.get("LLM_RECORD") == "1"
BASE_URL = os.environ.get("LLM_RECORD_BASE_URL", "http://127.0.0.1:8089/v1")
API_KEY = os.environ.get("LLM_RECORD_API_KEY")
MODELS = {  # cassette: (model, temperature) it was recorded with; LLM_RECORD_MODEL overrides
    "story_json_schema": ("qwen2.5-coder-0.5b-instruct", 0.0),
    "story_json_object_fallback": ("qwen2.5-coder-0.5b-instruct", 0.0),
    # at temperature 0 SmolLM2 answers with the article's first sentence
    "story_small_model_rejected": ("smollm2-135m-instruct-q4_1", 0.2),
    "story_1_5b_model_rejected": ("qwen2.5-coder-1.5b-instruct-q4_k_m", 0.0),
}
STALE = (
    "the request no longer matches the recording in {path} (the prompt, the candidate quotes "
    "or a setting changed): re-record it as tests/README.md explains "
    "(LLM_RECORD=1 against a local server, or against OpenAI with a key)"
)

SAMPLE = EXAMPLE_ARTICLES / "2022-02-22" / "psaki-door-to-diplomacy.txt"
# The candidate quotes of the sample article, pinned here (speaker, exact text) so that the
# recordings do not depend on the quote finder's version.
PSAKI_QUOTES = [
    ("Jen Psaki", "the door to diplomacy [with Russia] still remains open"),
    (
        "Jen Psaki",
        "continue to remain open to having diplomatic conversations once, if and when, "
        "they [Russia] deescalate",
    ),
    (
        "MJ Lee",
        "help paint a picture of what exactly diplomacy looks like in terms of "
        "dealing with Russia.",
    ),
    (
        "Antony Blinken",
        "now that we see the invasion is beginning, and Russia has made clear its wholesale "
        "rejection of diplomacy, it does not make sense to go forward with that meeting at "
        "this time.",
    ),
    ("Antony Blinken", "I consulted with our allies and partners. All agree,"),
    ("Jen Psaki", "President Putin is overseeing the invasion of a sovereign country."),
    ("Biden", "This is the beginning of a Russian invasion of Ukraine,"),
    ("Biden", "defending freedom will have costs for us as well."),
]


def sample() -> Article:
    return Article(
        title="Psaki Says the ‘Door to Diplomacy’ Is Open Between Biden and Putin",
        text=SAMPLE.read_text(encoding="utf-8"),
        source="Example desk",
        published=datetime(2022, 2, 22, 12, tzinfo=ZoneInfo("America/New_York")),
    )


def _body(request) -> str:
    try:
        return json.dumps(json.loads(request.body or b"{}"), sort_keys=True)
    except ValueError:
        return str(request.body)


def body_matcher(r1, r2) -> None:
    assert _body(r1) == _body(r2), "the JSON body differs"


RECORDER = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="all" if RECORDING else "none",
    match_on=["method", "path", "json_body"],
    filter_headers=["authorization", "api-key", "openai-organization", "openai-project"],
    decode_compressed_response=True,
)
RECORDER.register_matcher("json_body", body_matcher)


def digest_recorded(name: str, tmp_path: Path, **settings) -> tuple[Story, LLMEngine]:
    """Digest the sample article against cassette `name`; fail with STALE when a request
    was not in the recording."""
    model, temperature = MODELS[name]
    if RECORDING:
        model = os.environ.get("LLM_RECORD_MODEL", model)
    llm = LLMSettings(
        base_url=BASE_URL,
        api_key=API_KEY,
        model=model,
        temperature=temperature,
        max_retries=0,
        timeout=600,
        **settings,
    )
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    engine = LLMEngine(llm, store, edition_date=date(2022, 2, 22), find_quotes=finder(PSAKI_QUOTES))

    async def run() -> Story:
        try:
            return await engine.digest([sample()])
        finally:
            await engine.aclose()

    path = CASSETTES / f"{name}.yaml"
    if RECORDING:
        path.unlink(missing_ok=True)  # a new recording replaces the old one whole
    stale = STALE.format(path=path.relative_to(CASSETTES.parent.parent.parent))
    try:
        with RECORDER.use_cassette(path.name) as cassette:
            story = asyncio.run(run())
    except CannotOverwriteExistingCassetteException:
        pytest.fail(stale)
    finally:
        store.close()
    failed = any(f.kind == "failed" for f in engine.report.fallbacks)
    if not RECORDING and (failed or not cassette.all_played):
        pytest.fail(stale)
    return story, engine


def cassette_requests(name: str) -> list[str]:
    """The request bodies recorded in cassette `name`."""
    recorded = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    return [interaction["request"]["body"] for interaction in recorded["interactions"]]


def assert_verbatim(story: Story, text: str) -> None:
    for quote in story.quotes:
        assert text[quote.start : quote.end] == quote.text
        if story.engine == "llm":
            assert (quote.speaker, quote.text) in PSAKI_QUOTES


def user_prompts(name: str) -> list[str]:
    """The user prompts recorded in cassette `name`, in order."""
    return [json.loads(body)["messages"][1]["content"] for body in cassette_requests(name)]


def replies(name: str) -> list[dict]:
    """The model's replies recorded in cassette `name`, parsed, in order."""
    recorded = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    bodies = [json.loads(i["response"]["body"]["string"]) for i in recorded["interactions"]]
    return [json.loads(b["choices"][0]["message"]["content"]) for b in bodies if "choices" in b]


def test_structured_digest_that_restates_quotes_falls_back(tmp_path) -> None:
    # The 0.5B model's first summary is one long sentence; the retry, told so, writes two, but
    # they restate two of Psaki's quotes as fact. Every name in them is in the article, so only
    # the check for a quote's words rejects them, and the extractive engine writes the story.
    story, engine = digest_recorded("story_json_schema", tmp_path)
    assert engine.report.calls == 2 and engine.report.failed_calls == 2
    first, retry = user_prompts("story_json_schema")
    assert "rejected" not in first
    assert "summary: it has 1 sentence, but it must have 2 or 3 short sentences" in retry
    second = replies("story_json_schema")[1]
    assert "President Putin is overseeing the invasion of a sovereign country." in second["summary"]
    assert sentence_count(second["summary"]) == 2
    assert unsupported(f"{second['headline']}\n{second['summary']}", sample().text) == []
    assert story.engine == "extractive"
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "rejected"
    assert (
        "the summary repeats the words of Jen Psaki's quote 'President Putin is overseeing the "
        "invasion of a sovereign country'; say it in your own words or leave it out: quotes "
        "are printed separately." in fallback.reason
    )
    assert "Jen Psaki's quote 'continue to remain open to having diplomatic" in fallback.reason
    assert_verbatim(story, sample().text)


def test_json_schema_rejected_then_json_object_reply_fails_the_schema(tmp_path) -> None:
    # llama-cpp-python's server answers response_format json_schema with HTTP 500; the engine
    # asks again in JSON mode. Without the schema to hold it, the 0.5B model chose seven quotes
    # and wrote 69 words; told so, it chose two but wrote 98 words: the extractive engine
    # writes the story.
    story, engine = digest_recorded("story_json_object_fallback", tmp_path)
    assert any("json_object" in note for note in engine.report.notes)
    assert engine.report.calls == 3 and engine.report.failed_calls == 3
    retry = user_prompts("story_json_object_fallback")[2]
    assert "it has 69 words, but it must have at most 60" in retry
    assert "quote_ids: List should have at most 2 items" in retry
    assert story.engine == "extractive"
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "rejected" and "98 words" in fallback.reason
    assert_verbatim(story, sample().text)


def test_small_model_reply_fails_the_schema_then_retries(tmp_path) -> None:
    # SmolLM2-135M repeats one phrase until it runs out of tokens: a headline over 90
    # characters and no summary. The retry names the broken rules; the second reply breaks
    # them again and the extractive engine writes the story.
    story, engine = digest_recorded("story_small_model_rejected", tmp_path)
    assert engine.report.calls == 2 and engine.report.failed_calls == 2
    retry = user_prompts("story_small_model_rejected")[1]
    assert "headline: String should have at most 90 characters" in retry
    assert "summary: Field required" in retry
    assert story.engine == "extractive"
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "rejected" and "headline" in fallback.reason
    assert_verbatim(story, sample().text)


def test_1_5b_model_quotes_biden_and_again_when_told_not_to(tmp_path) -> None:
    # Qwen2.5-Coder-1.5B's first reply has three sentences and 52 words, but quotes nine of
    # Biden's words: verbatim, but more than a short scare quote, so the gate rejects it and
    # tells the model to say it in its own words. The retry changes a few words and the quote
    # ids yet keeps the quotation: the extractive engine writes the story.
    name = "story_1_5b_model_rejected"
    story, engine = digest_recorded(name, tmp_path)
    assert engine.report.calls == 2 and engine.report.failed_calls == 2
    first_prompt, retry_prompt = user_prompts(name)
    assert "rejected" not in first_prompt
    first, second = replies(name)
    assert first["quote_ids"] == [1, 2]
    assert sentence_count(first["summary"]) == 3 and len(first["summary"].split()) == 52
    quoted = "“defending freedom will have costs for us as well.”"
    told = (
        "quotes are printed separately from the article: do not quote in the headline or "
        f"summary; say it in your own words: {quoted}."
    )
    for reply in (first, second):
        text = f"{reply['headline']}\n{reply['summary']}"
        assert problems(text, sample().text) == [Problem("long_quote", quoted)]
    assert told in retry_prompt
    assert "not in the article" not in retry_prompt
    assert (
        "the summary repeats the words of Biden's quote 'defending freedom will have costs "
        "for us as well'" in retry_prompt
    )
    assert second["quote_ids"] == [7, 8]
    assert sentence_count(second["summary"]) == 3 and len(second["summary"].split()) == 51
    assert story.engine == "extractive"
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "rejected"
    assert told in fallback.reason and "Biden's quote 'defending freedom" in fallback.reason
    assert_verbatim(story, sample().text)


def test_a_changed_prompt_says_to_re_record(tmp_path) -> None:
    if RECORDING:
        pytest.skip("only meaningful when replaying")
    prompts = tmp_path / "prompts"
    shutil.copytree(bundled_dir("prompts"), prompts)
    system = prompts / "story.system.j2"
    system.write_text(system.read_text() + "\nWrite in a cheerful voice.\n")
    with pytest.raises(pytest.fail.Exception, match="re-record"):
        digest_recorded("story_json_schema", tmp_path, prompts_dir=prompts)
