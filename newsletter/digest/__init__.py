"""Digest: groups of articles about one story become `Story` items.

An engine is anything with a `name` and `digest(group) -> Story`. The offline extractive engine
is always available; the LLM engine (when configured) falls back to it story by story.
"""

from __future__ import annotations

from typing import Protocol

from newsletter.digest.extractive import ExtractiveEngine
from newsletter.models import Article, Story

__all__ = ["DigestEngine", "ExtractiveEngine"]


class DigestEngine(Protocol):
    name: str

    def digest(self, group: list[Article]) -> Story: ...
