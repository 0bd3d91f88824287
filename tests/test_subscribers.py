"""`newsletter subscribers`: adding with validation and consent, removing, listing, CSV import
with line-numbered errors, and export."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from newsletter.cli import app
from tests.delivery import write_config


def run(*args: str):
    return CliRunner().invoke(app, ["subscribers", *args])


def exported() -> list[dict[str, str]]:
    result = run("export")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_add_list_remove_and_consent(tmp_path) -> None:
    write_config(tmp_path, None)

    assert run("add", "Ada@Example.COM", "--name", "Ada Lovelace").exit_code == 0
    again = run("add", "ada@example.com")
    assert again.exit_code == 0 and "Already subscribed" in again.output
    listed = run("list")
    assert "Ada@example.com" in listed.output and "Ada Lovelace" in listed.output
    assert "1 active" in listed.output

    assert run("remove", "ADA@example.com").exit_code == 0
    refused = run("add", "ada@example.com")
    assert refused.exit_code == 1
    assert "unsubscribed" in refused.output and "--force" in refused.output
    assert exported()[0]["status"] == "unsubscribed"

    assert run("add", "ada@example.com", "--force").exit_code == 0
    (row,) = exported()
    assert (row["email"], row["status"], row["unsubscribed_at"]) == (
        "Ada@example.com", "active", ""
    )  # fmt: skip


def test_invalid_addresses_are_refused_with_the_reason(tmp_path) -> None:
    write_config(tmp_path, None)
    for bad in ("not-an-address", "two@@example.com", "trailing.dot.@example.com"):
        result = run("add", bad)
        assert result.exit_code == 2
        assert "not a valid email address" in result.output
    assert run("remove", "nobody@example.com").exit_code == 1
    assert exported() == []


def test_import_keeps_good_rows_and_reports_bad_ones_by_line(tmp_path) -> None:
    write_config(tmp_path, None)
    run("add", "left@example.org")
    run("remove", "left@example.org")
    (tmp_path / "people.csv").write_text(
        "Name,Email\n"  # line 1: header (any case, any column order)
        "Grace Hopper,grace@example.org\n"  # 2
        "Nobody,not-an-address\n"  # 3
        "Alan Turing,alan@example.org\n"  # 4
        "Empty,\n"  # 5
        "Grace again,GRACE@example.org\n"  # 6: same address: counted once
        "Left,left@example.org\n",  # 7: unsubscribed earlier: needs consent
        encoding="utf-8",
    )
    result = run("import", "people.csv")

    assert result.exit_code == 1
    assert "line 3:" in result.output and "not-an-address" in result.output
    assert "line 5: no email address" in result.output
    assert "line 7:" in result.output and "--force" in result.output
    assert "Imported 2 new" in result.output and "3 rejected" in result.output
    statuses = {row["email"]: row["status"] for row in exported()}
    assert statuses == {
        "left@example.org": "unsubscribed",
        "grace@example.org": "active",
        "alan@example.org": "active",
    }


def test_import_needs_an_email_column(tmp_path) -> None:
    write_config(tmp_path, None)
    (tmp_path / "people.csv").write_text("address\nx@example.org\n", encoding="utf-8")
    result = run("import", "people.csv")
    assert result.exit_code == 1
    assert "'email' column" in result.output


def test_export_to_a_file_by_status(tmp_path) -> None:
    write_config(tmp_path, None)
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        run("add", address)
    run("remove", "b@example.org")
    result = run("export", "active.csv", "--status", "active")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "active.csv").read_text("utf-8"))))
    assert [row["email"] for row in rows] == ["a@example.org", "c@example.org"]
