"""A throwaway PostgreSQL server for tests: its own cluster in a temporary folder, reached over
a Unix socket, stopped and deleted afterwards.

Needs the PostgreSQL server binaries (Debian: `postgresql`). Without them the tests that use it
are skipped, unless REQUIRE_POSTGRES=1 (CI sets it), in which case they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    if found := shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a server and yield a SQLAlchemy URL to an empty database on it."""
    bin_dir = _binaries()
    if bin_dir is None:
        message = "PostgreSQL server binaries not found (install Debian's postgresql)"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="newsletter-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, socket = root / "data", str(root)

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True)

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"), "-o",
        f"-k {socket} -c listen_addresses='' -p 5499", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", socket, "-p", "5499", "-U", "postgres", "newsletter")
        yield f"postgresql+psycopg://postgres@/newsletter?host={socket}&port=5499"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)
