"""Every change of a subscriber's status writes one event with its time and origin: the
operator's add, remove and resubscribe, an import (with the statuses its rows carry), the
unsubscribe link (also when it was kept for later), a bounce; `subscribers history` shows
them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.deliver.pending import PendingUnsubscribes
from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from newsletter.web.app import create_app
from newsletter.web.unsubscribe import unsubscribe_routes
from tests.delivery import settings_for, smtp_server
from tests.test_deliver import send
from tests.test_unsubscribe import call


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def history(address: str) -> list[tuple[str, str]]:
    result = cli("subscribers", "history", address, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["history"]
    assert all(datetime.fromisoformat(change["time"]) for change in found)
    return [(change["status"], change["origin"]) for change in found]


def test_each_change_keeps_its_origin(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        (tmp_path / "people.csv").write_text("email\nann@example.org\nbob@example.org\n")
        assert cli("subscribers", "add", "cat@example.org").exit_code == 0
        assert cli("subscribers", "import", "people.csv").exit_code == 0
        assert cli("subscribers", "remove", "cat@example.org").exit_code == 0
        assert cli("subscribers", "add", "cat@example.org", "--force").exit_code == 0
        store = Store.open(settings.database)
        try:
            web = create_app(settings, unsubscribe_routes(settings, store))
            bob = store_id(store, "bob@example.org")
            token = Sender.from_settings(settings).token(bob)
            assert call(web, "POST", f"/unsubscribe/{token}").status_code == 200
        finally:
            store.close()
        sink.fail("ann@example.org", "rcpt", "550 5.1.1 No such user")
        send(settings)

    assert history("cat@example.org") == [
        ("active", "operator"), ("unsubscribed", "operator"), ("active", "operator")
    ]  # fmt: skip
    assert history("bob@example.org") == [
        ("active", "import"),
        ("unsubscribed", "unsubscribe-link"),
    ]
    assert history("ann@example.org") == [("active", "import"), ("bounced", "bounce")]
    shown = cli("subscribers", "history", "ann@example.org")
    assert "550" in shown.output and "bounce" in shown.output
    missing = cli("subscribers", "history", "nobody@example.org")
    assert missing.exit_code == 1 and "not on the list" in missing.output


def store_id(store: Store, address: str) -> int:
    found = SubscriberList(store).get(address)
    assert found is not None
    return found.id


def test_imports_resubscribes_and_late_unsubscribes_each_write_one_event(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        (tmp_path / "moved.csv").write_text(
            "email,status,unsubscribed_at,status_reason\n"
            "dot@example.org,active,,\n"
            "eli@example.org,unsubscribed,2021-03-04T05:06:00+00:00,left at the old service\n"
        )
        (tmp_path / "again.csv").write_text("email,status\ndot@example.org,complained\n")
        assert cli("subscribers", "import", "moved.csv").exit_code == 0
        assert cli("subscribers", "import", "again.csv").exit_code == 0
        assert cli("subscribers", "import", "moved.csv").exit_code == 0  # kept, no event
        assert cli("subscribers", "add", "dot@example.org", "--resubscribe").exit_code == 0
        asked = datetime(2026, 3, 7, 9, 30, tzinfo=UTC)
        store = Store.open(settings.database)
        try:
            people = SubscriberList(store)
            pending = PendingUnsubscribes.in_folder(settings.data_dir)
            pending.keep(store_id(store, "dot@example.org"), "one-click unsubscribe", at=asked)
            assert pending.apply(people) == 1
            last = people.history(store_id(store, "dot@example.org"))[-1]
        finally:
            store.close()

    assert history("eli@example.org") == [("unsubscribed", "import")]
    assert history("dot@example.org") == [
        ("active", "import"),
        ("complained", "import"),
        ("active", "operator"),
        ("unsubscribed", "unsubscribe-link"),
    ]
    assert last.time == asked  # the time the reader asked, not the time it was written
    eli = json.loads(cli("subscribers", "history", "eli@example.org", "--json").stdout)
    assert eli["history"][0]["detail"] == "left at the old service"
    dot = json.loads(cli("subscribers", "history", "dot@example.org", "--json").stdout)
    assert "--resubscribe" in dot["history"][2]["detail"]
