"""The LLM engine: a story written by a model, checked by code, paid for once.

For each article group the engine finds the candidate quotes of every member (`candidates`,
each kept with its own article), cuts the primary article (the most complete report) to
`llm.max_input_tokens`, adds the lead of each other report for context, renders the story
prompts and asks for a `StoryReply` (a group of one asks exactly what one article always
asked). The reply must validate and pass the story gate (`gate.StoryGate`): names and
numbers against the text of every member, no headline or summary repeating the words of a
candidate quote, and each sentence's words or acts given to the person the article
credits. One failure is retried with the reason told to the model, a second one makes the
extractive engine write the story. So do a request that keeps failing and the edition's token
budget running out.
Quotes are printed from the candidate list by the ids the model chose, each with its own
article id; an id that was not offered is a retry reason listing the valid ids (one in a reply
remembered from an earlier run is dropped and flagged).

Article text is data. Text in it that addresses the model (`injection`) is flagged in the
report and blanked from the evidence the gate checks against; a reply that repeats it makes
the extractive engine write the story at once. A story whose articles were flagged, or that
the gate rejected, is `doubted`: it never leads the edition nor gives its subject.

With `llm.verify` on, a reply that passed the gate is checked by the model as well (`verify`):
one more call asks, for the headline and each summary sentence, for the article sentence that
supports it and a verdict; a sentence it does not support (or whose evidence is not in the
screened articles, or lacks its names and numbers) is a retry reason like the gate's, and an
answer that cannot be read counts as not supported. The check's answer is cached and logged
like the story's (task "verify").

With `dedup.ask_model`, `same_events` asks once per edition which of the pairs of stories
`group.assist` offers report one event; a pair that was not offered is a retry reason.

Answers, and rejections, are cached in the store under a key of the prompt hash, the model,
the temperature and everything the prompt was rendered from (article text after cutting,
candidate quotes, topics, newsletter name), so rerunning a date makes no call at all.
Store writes (cache entries, call-log rows) run on one writer thread, in order, so a slow
disk commit never stalls the calls in flight; `aclose` waits for the last of them. Finding a
story's quotes and checking its replies run on one checks thread, so the event loop is free to
send the next request and read the next reply while a story is being prepared or checked.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

import lemminflect
from pydantic import BaseModel

from newsletter.config import LLMSettings
from newsletter.digest.candidates import QuoteFinder
from newsletter.digest.client import (
    CallFailed,
    ChatClient,
    ChatRequest,
    LLMSetupError,
    OverBudget,
    Ungrounded,
)
from newsletter.digest.extractive import ExtractiveEngine, members, provenance, summarise
from newsletter.digest.gate import RepeatsInjection, StoryGate, ungrounded
from newsletter.digest.prompts import PromptSet, fence
from newsletter.digest.replies import (
    GroupingReply,
    IntroReply,
    ReplyError,
    StoryReply,
    read_reply,
    response_schema,
)
from newsletter.digest.report import DigestReport, Fallback
from newsletter.digest.tokens import count_tokens, fit_article
from newsletter.digest.verify import CheckReply, ModelCheck, Unverified, unverified
from newsletter.models import Article, Quote, Story, StoryQuote
from newsletter.store import LLMCall, Store

__all__ = ["LLMEngine"]

logger = logging.getLogger(__name__)
ReplyT = TypeVar("ReplyT", bound=BaseModel)
VERIFY_REPLY_TOKENS = 800  # a sentence of evidence for each of up to four sentences


def _warn_if_failed(future: Future[None]) -> None:
    if (error := future.exception()) is not None:
        logger.warning("the LLM call log could not be written: %s", error)


def _load_tables(model: str | None) -> None:
    """Load what the first story would otherwise wait for, while the sources are still read:
    the lemma table the quote finder and the gate read words with (a quarter of a second),
    and the model's tokenizer (tiktoken may fetch its vocabulary)."""
    lemminflect.getAllLemmas("said")
    count_tokens("", model)


class LLMEngine:
    """Stories from any OpenAI-compatible model, with the extractive engine as the safety net."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings,
        store: Store,
        *,
        newsletter: str = "The Daily Brief",
        edition_date: date | None = None,
        find_quotes: QuoteFinder | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        backoff: float = 1.0,
    ) -> None:
        self.settings = settings
        self.store = store
        self.newsletter = newsletter
        self.edition_date = edition_date
        self.find_quotes = find_quotes
        self.report = DigestReport(model=settings.model or "")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-store")
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-checks")
        # stories being prepared or asked at once: enough to keep every call slot busy, few
        # enough that preparing all of an edition's stories never holds up the replies
        self.stories = asyncio.Semaphore(2 * settings.max_concurrency)
        self.prompts = PromptSet(settings.prompts_dir)
        self.fallback = ExtractiveEngine(find_quotes)
        options: dict[str, Any] = {"backoff": backoff}
        if sleep is not None:
            options["sleep"] = sleep
        self.client = ChatClient(settings, log=self._log, checks=self.checks, **options)
        self.story_format = response_schema(StoryReply, {"topic": settings.topics})
        self.intro_format = response_schema(IntroReply, {})
        self.check_format = response_schema(CheckReply, {})
        self.grouping_format = response_schema(GroupingReply, {})
        _load_tables(settings.model)

    async def aclose(self) -> None:
        self.report.notes.extend(self.client.notes)
        if doubted := self.client.doubted_usage:
            self.report.flags.append(
                f"the model server reported impossible token counts for {len(doubted)} "
                f"call(s) (such as {doubted[0]}); they were estimated from the text instead"
            )
        try:
            await self.client.aclose()
        finally:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self.writer.shutdown)
            await loop.run_in_executor(None, self.checks.shutdown)

    def _log(self, call: LLMCall) -> None:
        call = replace(call, edition_date=self.edition_date)
        self.writer.submit(self.store.log_call, call).add_done_callback(_warn_if_failed)
        self.report.count(call)

    async def _save(self, key: str, task: str, prompt_hash: str, outcome: str, result: str) -> None:
        await asyncio.get_running_loop().run_in_executor(
            self.writer,
            lambda: self.store.save_result(
                key,
                task=task,
                model=self.client.model,
                prompt_hash=prompt_hash,
                outcome=outcome,
                result_json=result,
            ),
        )

    def _key(self, task: str, prompt_hash: str, variables: dict[str, Any]) -> str:
        material = {
            "task": task,
            "prompt": prompt_hash,
            "model": self.client.model,
            "temperature": self.settings.temperature,
            "input": variables,
        }
        encoded = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    async def _ask(
        self,
        task: str,
        variables: dict[str, Any],
        response_format: dict[str, Any],
        check: Callable[[str], ReplyT],
        reply_type: type[ReplyT],
        title: str,
        confirm: Callable[[ReplyT], Awaitable[None]] | None = None,
    ) -> ReplyT | Fallback:
        """The checked reply, from the cache or the model; a Fallback (about `title`) when
        there is none. With `confirm` (the check by the model), a reply, a cached one too, is
        kept only when `confirm` raises no `Unverified`; one remembered as unverified is asked
        again when there is no `confirm`."""
        prompt_hash = self.prompts.hash(task)
        key = self._key(task, prompt_hash, variables)
        remembered: ReplyT | None = None
        if (cached := self.store.cached_result(key)) is not None:
            if cached.outcome == "ok":
                self.report.cached += 1
                remembered = reply_type.model_validate_json(cached.result_json)
                if confirm is None:
                    return remembered
            else:
                rejected = json.loads(cached.result_json)
                if rejected.get("kind") != "unverified" or confirm is not None:
                    self.report.cached += 1
                    return Fallback(
                        title,
                        rejected.get("kind", "rejected"),
                        f"{rejected['reason']} (remembered from an earlier run)",
                        doubted=rejected.get("doubted", False),
                    )
        feedback: str | None = None
        doubted = False
        kind = "rejected"
        for _ in range(2):
            reply, remembered = remembered, None
            fresh = reply is None
            try:
                if reply is None:
                    system, user = self.prompts.render(task, feedback=feedback, **variables)
                    request = ChatRequest(task, prompt_hash, system, user, response_format)
                    reply = (await self.client.complete(request, check)).value
                if confirm is not None:
                    await confirm(reply)
            except OverBudget as exc:
                return Fallback(title, "budget", str(exc))
            except CallFailed as exc:
                return Fallback(title, "failed", str(exc))
            except RepeatsInjection as exc:
                return await self._rejected(key, task, prompt_hash, title, "injection", str(exc))
            except Unverified as exc:
                feedback, doubted, kind = str(exc), True, "unverified"
            except Ungrounded as exc:
                feedback, doubted, kind = str(exc), True, "rejected"
            except ReplyError as exc:
                feedback, kind = f"it did not follow the rules: {exc}.", "rejected"
            else:
                if fresh:
                    await self._save(key, task, prompt_hash, "ok", reply.model_dump_json())
                return reply
        return await self._rejected(
            key, task, prompt_hash, title, kind, feedback or "rejected", doubted=doubted
        )

    async def _confirm(
        self, check: StoryGate, variables: dict[str, Any], reply: StoryReply
    ) -> None:
        """The check by the model of a story reply that passed the rules: one call (or its
        cached answer); raises Unverified naming each sentence it does not support, also when
        its answer cannot be read."""
        verifier = ModelCheck(check.source, reply)
        asked = {k: v for k, v in variables.items() if k in ("source", "title", "text", "others")}
        asked["claims"] = [fence(c.text) for c in verifier.claims]
        prompt_hash = self.prompts.hash("verify")
        key = self._key("verify", prompt_hash, asked)
        if (cached := self.store.cached_result(key)) is not None:
            self.report.cached += 1
            answer = CheckReply.model_validate_json(cached.result_json)
        else:
            system, user = self.prompts.render("verify", **asked)
            request = ChatRequest(
                "verify", prompt_hash, system, user, self.check_format, VERIFY_REPLY_TOKENS
            )
            try:
                answer = (await self.client.complete(request, verifier.read)).value
            except ReplyError as exc:
                message = f"{check.primary.title}: the model's check could not be read ({exc})"
                logger.warning(message)
                self.report.flags.append(message)
                raise Unverified(
                    "it could not be checked against the article; write it again, each "
                    "sentence as a sentence of the article supports it"
                ) from exc
            await self._save(key, "verify", prompt_hash, "ok", answer.model_dump_json())
        if doubts := verifier.doubts(answer):
            raise unverified(doubts)

    async def _rejected(
        self,
        key: str,
        task: str,
        prompt_hash: str,
        title: str,
        kind: str,
        reason: str,
        *,
        doubted: bool = True,
    ) -> Fallback:
        """A Fallback for a rejected reply, remembered so that a rerun does not ask again."""
        remembered = json.dumps({"reason": reason, "kind": kind, "doubted": doubted})
        await self._save(key, task, prompt_hash, "rejected", remembered)
        return Fallback(title, kind, reason, doubted=doubted)

    async def digest(self, group: list[Article]) -> Story:
        """The group's story; whatever goes wrong with it (short of a configuration the server
        refuses) costs this story only: the extractive engine writes it."""
        async with self.stories:
            try:
                return await self._digest(group)
            except LLMSetupError:
                raise
            except Exception as exc:
                title = members(group)[0].title
                logger.exception("the LLM engine failed on %r; writing it without the model", title)
                self.report.fallbacks.append(Fallback(title, "failed", f"unexpected error: {exc}"))
                return self.fallback.write(group)

    def _variables(self, check: StoryGate) -> dict[str, Any]:
        """What the story prompt is rendered from (and its cache key made of)."""
        primary, others = check.primary, check.others
        found = [q for article, q in check.pool if article is primary]
        variables: dict[str, Any] = {
            "newsletter": self.newsletter,
            "topics": self.settings.topics,
            "source": fence(primary.source),
            "title": fence(primary.title),
            "text": fence(
                fit_article(primary.text, found, self.settings.max_input_tokens, self.client.model)
            ),
            "quotes": [
                {"id": i, "speaker": fence(q.speaker or ""), "text": fence(q.text)}
                | ({} if article is primary else {"source": fence(article.source)})
                for i, (article, q) in check.numbered.items()
            ],
        }
        if others:  # a group of one asks exactly what a single article always asked
            variables["others"] = [
                {
                    "source": fence(a.source),
                    "title": fence(a.title),
                    "text": fence(summarise(a.text)),
                }
                for a in others
            ]
        return variables

    async def verify(self, group: list[Article], reply: StoryReply) -> str | None:
        """What the check by the model doubts in `reply`, a story of `group` that passed the
        gate (None when it supports every sentence): `bench/gate_eval.py --base-url` asks it
        about hand-written digests."""
        check = StoryGate(group, self.settings.topics, self.find_quotes)
        try:
            await self._confirm(check, self._variables(check), reply)
        except Unverified as exc:
            return str(exc)
        return None

    async def _digest(self, group: list[Article]) -> Story:
        check = await asyncio.get_running_loop().run_in_executor(
            self.checks, StoryGate, group, self.settings.topics, self.find_quotes
        )
        primary, numbered = check.primary, check.numbered
        variables = self._variables(check)
        if cues := check.screened.cues:
            self.report.flags.append(
                f"{primary.title}: the article addresses the model (“{cues[0]}”"
                f"{f' and {len(cues) - 1} more' if len(cues) > 1 else ''}); that text is not "
                "evidence, and the story does not lead the edition"
            )

        confirm = partial(self._confirm, check, variables) if self.settings.verify else None
        reply = await self._ask(
            "story", variables, self.story_format, check, StoryReply, primary.title, confirm
        )
        if isinstance(reply, Fallback):
            self.report.fallbacks.append(reply)
            story = self.fallback.write(group)
            return story.model_copy(update={"doubted": story.doubted or reply.doubted})
        return self._story(group, primary, reply, numbered, doubted=bool(check.screened.cues))

    def _story(
        self,
        group: list[Article],
        primary: Article,
        reply: StoryReply,
        numbered: dict[int, tuple[Article, Quote]],
        *,
        doubted: bool,
    ) -> Story:
        chosen = [numbered[i] for i in dict.fromkeys(reply.quote_ids) if i in numbered]
        order = {id(article): n for n, article in enumerate(members(group))}
        unknown = [i for i in reply.quote_ids if i not in numbered]
        if unknown:
            message = f"{primary.title}: the model chose unknown quote id(s) {unknown}; dropped"
            logger.warning(message)
            self.report.flags.append(message)
        return Story(
            headline=reply.headline.strip(),
            summary=reply.summary.strip(),
            quotes=[
                StoryQuote(**q.model_dump(), article_id=article.id)
                for article, q in sorted(
                    chosen, key=lambda pair: (order[id(pair[0])], pair[1].start)
                )
            ],
            topic=reply.topic,
            importance=reply.importance,
            engine=self.name,
            doubted=doubted,
            **provenance(group),
        )

    async def introduce(self, stories: list[Story]) -> IntroReply | None:
        """The edition's subject and intro, mentioning only its stories; None when the model's
        attempts fail, and the edition keeps its default subject."""
        listed = [{"headline": fence(s.headline), "summary": fence(s.summary)} for s in stories]
        source = "\n".join(f"{s.headline}\n{s.summary}" for s in stories)

        def check(content: str) -> IntroReply:
            reply = read_reply(content, IntroReply)
            text = f"{reply.subject}\n{reply.intro}"
            if told := ungrounded(text, source, where="the stories", fields="subject or intro"):
                raise Ungrounded(" ".join(told))
            return reply

        variables = {"newsletter": self.newsletter, "stories": listed}
        return await self._ask_for_edition(
            "intro",
            variables,
            self.intro_format,
            check,
            IntroReply,
            "the edition's intro",
            "Intro: written without the model",
        )

    async def same_events(
        self, stories: list[dict[str, Any]], pairs: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Which of `pairs` (story numbers of `stories`: id, headline, opening, names) the
        model says report one event; none when its attempts fail. A pair that was not offered
        is a reason to ask again."""
        offered = {tuple(sorted(pair)) for pair in pairs}

        def check(content: str) -> GroupingReply:
            reply = read_reply(content, GroupingReply)
            if strays := [p for p in reply.same if tuple(sorted(p)) not in offered]:
                raise ReplyError(
                    f"{strays[0]} is not one of the pairs to judge; answer only with pairs "
                    f"from the list ({', '.join(str(list(p)) for p in sorted(offered))})"
                )
            return reply

        listed = [
            {
                "id": story["id"],
                "headline": fence(story["headline"]),
                "opening": fence(story["opening"]),
                "names": fence(", ".join(story["names"])),
            }
            for story in stories
        ]
        variables = {"newsletter": self.newsletter, "stories": listed, "pairs": sorted(offered)}
        reply = await self._ask_for_edition(
            "group",
            variables,
            self.grouping_format,
            check,
            GroupingReply,
            "the grouping",
            "Grouping: the offline grouping alone",
        )
        if reply is None:
            return []
        return [(a, b) for a, b in reply.same if (min(a, b), max(a, b)) in offered]

    async def _ask_for_edition(
        self,
        task: str,
        variables: dict[str, Any],
        response_format: dict[str, Any],
        check: Callable[[str], ReplyT],
        reply_type: type[ReplyT],
        about: str,
        without: str,
    ) -> ReplyT | None:
        """The checked reply to a question about the whole edition; None, with the note
        `without` (and why) in the run report, when the model gave none: the edition goes on
        without it."""
        try:
            reply = await self._ask(task, variables, response_format, check, reply_type, about)
        except LLMSetupError:
            raise
        except Exception as exc:
            logger.exception("the LLM engine failed on %s; going on without the model", about)
            reply = Fallback(about, "failed", f"unexpected error: {exc}")
        if isinstance(reply, Fallback):
            self.report.notes.append(f"{without} ({reply.reason})")
            return None
        return reply
