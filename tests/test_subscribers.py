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
    assert "unsubscribed" in refused.output and "--resubscribe" in refused.output
    assert exported()[0]["status"] == "unsubscribed"

    assert run("add", "ada@example.com", "--resubscribe").exit_code == 0
    (row,) = exported()
    assert (row["email"], row["status"], row["unsubscribed_at"]) == (
        "Ada@example.com", "active", ""
    )  # fmt: skip
    assert "--resubscribe" in row["status_reason"]  # the change keeps its origin


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
        "Left,left@example.org\n",  # 7: unsubscribed earlier: kept so
        encoding="utf-8",
    )
    result = run("import", "people.csv")

    assert result.exit_code == 1
    assert "line 3:" in result.output and "not-an-address" in result.output
    assert "line 5: no email address" in result.output
    assert "line 7" not in result.output
    output = " ".join(result.output.split())
    assert "Imported 2 new" in output and "1 kept as unsubscribed, bounced or complained" in output
    assert "2 rejected" in output and "--resubscribe" in output
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


LIST = (
    "email,name,status,subscribed_at,unsubscribed_at,bounced_at,complained_at,status_reason\n"
    "ann@example.org,Ann,active,2021-03-01T08:00:00+00:00,,,,\n"
    "bo@example.org,Bo,unsubscribed,2021-04-02T09:30:00+00:00,2022-01-05T10:00:00+00:00,,,"
    "one-click unsubscribe\n"
    "cy@example.org,,bounced,2021-05-03T10:00:00+00:00,,2022-02-01T11:15:00+00:00,,"
    "550 5.1.1 no such user\n"
    "di@example.org,Di,unsubscribed,2021-06-04T11:00:00+00:00,2022-02-10T12:00:00+00:00,,,"
    "removed by the list owner\n"
    "ed@example.org,Ed,complained,2021-07-05T12:00:00+00:00,,,2022-02-12T13:00:00+00:00,"
    "spam complaint (feedback loop)\n"
)


def test_export_then_import_into_a_new_store_round_trips_every_status(tmp_path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    write_config(first, None)
    write_config(second, None)
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    imported = run("import", str(tmp_path / "list.csv"), "--config", str(first / "newsletter.toml"))
    assert imported.exit_code == 0, imported.output
    assert "Imported 5 new" in imported.output
    exported_once = run("export", "--config", str(first / "newsletter.toml")).stdout

    (tmp_path / "export.csv").write_text(exported_once, encoding="utf-8")
    again = run("import", str(tmp_path / "export.csv"), "--config", str(second / "newsletter.toml"))
    assert again.exit_code == 0, again.output
    exported_twice = run("export", "--config", str(second / "newsletter.toml")).stdout

    assert exported_twice == exported_once
    rows = list(csv.DictReader(io.StringIO(exported_twice)))
    assert [r["status"] for r in rows] == [
        "active", "unsubscribed", "bounced", "unsubscribed", "complained"
    ]  # fmt: skip
    assert rows[4]["complained_at"].startswith("2022-02-12T13:00:00")
    assert rows[1]["unsubscribed_at"].startswith("2022-01-05T10:00:00")
    assert rows[2]["status_reason"] == "550 5.1.1 no such user"


def test_an_address_that_left_stays_so_after_import_and_add(tmp_path) -> None:
    write_config(tmp_path, None)
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    run("import", "list.csv")
    (tmp_path / "everyone.csv").write_text(
        "email,name\nann@example.org,Ann\nbo@example.org,Bo\ncy@example.org,Cy\n"
        "ed@example.org,Ed\neve@example.org,Eve\n",
        encoding="utf-8",
    )

    result = run("import", "everyone.csv")
    assert result.exit_code == 0
    output = " ".join(result.output.split())
    assert "1 new" in output and "3 kept as unsubscribed, bounced or complained" in output
    for gone in ("bo@example.org", "ed@example.org"):
        refused = run("add", gone)
        assert refused.exit_code == 1 and "--resubscribe" in refused.output
    statuses = {row["email"]: row["status"] for row in exported()}
    assert statuses == {"ann@example.org": "active", "bo@example.org": "unsubscribed",
                        "cy@example.org": "bounced", "di@example.org": "unsubscribed",
                        "ed@example.org": "complained", "eve@example.org": "active"}  # fmt: skip

    # A file that says an address left is honoured at once; --resubscribe brings one back.
    (tmp_path / "changes.csv").write_text(
        "email,status\nann@example.org,unsubscribed\nbo@example.org,active\n"
        "eve@example.org,sleeping\n",
        encoding="utf-8",
    )
    result = run("import", "changes.csv", "--resubscribe")
    assert result.exit_code == 1
    assert "line 4: status 'sleeping' is not one of active, unsubscribed, bounced, complained" in (
        " ".join(result.output.split())
    )
    statuses = {row["email"]: row["status"] for row in exported()}
    assert (statuses["ann@example.org"], statuses["bo@example.org"]) == ("unsubscribed", "active")


def test_the_round_trip_and_the_kept_addresses_on_postgresql() -> None:
    from newsletter.deliver.subscribers import SubscriberList
    from newsletter.store import Store
    from tests.postgres import temporary_postgres

    with temporary_postgres() as url:
        store = Store.open(url)
        people = SubscriberList(store)
        first = people.import_csv(io.StringIO(LIST))
        exported_once = io.StringIO()
        people.export_csv(exported_once)
        again = people.import_csv(io.StringIO("email\nbo@example.org\ncy@example.org\n"))
        statuses = {s.email: s.status for s in people.iterate()}
        store.close()

    assert (first.added, first.errors) == (5, [])
    assert list(csv.reader(io.StringIO(exported_once.getvalue()))) == list(
        csv.reader(io.StringIO(LIST))
    )
    assert (again.kept, again.added) == (2, 0)
    assert (statuses["bo@example.org"], statuses["cy@example.org"]) == ("unsubscribed", "bounced")
