"""What a model server's 200 reply says, and how many tokens it plausibly used.

A 200 is not trusted to be a chat completion. Its body is read up to `MAX_REPLY_BYTES` of
decoded bytes, counted as they are decompressed (one gzip or deflate layer at most, so a small
compressed bomb cannot grow in memory). It must be a JSON object with a non-empty `choices`
list whose first `message.content` is text (or null); anything else (an HTML page, cut-off
JSON, `{"choices": "nope"}`, an empty or a huge body) raises `MalformedReply`, which the
client retries and then gives up on, as on a 5xx.

The token counts in `usage` are believed only when they are possible: whole numbers, not
negative, the prompt's at most one per byte sent (plus a chat template's overhead), the reply's
at most twice the `max_tokens` asked for. Otherwise, or when the server reports none, both are
estimated from the text (`Usage.estimated`), and `Usage.doubted` keeps what the server claimed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsletter.digest.tokens import count_tokens

__all__ = ["MAX_REPLY_BYTES", "Completion", "MalformedReply", "Usage", "parse", "read_body"]

MAX_REPLY_BYTES = 1_000_000
TEMPLATE_TOKENS = 256  # what a chat template may add to the messages' own tokens


class MalformedReply(Exception):
    """A 200 reply that is not a usable chat completion; the message says what it was."""


@dataclass(frozen=True)
class Usage:
    """Tokens one request used: as reported, or `estimated` from the text. `doubted` is the
    server's claim when it was impossible (None when it was believed or absent)."""

    tokens_in: int
    tokens_out: int
    estimated: bool = False
    doubted: str | None = None


@dataclass(frozen=True)
class Completion:
    content: str
    usage: Usage


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    content: str | None = None


class _Choice(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: _Message


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")
    choices: list[_Choice] = Field(min_length=1)
    usage: Any = None  # judged by `usage_of`, not here: odd counts do not spoil the text


async def read_body(
    chunks: AsyncIterator[bytes], encoding: str = "", limit: int = MAX_REPLY_BYTES
) -> bytes:
    """The body, decoded from its Content-Encoding as it arrives (`chunks` are the raw bytes);
    MalformedReply as soon as it grows past `limit` bytes, or for an encoding other than one
    layer of gzip or deflate."""
    named = (c.strip().lower() for c in encoding.split(","))
    layers = [c for c in named if c not in ("", "identity")]
    if len(layers) > 1 or (layers and layers[0] not in ("gzip", "x-gzip", "deflate")):
        raise MalformedReply(f"a reply with Content-Encoding {encoding!r} (one gzip layer at most)")
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 32) if layers else None  # gzip or zlib header
    body = bytearray()
    try:
        async for chunk in chunks:
            body += decoder.decompress(chunk, limit + 1 - len(body)) if decoder else chunk
            if len(body) > limit or (decoder and decoder.unconsumed_tail):
                raise MalformedReply(f"a reply of more than {limit:,} bytes")
    except zlib.error as exc:
        raise MalformedReply(f"a reply whose {layers[0]} encoding is broken ({exc})") from None
    return bytes(body)


def _described(body: bytes) -> str:
    start = body[:60].decode("utf-8", "replace").strip()
    return f"{start!r}{'…' if len(body) > 60 else ''}"


def parse(body: bytes, *, prompt: str, max_tokens: int, model: str) -> Completion:
    """The reply's text and usage; MalformedReply when `body` is not a chat completion."""
    if not body.strip():
        raise MalformedReply("an empty reply")
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise MalformedReply(f"a reply that is not JSON: {_described(body)}") from None
    try:
        completion = _Body.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "reply"
        raise MalformedReply(
            f"a reply that is not a chat completion ({where}: {exc.errors()[0]['msg']}): "
            f"{_described(body)}"
        ) from None
    content = completion.choices[0].message.content or ""
    return Completion(content, usage_of(completion.usage, prompt, content, max_tokens, model))


def _whole(value: Any) -> int | None:
    """`value` when it is a whole number of tokens (not a bool, a float or a string)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def usage_of(reported: Any, prompt: str, content: str, max_tokens: int, model: str) -> Usage:
    """The reported usage when it is possible, else an estimate from the text."""
    if reported is not None and not isinstance(reported, dict):
        reported = {"usage": reported}
    reported = reported or {}
    tokens_in = _whole(reported.get("prompt_tokens"))
    tokens_out = _whole(reported.get("completion_tokens"))
    if tokens_in is not None and tokens_out is not None:
        most_in = len(prompt.encode("utf-8")) + TEMPLATE_TOKENS
        if 0 <= tokens_in <= most_in and 0 <= tokens_out <= 2 * max_tokens:
            return Usage(tokens_in, tokens_out)
    claimed = {
        k: reported[k] for k in ("prompt_tokens", "completion_tokens", "usage") if k in reported
    }
    return Usage(
        count_tokens(prompt, model),
        count_tokens(content, model),
        estimated=True,
        doubted=json.dumps(claimed)[:120] if claimed else None,
    )
