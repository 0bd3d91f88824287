"""The installed wheel carries the templates, prompts and migrations it needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_works_without_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("newsletter-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsletter/_bundled/templates/email.mjml.j2" in names
    assert "newsletter/_bundled/templates/email.txt.j2" in names
    assert any(n.startswith("newsletter/_bundled/prompts/") for n in names)
    assert "newsletter/migrations/versions/0001_initial.py" in names
    assert not [n for n in names if n.startswith("tests/")]  # test support stays out

    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    found = subprocess.run(
        [sys.executable, "-c", "from newsletter.resources import bundled_dir as b;"
         "print(b('templates')); print(b('prompts'))"],
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found == [
        str(target / "newsletter" / "_bundled" / "templates"),
        str(target / "newsletter" / "_bundled" / "prompts"),
    ]
