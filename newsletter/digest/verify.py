"""The optional check by the model (`llm.verify`): each sentence of a story that passed the
rules, the article sentence the model says supports it, and whether the code agrees.

`claims` numbers what is checked: the headline, then each summary sentence. The model answers
a `CheckReply`: for each claim, its evidence (one or two article sentences, copied) and a
verdict. `ModelCheck.read` takes that reply (`ReplyError` when it is not one, or leaves a
claim out); `ModelCheck.doubts` says which claims the reply does not support:

- a "not supported" verdict;
- evidence that is not in the article: each of its sentences must be found, quote marks,
  apostrophes, dashes, case and white space aside, inside one sentence of the screened text
  (prompt-injection passages blanked), so that the text addressing the model, the story
  itself or a sentence the model made up supports nothing;
- evidence that lacks one of the claim's names or numbers (read as the grounding gate reads
  them, in the whole article sentences the evidence was found in).

The LLM engine raises `Unverified` with those doubts, a retry reason for the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsletter.digest.client import Ungrounded
from newsletter.digest.grounding import problems
from newsletter.digest.replies import ReplyError, StoryReply, read_reply
from newsletter.digest.sentences import sentences
from newsletter.shorten import shorten

__all__ = [
    "CheckReply",
    "Claim",
    "ModelCheck",
    "SentenceCheck",
    "Unverified",
    "claims",
    "unverified",
]

MIN_EVIDENCE_WORDS = 4  # a shorter piece of evidence must be a whole article sentence
MAX_CHECKS = 8

_EDGES = " .,;:…"  # left off a copied sentence, or added to it
_MARKS = str.maketrans({"–": "-", "—": "-"} | dict.fromkeys("\"'“”„‘’«»", ""))


class Unverified(Ungrounded):
    """The check by the model does not support a sentence of the reply; the message names
    each such sentence and why."""


class SentenceCheck(BaseModel):
    """The model's answer about one numbered sentence."""

    model_config = ConfigDict(extra="ignore")

    sentence: int = Field(ge=1)
    evidence: str
    verdict: Literal["supported", "not supported"]

    @field_validator("verdict", mode="before")
    @classmethod
    def _spelled(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.strip().lower().replace("_", " ").split())
            return "not supported" if value == "unsupported" else value
        return value


class CheckReply(BaseModel):
    """The check of one story: a `SentenceCheck` for each numbered sentence."""

    model_config = ConfigDict(extra="ignore")

    checks: list[SentenceCheck] = Field(max_length=MAX_CHECKS)


@dataclass(frozen=True)
class Claim:
    """One sentence of a story: `field` is "headline" or "summary"."""

    field: str
    text: str

    def __str__(self) -> str:
        where = "the headline" if self.field == "headline" else "the summary's sentence"
        return f"{where} “{shorten(self.text, 90)}”"


def claims(reply: StoryReply) -> list[Claim]:
    """What is checked, in the order it is numbered: the headline, then the summary's
    sentences."""
    return [Claim("headline", reply.headline.strip())] + [
        Claim("summary", s) for s in sentences(reply.summary)
    ]


def _plain(text: str) -> str:
    """`text` compared as copied: quote marks and apostrophes, the kind of dash, case and white
    space aside."""
    return " ".join(text.translate(_MARKS).casefold().split())


class ModelCheck:
    """The check of one story reply against the screened text of its articles (`source`)."""

    def __init__(self, source: str, reply: StoryReply) -> None:
        self.claims = claims(reply)
        self.article = sentences(source)
        self.plain = [_plain(s) for s in self.article]

    def read(self, content: str) -> CheckReply:
        """The check reply in `content`; ReplyError when it is not one or leaves out a
        sentence."""
        answer = read_reply(content, CheckReply)
        given = {c.sentence for c in answer.checks}
        if missing := [n for n in range(1, len(self.claims) + 1) if n not in given]:
            raise ReplyError(f"checks: no check of sentence(s) {missing}")
        return answer

    def _found(self, evidence: str) -> list[str]:
        """The article sentences that hold each sentence of `evidence`; empty when one of them
        is in none."""
        found: list[str] = []
        for piece in sentences(evidence):
            wanted = _plain(piece).strip(_EDGES)
            short = len(wanted.split()) < MIN_EVIDENCE_WORDS
            whole_words = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
            holding = [
                i
                for i, sentence in enumerate(self.plain)
                if (wanted == sentence.strip(_EDGES) if short else whole_words.search(sentence))
            ]
            if not wanted or not holding:
                return []
            found.append(self.article[holding[0]])
        return found

    def doubts(self, answer: CheckReply) -> list[str]:
        """Why each claim the answer does not support is doubted, in order (empty when the
        answer supports them all)."""
        checks = {}
        for check in answer.checks:
            checks.setdefault(check.sentence, check)
        told = []
        for n, claim in enumerate(self.claims, start=1):
            check = checks[n]
            if check.verdict == "not supported":
                told.append(f"{claim}: the check found no sentence of the article that says it")
            elif not (found := self._found(check.evidence)):
                told.append(
                    f"{claim}: the sentence given as its support is not in the article "
                    f"(“{shorten(check.evidence, 90) or 'none given'}”)"
                )
            elif missing := [
                p.text for p in problems(claim.text, "\n".join(found)) if p.kind != "long_quote"
            ]:
                told.append(
                    f"{claim}: the article sentence that supports it does not give "
                    f"{', '.join(missing)} (“{shorten(' '.join(found), 160)}”)"
                )
        return told


def unverified(doubts: list[str]) -> Unverified:
    """The retry reason for a reply whose check raised `doubts`."""
    return Unverified(
        "a check against the article does not support "
        + "; ".join(doubts)
        + ". Write only what the article says, each sentence as one of its sentences supports "
        "it, or leave the sentence out."
    )
