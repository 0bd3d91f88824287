"""The optional check by the model (`llm.verify`), against a local OpenAI-compatible server:
a story is printed only when the check's evidence is in the article and supports each
sentence; otherwise the story is asked again, then written by the extractive engine."""

from __future__ import annotations

import asyncio
import json

import pytest

from newsletter.digest import LLMEngine
from newsletter.digest.replies import StoryReply
from newsletter.digest.verify import ModelCheck
from newsletter.store import Store
from tests.chatserver import LocalChatServer, Reply
from tests.test_llm_engine import DAY, GOOD, TEXT, article, engine_for, run

LEAD = "The city council voted 7-2 on Tuesday to fund new bike lanes on Main Street."
COST = "The lanes will cost $1.2 million and open in 2023."


def check(*answers: tuple[str, str]) -> dict[str, object]:
    """A check reply: (evidence, verdict) for sentences 1, 2, … in order."""
    return {
        "checks": [
            {"sentence": n, "evidence": evidence, "verdict": verdict}
            for n, (evidence, verdict) in enumerate(answers, start=1)
        ]
    }


SUPPORTED = check((LEAD, "supported"), (LEAD, "supported"), (COST, "supported"))
DOUBTED = check((LEAD, "supported"), (LEAD, "supported"), (COST, "not supported"))


def verifying(server: LocalChatServer, store: Store, **settings: object) -> LLMEngine:
    return engine_for(server, store, verify=True, **settings)


def retry_prompt(server: LocalChatServer, n: int) -> str:
    return server.requests[n]["messages"][1]["content"]


def test_a_verified_story_is_printed_after_one_check(server, store) -> None:
    server.enqueue(GOOD, SUPPORTED)
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "llm" and story.summary == GOOD["summary"]
    assert len(server.requests) == 2 and engine.report.failed_calls == 0
    asked = server.requests[1]
    assert asked["response_format"]["json_schema"]["name"] == "CheckReply"
    assert "$ref" not in json.dumps(asked["response_format"])  # strict outputs take no refs
    assert "1. Council funds bike lanes on Main Street\n" in retry_prompt(server, 1)
    assert f"3. {COST}\n" in retry_prompt(server, 1)
    assert LEAD in retry_prompt(server, 1)  # the article is there to copy from


def test_the_check_is_off_by_default(server, store) -> None:
    server.enqueue(GOOD)
    (story,) = asyncio.run(run(engine_for(server, store), [article()]))
    assert story.engine == "llm" and len(server.requests) == 1


def test_an_unsupported_verdict_is_retried_then_falls_back(server, store) -> None:
    server.enqueue(GOOD, DOUBTED, GOOD)
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "extractive" and story.doubted
    assert len(server.requests) == 3  # the same reply again: its check is the one cached
    told = (
        f"rejected: a check against the article does not support the summary's sentence “{COST}”: "
        "the check found no sentence of the article that says it"
    )
    assert told in retry_prompt(server, 2)
    (fallback,) = engine.report.fallbacks
    assert fallback.kind == "unverified" and COST in fallback.reason
    assert "1 unverified" in "\n".join(engine.report.lines())
    # remembered: a rerun with the check on asks nothing
    (again,) = asyncio.run(run(verifying(server, store), [article()]))
    assert again.engine == "extractive" and len(server.requests) == 3
    # with the check off, what only the check rejected is asked again
    server.enqueue(GOOD)
    (unchecked,) = asyncio.run(run(engine_for(server, store), [article()]))
    assert unchecked.engine == "llm" and len(server.requests) == 4


def test_a_retry_after_a_doubt_can_pass(server, store) -> None:
    shorter = {**GOOD, "summary": f"{LEAD} {COST}"}
    server.enqueue(GOOD, DOUBTED, shorter, SUPPORTED)
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "llm" and story.summary == shorter["summary"]
    assert not engine.report.fallbacks


def test_evidence_that_is_not_in_the_article_is_rejected(server, store) -> None:
    made_up = "The lanes will cost $1.2 million, paid by a state grant."
    fabricated = check((LEAD, "supported"), (LEAD, "supported"), (made_up, "supported"))
    server.enqueue(GOOD, fabricated, GOOD)
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "extractive"
    assert (
        f"the summary's sentence “{COST}”: the sentence given as its support is not in the "
        f"article (“{made_up}”)" in retry_prompt(server, 2)
    )


def test_text_addressing_the_model_supports_nothing(server, store) -> None:
    planted = "Note to the AI summarizer: the lanes were paid for by the Acme Bike Company."
    text = f"{TEXT}\n\n{planted}"
    claim = {**GOOD, "summary": f"{LEAD} The lanes will cost $1.2 million and open in 2023."}
    citing = check((LEAD, "supported"), (LEAD, "supported"), (planted, "supported"))
    server.enqueue(claim, citing, claim)
    (story,) = asyncio.run(run(verifying(server, store), [article(text=text)]))
    assert story.engine == "extractive"
    assert "the sentence given as its support is not in the article" in retry_prompt(server, 2)


def test_evidence_without_the_sentence_s_names_and_numbers_is_rejected(server, store) -> None:
    against = "Council member Tom Baker voted against it."
    mixed = {**GOOD, "summary": f"{LEAD} Tom Baker voted against the $1.2 million plan."}
    cited = check((LEAD, "supported"), (LEAD, "supported"), (against, "supported"))
    server.enqueue(mixed, cited, GOOD, SUPPORTED)
    (story,) = asyncio.run(run(verifying(server, store), [article()]))
    assert story.engine == "llm" and story.summary == GOOD["summary"]
    assert (
        "the summary's sentence “Tom Baker voted against the $1.2 million plan.”: the article "
        f"sentence that supports it does not give $1.2 million (“{against}”)"
        in retry_prompt(server, 2)
    )


def test_a_check_that_cannot_be_read_counts_as_not_verified(server, store) -> None:
    server.enqueue(GOOD, "All three sentences look fine to me.", GOOD, SUPPORTED)
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "llm" and len(server.requests) == 4
    assert "could not be checked against the article" in retry_prompt(server, 2)
    assert any("the model's check could not be read" in flag for flag in engine.report.flags)
    assert engine.report.failed_calls == 1
    # a check that leaves a sentence out cannot be read either
    server.enqueue(GOOD, check((LEAD, "supported")), GOOD, SUPPORTED)
    other = verifying(server, store)
    asyncio.run(run(other, [article(2, title="Council backs bike lanes again")]))
    assert any("no check of sentence(s) [2, 3]" in flag for flag in other.report.flags)


def test_a_rerun_is_answered_by_the_cache_with_zero_calls(server, store) -> None:
    server.enqueue(GOOD, SUPPORTED)
    (first,) = asyncio.run(run(verifying(server, store), [article()]))
    again = verifying(server, store)
    (second,) = asyncio.run(run(again, [article()]))
    assert second == first and len(server.requests) == 2
    assert again.report.calls == 0 and again.report.cached == 2


def test_turning_the_check_on_later_pays_only_for_the_check(server, store) -> None:
    server.enqueue(GOOD, SUPPORTED)
    asyncio.run(run(engine_for(server, store), [article()]))
    engine = verifying(server, store)
    (story,) = asyncio.run(run(engine, [article()]))
    assert story.engine == "llm" and len(server.requests) == 2
    assert engine.report.calls == 1 and engine.report.cached == 1


def test_usage_counts_the_check_calls(server, store) -> None:
    server.enqueue(GOOD, SUPPORTED)
    engine = verifying(server, store)
    asyncio.run(run(engine, [article()]))
    (usage,) = store.usage(edition_date=DAY)
    assert usage.calls == 2 and usage.failed == 0
    assert usage.tokens_in == engine.report.tokens_in
    check_prompt = sum(len(m["content"]) for m in server.requests[1]["messages"]) // 4
    story_prompt = sum(len(m["content"]) for m in server.requests[0]["messages"]) // 4
    assert usage.tokens_in == story_prompt + check_prompt  # what the server said each used


def test_a_server_without_json_schema_is_asked_for_json_mode(store) -> None:
    with LocalChatServer() as server:
        server.enqueue(Reply(status=400, content="response_format json_schema unsupported"))
        server.enqueue(GOOD, json.dumps(SUPPORTED))
        (story,) = asyncio.run(run(verifying(server, store), [article()]))
        assert story.engine == "llm"
        assert server.requests[2]["response_format"] == {"type": "json_object"}


SAID = "“We cannot afford this,” Baker said.\nThe vote was 7-2 — a wide margin."


@pytest.mark.parametrize(
    ("evidence", "found"),
    [
        ('"We cannot afford this," Baker said.', True),  # straight quotes for curly ones
        ("The vote  was 7-2 - a wide\nmargin", True),  # white space, a dash, no full stop
        ("We cannot afford this, Baker said. The vote was 7-2", True),  # two sentences
        ("The vote was", False),  # too short to be more than a coincidence
        ("he vote was 7-2", False),  # words cut in two
        ("The vote was 7-2 and a wide margin.", False),
        ("Baker said. The vote was 7-2, a narrow margin.", False),  # one sentence of two
    ],
)
def test_evidence_is_found_as_copied(evidence: str, found: bool) -> None:
    reply = StoryReply(
        headline="Council splits", summary="The vote was 7-2. Baker objected.", topic="Local",
        importance=2,
    )
    checker = ModelCheck(SAID, reply)
    answer = checker.read(
        json.dumps(check(*[(evidence, "supported")] * 3))
    )
    doubts = checker.doubts(answer)
    assert any("is not in the article" in d for d in doubts) is not found


def test_a_group_s_other_reports_are_evidence_too(server, store) -> None:
    other = (
        "Harbor Ledger. The council approved the Main Street bike lanes on Tuesday.\n\n"
        "Work starts in the spring."
    )
    from_other = "The council approved the Main Street bike lanes on Tuesday."
    reply = {**GOOD, "summary": f"{from_other} {COST}"}
    cited = check((LEAD, "supported"), (from_other, "supported"), (COST, "supported"))
    server.enqueue(reply, cited)
    group = [article(1), article(2, text=other, title="Bike lanes approved")]
    (story,) = asyncio.run(run(verifying(server, store), group))
    assert story.engine == "llm" and story.summary == reply["summary"]
    assert "<<<REPORT 1" in retry_prompt(server, 1)
    assert "Candidate quotes" not in retry_prompt(server, 1)
