"""Digest: groups of articles about one story become `Story` items.

An engine has a `name`, `async digest(group) -> Story`, `async introduce(stories)` (the
edition's subject and intro, or None for the default ones), `aclose()` and a `report` (None
when it calls no model). The offline extractive engine is always available; the LLM engine
(when configured) falls back to it story by story.
"""

from __future__ import annotations

from typing import Protocol

from newsletter.digest.client import LLMSetupError
from newsletter.digest.extractive import ExtractiveEngine
from newsletter.digest.llm import LLMEngine
from newsletter.digest.replies import IntroReply
from newsletter.digest.report import DigestReport, Fallback
from newsletter.models import Article, Story

__all__ = [
    "DigestEngine",
    "DigestReport",
    "ExtractiveEngine",
    "Fallback",
    "IntroReply",
    "LLMEngine",
    "LLMSetupError",
]


class DigestEngine(Protocol):
    name: str
    report: DigestReport | None

    async def digest(self, group: list[Article]) -> Story: ...

    async def introduce(self, stories: list[Story]) -> IntroReply | None: ...

    async def aclose(self) -> None: ...
