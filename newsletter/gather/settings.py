"""The `[fetch]` settings: how far web sources may reach and how much one source may read."""

from __future__ import annotations

import ipaddress

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
        description="Wall time for one whole source (a feed and its page fetches, or a "
        "folder's files); then the entries not completed keep the feed's text, and a folder's "
        "files not yet read wait for the next run",
    )
    max_content_encodings: int = Field(
        default=1,
        ge=1,
        le=4,
        description="Most Content-Encoding layers an answer may have "
        '("gzip, gzip" is how decompression bombs are built)',
    )

    @field_validator("allow_hosts")
    @classmethod
    def _host_names(cls, hosts: list[str]) -> list[str]:
        """Host names alone: no scheme, port or path (an IPv6 address may be bracketed)."""
        names = []
        for host in hosts:
            name = host.strip().strip("[]").rstrip(".").lower()
            if not name or "/" in name or (":" in name and not _is_ip(name)):
                raise ValueError(
                    f"{host!r} is not a host name; write the host alone, without scheme, "
                    "port or path, e.g. 'wiki.corp.example'"
                )
            names.append(name)
        return names


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
