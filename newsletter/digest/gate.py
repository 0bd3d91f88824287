"""The story gate: whether a model's story reply may be printed, and what to tell the model
when it may not.

`StoryGate` is built once per story group (its source text, its numbered candidate quotes and
the topics) and called with the model's raw reply: it returns the validated `StoryReply` or
raises `ReplyError` (the reply breaks a rule, or picks a quote id that was not offered: the
message lists the valid ids) or `Ungrounded` (it names what the articles do not support,
repeats a quote's words, credits the wrong person or states a speaker's claim as fact), whose
message is told to the model on the retry.
Text in an article that addresses the model (`injection`) is no evidence: the names, numbers
and sentences it holds support nothing, and a reply that repeats its words raises
`RepeatsInjection`, which is not retried.
The LLM engine and `bench/gate_eval.py` call the same gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from newsletter.digest import candidates, injection
from newsletter.digest.candidates import QuoteFinder
from newsletter.digest.client import Ungrounded
from newsletter.digest.evidence import Evidence, Misattribution
from newsletter.digest.extractive import group_candidates, members, shorten
from newsletter.digest.grounding import echoes, problems
from newsletter.digest.replies import ReplyError, StoryReply, read_reply
from newsletter.models import Article, Quote

__all__ = ["RepeatsInjection", "StoryGate", "ungrounded"]


class RepeatsInjection(Ungrounded):
    """The reply repeats text of the article that addresses the model: it obeyed it."""


def ungrounded(text: str, source: str, *, where: str, fields: str) -> list[str]:
    """What to tell the model about the names, numbers and quotations of `text` (its `fields`)
    that `source` (`where` it should find them) does not support, each kind of problem told
    as it is (empty when there are none)."""
    found = problems(text, source)

    def listed(*kinds: str) -> str:
        return ", ".join(p.text for p in found if p.kind in kinds)

    told = []
    if names := listed("name", "number"):
        told.append(
            f"these names or numbers are not in {where}: {names}. Use only names and numbers "
            f"that {where} gives, and write in sentence case (capitals only for the first word "
            "and for names)."
        )
    if misquoted := listed("misquote"):
        told.append(f"these quotations are not in {where}: {misquoted}. Quote no one.")
    if quoted := listed("long_quote"):
        told.append(
            f"quotes are printed separately from {where}: do not quote in the {fields}; "
            f"say it in your own words: {quoted}."
        )
    return told


def _whose(quote: Quote) -> str:
    return f"{quote.speaker}'s quote" if quote.speaker else "a quotation in the article"


def _misattributed(field: str, found: Misattribution) -> str:
    instead = (
        f"the article credits this to {found.credited}, not {found.actor}"
        if found.credited
        else f"the article does not say {found.actor} did this"
    )
    said = shorten(found.evidence, 160)
    return (
        f"in the {field}, “{shorten(found.sentence, 80)}”: {instead} (“{said}”); name the "
        "person the article credits, or leave the sentence out."
    )


class StoryGate:
    """The checks a story reply must pass for one group of articles."""

    def __init__(
        self,
        group: Sequence[Article],
        topics: Sequence[str],
        find_quotes: QuoteFinder | None = None,
    ) -> None:
        self.primary, *self.others = members(list(group))
        self.pool: list[tuple[Article, Quote]] = group_candidates(list(group), find_quotes)
        self.numbered = {i: pair for i, pair in enumerate(self.pool, start=1)}
        self.topics = list(topics)
        self.screened = injection.screen(
            text for a in (self.primary, *self.others) for text in (a.title, a.text)
        )
        # the outlets' names are in the prompt ("Source: …"): a summary may name them
        self.source = "\n".join([self.screened.evidence, *dict.fromkeys(a.source for a in group)])
        self.find = find_quotes or candidates.quotes_of

    @cached_property
    def evidence(self) -> Evidence:
        """The articles' sentences and quotes, read when a reply first needs them. The texts
        are the evidence; a title only says whom a headline may give as its doer (a title
        lists the story's people, not who did what)."""
        titles = [injection.without(a.title) for a in (self.primary, *self.others)]
        return Evidence(self._read, titles)

    @cached_property
    def _read(self) -> list[tuple[str, list[Quote]]]:
        """Each article's text (without what addresses the model) and its quotes, read once."""
        texts = [injection.without(a.text) for a in (self.primary, *self.others)]
        return [(text, self.find(text)) for text in texts]

    @cached_property
    def _said(self) -> list[Quote]:
        """Every quote of the articles, offered or not, once: a reply restates none as fact."""
        said: dict[str, Quote] = {}
        for quote in [*self.quotes, *(q for _, quotes in self._read for q in quotes)]:
            said.setdefault(quote.text, quote)
        return list(said.values())

    @property
    def quotes(self) -> list[Quote]:
        """The candidate quotes, in the order they are numbered."""
        return [q for _, q in self.pool]

    def _unknown_ids(self, unknown: list[int]) -> str:
        listed = ", ".join(str(i) for i in unknown)
        if not self.numbered:
            return f"quote_ids: there are no quotes to choose from, so give none (not {listed})"
        valid = ", ".join(str(i) for i in self.numbered)
        return (
            f"quote_ids: {listed} {'is' if len(unknown) == 1 else 'are'} not among the quotes "
            f"offered; choose from {valid}, or give none"
        )

    def __call__(self, content: str) -> StoryReply:
        """The reply in `content`, checked; ReplyError or Ungrounded says what is wrong."""
        reply = read_reply(content, StoryReply, {"topics": self.topics})
        if repeats := injection.repeated(f"{reply.headline}\n{reply.summary}", self.screened):
            raise RepeatsInjection(
                "it repeats text of the article that addresses the model: " + ", ".join(repeats)
            )
        if unknown := [i for i in reply.quote_ids if i not in self.numbered]:
            raise ReplyError(self._unknown_ids(unknown))
        told = ungrounded(
            f"{reply.headline}\n{reply.summary}",
            self.source,
            where="the article",
            fields="headline or summary",
        )
        for field in ("headline", "summary"):
            told += [
                f"the {field} repeats the words of {_whose(q)} '{words}'; say it in "
                "your own words or leave it out: quotes are printed separately."
                for q, words in echoes(getattr(reply, field), self._said)
            ]
        for field in ("headline", "summary"):
            told += [
                _misattributed(field, m)
                for m in self.evidence.misattributions(
                    getattr(reply, field), headline=field == "headline"
                )
            ]
        told += [
            f"in the summary, “{shorten(r.sentence, 80)}” states as fact what "
            f"{r.speaker or 'someone the article quotes'} says (“{shorten(r.evidence, 160)}”); "
            "say who says it, or leave it out."
            for r in self.evidence.restatements(reply.summary)
        ]
        if told:
            raise Ungrounded(" ".join(told))
        return reply
