"""The store shared by commands at once, and a store file that is not what it should be:
commands wait for each other instead of failing, files written at once stay whole, and a
file that is empty, not a database or damaged is refused with a message saying what to do,
never recreated over."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.deliver.subscribers import SubscriberList
from newsletter.models import Edition, RenderedEmail
from newsletter.pipeline import write_edition
from newsletter.store import Store, StoreDamaged
from tests.postgres import temporary_postgres

ROOT = Path(__file__).resolve().parent.parent

# One command's work, as a process of its own: wait for the start signal, open the store
# (a new database for all of them), store articles and record the edition.
WORKER = """
import sys, time
from datetime import UTC, date, datetime
from pathlib import Path
from newsletter.models import Article, Edition
from newsletter.store import Store

url, start, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
start.with_name(f"ready-{n}").touch()
while not start.exists():
    time.sleep(0.005)
store = Store.open(url)
day = date(2022, 2, 22)
articles = [
    Article(title=f"Story {k} from worker {n}", text="The council met on Tuesday.",
            source="Desk", url=f"https://example.org/{n}/{k}",
            published=datetime(2022, 2, 22, 12, k, tzinfo=UTC))
    for k in range(20)
]
for half in (articles[:10], articles[10:]):
    store.upsert_articles(half)
edition = Edition(name="T", date=day, subject=f"worker {n}", preheader="", stories=[],
                  articles=[], engine="extractive", generated_at=datetime.now(UTC))
store.save_edition(edition)
store.close()
"""


def run_at_once(url: str, tmp_path: Path, workers: int = 3) -> list[subprocess.CompletedProcess]:
    start = tmp_path / "start"
    processes = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(start), str(n)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(workers)
    ]  # fmt: skip
    ready = [tmp_path / f"ready-{n}" for n in range(workers)]
    deadline = time.monotonic() + 120  # against hanging, not a timing check
    while not all(path.exists() for path in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    start.touch()  # every worker has imported and waits at the line: they start together
    return [
        subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate())
        for p in processes
    ]


def assert_all_succeeded(url: str, results: list) -> None:
    assert [r.returncode for r in results] == [0] * len(results), [r.stderr for r in results]
    store = Store.open(url)
    try:
        with store.engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM articles").scalar()
        assert count == 20 * len(results)
    finally:
        store.close()


def test_commands_at_once_on_a_new_sqlite_file_wait_for_each_other(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'newsletter.db'}"
    assert_all_succeeded(url, run_at_once(url, tmp_path))


def test_commands_at_once_on_a_new_postgresql_database(tmp_path) -> None:
    with temporary_postgres() as url:
        assert_all_succeeded(url, run_at_once(url, tmp_path))


def test_editions_written_at_once_stay_whole(tmp_path) -> None:
    """Runs writing the same date's files at once (as `generate` does) never take each
    other's temporary file away; the last one written is whole."""
    day = date(2022, 2, 22)

    def write(n: int) -> None:
        edition = Edition(name="T", date=day, subject=f"run {n}", preheader="", stories=[],
                          articles=[], engine="extractive", generated_at=datetime.now(UTC))
        email = RenderedEmail(subject=f"run {n}", preheader="", html=f"<p>{n}</p>" * 5000,
                              text=f"{n}\n" * 5000)
        for _ in range(10):
            write_edition(tmp_path / "out", edition, email)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(8)))  # re-raises the first error of any run

    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["edition.json", "email.html", "email.txt"]  # no temporary file left
    html = (tmp_path / "out" / "email.html").read_text()
    assert html in {f"<p>{n}</p>" * 5000 for n in range(8)}


def subscribers_list(tmp_path: Path, database: Path):
    config = tmp_path / "newsletter.toml"
    config.write_text(f'database_url = "sqlite:///{database}"\n', encoding="utf-8")
    return CliRunner().invoke(app, ["subscribers", "list", "--config", str(config)])


def test_an_empty_database_file_is_refused_not_recreated(tmp_path) -> None:
    database = tmp_path / "newsletter.db"
    database.touch()
    result = subscribers_list(tmp_path, database)
    assert result.exit_code == 1
    assert "is empty (0 bytes)" in " ".join(result.output.split())
    assert "backup" in result.output
    assert database.stat().st_size == 0
    assert not Path(f"{database}-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path) -> None:
    database = tmp_path / "newsletter.db"
    database.write_text("email,name\nann@example.org,Ann\n", encoding="utf-8")
    result = subscribers_list(tmp_path, database)
    assert result.exit_code == 1
    assert "is not a SQLite database" in " ".join(result.output.split())
    assert database.read_text(encoding="utf-8") == "email,name\nann@example.org,Ann\n"


def test_a_file_damaged_mid_way_gives_a_clear_message_and_no_stored_text(tmp_path) -> None:
    database = tmp_path / "newsletter.db"
    store = Store.open(f"sqlite:///{database}")
    people = SubscriberList(store)
    for n in range(400):
        people.add(f"reader{n}@example.org", name=f"Secret Name {n}")
    store.close()
    size = database.stat().st_size
    with database.open("r+b") as file:  # every page after the first few, overwritten
        file.seek(4 * 4096)
        file.write(b"\xa5" * (size - 4 * 4096))

    result = subscribers_list(tmp_path, database)
    output = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "is damaged" in output and "restore it from a backup" in output
    assert "SELECT" not in output and "Secret Name" not in output
    assert "Traceback" not in output


def test_opening_a_damaged_file_raises_store_damaged(tmp_path) -> None:
    database = tmp_path / "newsletter.db"
    database.write_bytes(b"\x00" * 4096)
    with pytest.raises(StoreDamaged, match="not a SQLite database"):
        Store.open(f"sqlite:///{database}")
    assert database.read_bytes() == b"\x00" * 4096
    assert os.listdir(tmp_path) == ["newsletter.db"]
