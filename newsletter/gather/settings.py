"""The `[fetch]` settings: how far web sources may reach and how much one source may read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FetchSettings"]


class FetchSettings(BaseModel):
    """How far web sources may go: which addresses links found in fetched content may reach,
    how much one source may read, and how many compression layers an answer may have."""

    model_config = ConfigDict(extra="forbid")

    allow_hosts: list[str] = Field(
        default_factory=list,
        description="Host names that links in feeds and pages may reach even on a private or "
        'loopback address (intranet sites), e.g. ["wiki.corp.example"]',
    )
    max_entries: int = Field(
        default=200,
        ge=1,
        description="Most entries read from one feed per run; the rest are "
        "left out and the run report says how many",
    )
    max_page_fetches: int = Field(
        default=30,
        ge=0,
        description="Most pages one source fetches for full text per run; "
        "the other entries keep the feed's text",
    )
    max_seconds: float = Field(
        default=60,
        gt=0,
        description="Wall time for one whole source (feed and page fetches); "
        "then the entries not completed keep the feed's text",
    )
    max_content_encodings: int = Field(
        default=1,
        ge=1,
        le=4,
        description="Most Content-Encoding layers an answer may have "
        '("gzip, gzip" is how decompression bombs are built)',
    )
