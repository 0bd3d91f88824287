"""What a model must reply, and how a reply is read whatever the server supports.

A reply is a pydantic model (`StoryReply`, `IntroReply`, `GroupingReply`). The same model
gives the JSON schema sent as `response_format` (strict structured outputs) and validates what
comes back, whether the server honoured the schema, only JSON mode, or neither: `read_reply`
takes the JSON object out of a plain-text reply (code fences, prose around it) and, as a last
resort, reads "Headline: …" style lines. Anything that does not validate raises `ReplyError`,
whose message is told to the model when the call is retried.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from newsletter.digest.extractive import MAX_HEADLINE, MAX_SUMMARY_WORDS
from newsletter.digest.sentences import sentences
from newsletter.models import DisplayText

__all__ = [
    "GroupingReply",
    "IntroReply",
    "ReplyError",
    "StoryReply",
    "read_reply",
    "response_schema",
    "sentence_count",
]

ReplyT = TypeVar("ReplyT", bound=BaseModel)

MAX_SUBJECT = 80
MAX_INTRO_WORDS = 45
SUMMARY_SENTENCES = (2, 3)


def sentence_count(text: str) -> int:
    """How many sentences `text` holds ("Sen.", "Nov. 8" or "U.S." end none)."""
    return len(sentences(text))


class ReplyError(ValueError):
    """The reply is not the JSON object asked for, or breaks a rule; the message says what
    is wrong."""

    tokens: int = 0  # what the rejected reply cost, set by the client


class StoryReply(BaseModel):
    """One story, as the model writes it: quotes only as ids into the candidate list."""

    model_config = ConfigDict(extra="ignore")

    headline: DisplayText = Field(min_length=3, max_length=MAX_HEADLINE)
    summary: DisplayText = Field(min_length=10)
    quote_ids: list[int] = Field(default_factory=list, max_length=2)
    topic: str
    importance: int = Field(ge=1, le=5)

    @field_validator("summary")
    @classmethod
    def _short(cls, value: str) -> str:
        problems = []
        fewest, most = SUMMARY_SENTENCES
        if not fewest <= (count := sentence_count(value)) <= most:
            problems.append(
                f"it has {count} sentence{'s' * (count != 1)}, but it must have "
                f"{fewest} or {most} short sentences"
            )
        if (words := len(value.split())) > MAX_SUMMARY_WORDS:
            problems.append(f"it has {words} words, but it must have at most {MAX_SUMMARY_WORDS}")
        if problems:
            raise ValueError(" and ".join(problems))
        return value

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str, info: ValidationInfo) -> str:
        topics: list[str] = (info.context or {}).get("topics", [])
        matches = [t for t in topics if t.casefold() == value.strip().casefold()]
        if topics and not matches:
            raise ValueError(f"the topic must be one of: {', '.join(topics)}")
        return matches[0] if matches else value


class IntroReply(BaseModel):
    """The edition's subject line and opening sentences."""

    model_config = ConfigDict(extra="ignore")

    subject: str = Field(min_length=3, max_length=MAX_SUBJECT)
    intro: str = Field(min_length=10)

    @field_validator("intro")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value.split()) > MAX_INTRO_WORDS:
            raise ValueError(f"the intro must be at most {MAX_INTRO_WORDS} words")
        return value


class GroupingReply(BaseModel):
    """Which of the pairs of stories offered report one event: pairs of story numbers."""

    model_config = ConfigDict(extra="ignore")

    same: list[list[int]]

    @field_validator("same")
    @classmethod
    def _pairs(cls, value: list[list[int]]) -> list[list[int]]:
        if any(len(pair) != 2 for pair in value):
            raise ValueError("each entry must be a pair of two story numbers, such as [3, 7]")
        return value


# Keywords that strict structured outputs accept; the others are checked on validation only.
_SCHEMA_KEYWORDS = {"type", "properties", "items", "enum", "minimum", "maximum", "maxItems"}


def _strict(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with only the keywords strict outputs accept, each `$ref` to a nested model
    written out in place (its definition taken from `defs`)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _strict(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        kept = {
            k: _strict(v, defs) for k, v in node.items() if k in _SCHEMA_KEYWORDS - {"properties"}
        }
        if "properties" in node:
            kept["properties"] = {k: _strict(v, defs) for k, v in node["properties"].items()}
        if kept.get("type") == "object":
            kept["required"] = list(kept.get("properties", {}))
            kept["additionalProperties"] = False
        return kept
    return node


def response_schema(reply: type[BaseModel], enums: dict[str, list[str]]) -> dict[str, Any]:
    """The `response_format` for strict structured outputs; `enums` pins string fields."""
    full = reply.model_json_schema()
    schema = _strict(full, full.get("$defs", {}))
    for name, values in enums.items():
        schema["properties"][name]["enum"] = values
    return {
        "type": "json_schema",
        "json_schema": {"name": reply.__name__, "strict": True, "schema": schema},
    }


def _labelled(text: str, reply: type[BaseModel]) -> dict[str, Any]:
    """ "Headline: …" lines, for a model that ignored the request for JSON."""
    found: dict[str, Any] = {}
    for name in reply.model_fields:
        label = name.replace("_", " ").removesuffix(" ids")
        match = re.search(rf"^\W*{label}[\w ]*?\W*[:\-]\s*(.+)$", text, re.I | re.M)
        if match:
            value = match.group(1).strip().strip("*").strip()
            if name == "quote_ids":
                found[name] = [int(n) for n in re.findall(r"\d+", value)]
            else:
                found[name] = value
    return found


def _json_object(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    start, end = text.find("{"), text.rfind("}")
    if start >= 0 and end > start:
        try:
            return json.loads(text[start : end + 1])
        except json.JSONDecodeError:
            pass
    return None


def read_reply(text: str, reply: type[ReplyT], context: dict[str, Any] | None = None) -> ReplyT:
    """The validated reply in `text`; ReplyError says what is wrong with it."""
    data = _json_object(text.strip())
    if not isinstance(data, dict):
        data = _labelled(text, reply)
        if not data:
            raise ReplyError("the reply is not a JSON object")
    try:
        return reply.model_validate(data, context=context)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'reply'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ReplyError(problems) from None
