"""Sender processes that die, and sender processes started twice at once: still one message
per subscriber (or, for a killed sender, at most the one it was sending when it died)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tests.delivery import DAY, Sink, settings_for, smtp_server
from tests.postgres import temporary_postgres
from tests.test_deliver import ACTIVE, ledger_rows, send, subscribe

ROOT = Path(__file__).resolve().parent.parent


def sender_process(config: Path) -> subprocess.Popen[str]:
    """`newsletter send` for DAY, as its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsletter", "send", "--date", DAY.isoformat(), "--config",
         str(config)],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def test_a_killed_sender_causes_at_most_one_duplicate(tmp_path) -> None:
    sink = Sink()
    with smtp_server(sink):
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        process = sender_process(tmp_path / "newsletter.toml")

        def kill_on_third(count: int) -> None:
            if count == 3:  # the server has the message; the sender never hears "250"
                os.kill(process.pid, signal.SIGKILL)

        sink.on_accept = kill_on_third
        process.communicate(timeout=60)
        sink.on_accept = None
        assert process.returncode == -signal.SIGKILL

        waiting = send(settings)  # the dead run's claims are still fresh: left alone
        taking_over = send(settings.model_copy(
            update={"smtp": settings.smtp.model_copy(update={"claim_timeout": 0})}
        ))  # fmt: skip

    assert (waiting.sent, waiting.busy) == (0, 4)
    assert (taking_over.sent, taking_over.skipped, taking_over.taken_over) == (4, 2, 4)
    third = ACTIVE[2]
    assert sink.counts() == {address: 2 if address == third else 1 for address in ACTIVE}
    assert {row["state"] for row in ledger_rows(settings).values()} == {"sent"}


def _concurrent_senders(tmp_path: Path, database_url: str) -> None:
    readers = [f"r{n:03d}@example.net" for n in range(120)]
    sink = Sink(gather=2)  # each sender's first message waits until both are connected
    with smtp_server(sink):
        settings = settings_for(tmp_path, sink, database_url=database_url)
        subscribe(settings, readers)
        first = sender_process(tmp_path / "newsletter.toml")
        second = sender_process(tmp_path / "newsletter.toml")
        outputs = [p.communicate(timeout=120) for p in (first, second)]

    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    sent = [int(re.search(r"sent (\d+)", out).group(1)) for out, _ in outputs]
    assert sum(sent) == len(readers) and min(sent) > 0, sent
    assert sink.counts() == {address: 1 for address in readers}
    rows = ledger_rows(settings)
    assert len(rows) == len(readers)
    assert {row["state"] for row in rows.values()} == {"sent"}


def test_two_senders_at_once_on_sqlite(tmp_path) -> None:
    _concurrent_senders(tmp_path, f"sqlite:///{tmp_path / 'shared.db'}")


def test_two_senders_at_once_on_postgresql(tmp_path) -> None:
    with temporary_postgres() as url:
        _concurrent_senders(tmp_path, url)
