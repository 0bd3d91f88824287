"""Unsubscribes kept for later: when the store cannot be written (another command holds it
longer than the wait, or it cannot be opened), a reader's unsubscribe is appended to a file in
the data folder and applied, with its original time, the next time the store can be written:
before any send, and at the next unsubscribe request.

One JSON object per line; appends and the apply take an exclusive lock on the file, so
requests arriving while it is applied wait for it and are never lost.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from newsletter.deliver.subscribers import SubscriberList

__all__ = ["PENDING_FILE", "PendingUnsubscribes"]

PENDING_FILE = "pending-unsubscribes.jsonl"


class PendingUnsubscribes:
    """The file of unsubscribes not yet written to the store."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_folder(cls, data_dir: Path) -> PendingUnsubscribes:
        return cls(data_dir / PENDING_FILE)

    @contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open(mode, encoding="utf-8") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                yield file
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def keep(self, subscriber_id: int, reason: str, at: datetime | None = None) -> None:
        """Append one unsubscribe, synced to disk before returning."""
        moment = (at or datetime.now(UTC)).isoformat()
        line = json.dumps({"subscriber_id": subscriber_id, "at": moment, "reason": reason})
        with self._locked("a") as file:
            file.write(line + "\n")
            file.flush()
            os.fsync(file.fileno())

    def waiting(self) -> bool:
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def apply(self, people: SubscriberList) -> int:
        """Write every kept unsubscribe to the store and empty the file; returns how many
        changed a subscriber. When the store fails half-way, the rest stay kept (StoreError
        is raised); a line that cannot be read is kept aside in `<file>.unreadable`."""
        if not self.waiting():
            return 0
        changed = 0
        with self._locked("r+") as file:
            lines = [line for line in file.read().splitlines() if line.strip()]
            try:
                while lines:
                    changed += self._apply_line(people, lines[0])
                    lines.pop(0)
            finally:
                file.seek(0)
                file.truncate()
                file.write("".join(line + "\n" for line in lines))
                file.flush()
                os.fsync(file.fileno())
        return changed

    def _apply_line(self, people: SubscriberList, line: str) -> int:
        try:
            entry = json.loads(line)
            subscriber_id, reason = int(entry["subscriber_id"]), str(entry["reason"])
            at = datetime.fromisoformat(entry["at"])
        except (ValueError, KeyError, TypeError):
            with self.path.with_name(self.path.name + ".unreadable").open("a") as aside:
                aside.write(line + "\n")
            return 0
        return int(people.unsubscribe(subscriber_id, reason, at=at))
