"""What a sending run did, per recipient and in total: the report `send` prints (as a table
or as JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

__all__ = ["Failure", "SendReport"]


@dataclass(frozen=True)
class Failure:
    """A recipient this run could not send to, and why."""

    email: str
    reason: str
    code: int | None = None
    permanent: bool = False  # a 5xx: not retried by later runs
    bounced: bool = False  # the address was refused: the subscriber is now `bounced`


@dataclass
class SendReport:
    """What one run did. `skipped` were already sent by earlier runs; `taken_over` were left
    `sending` by a run that stopped (at most one of them may have reached its recipient
    before); `busy` are being sent by another run right now."""

    date: date
    dry_run: bool = False
    test: bool = False  # a test send (`send --test`): nothing recorded
    sent: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    taken_over: int = 0
    busy: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # who a test send reached
