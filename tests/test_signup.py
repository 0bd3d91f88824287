"""The sign-up form of `newsletter serve`, in-process over httpx with a real SMTP server
catching the confirmation emails: double opt-in, a page that never tells who is on the list,
the honeypot, the per-client and per-address limits, expired and cut links, resubscribing
from the unsubscribe page."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest

from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from newsletter.web.app import create_app
from newsletter.web.signup import signup_routes
from newsletter.web.unsubscribe import unsubscribe_routes
from tests.delivery import settings_for, smtp_server
from tests.test_deliver import send, statuses, subscribe

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LINK = re.compile(r"https://news\.example\.org(/subscribe/confirm/\S+)")


@pytest.fixture
def site(tmp_path):
    """(settings, the app with sign-up and unsubscribe routes, the SMTP sink)."""
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings, ["old@example.org"])
        store = Store.open(settings.database)
        routes = unsubscribe_routes(settings, store, resubscribe=True)
        routes += signup_routes(settings, SubscriberList(store))
        yield settings, create_app(settings, routes), sink
        store.close()


def post(app, path: str, body: str, client: str = "203.0.113.7", **headers: str):
    return requests(app, [("POST", path, body)], client, **headers)[0]


def requests(app, calls, client: str = "203.0.113.7", **headers: str) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=(client, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="https://news.example.org") as c:
            return [
                await c.request(method, path, content=body, headers={**FORM, **headers})
                for method, path, body in calls
            ]

    return asyncio.run(go())


def get(app, path: str) -> httpx.Response:
    return requests(app, [("GET", path, None)])[0]


def confirmation_path(sink, address: str) -> str:
    (message,) = sink.messages(address)
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1)


def test_double_opt_in_from_form_to_active(site) -> None:
    settings, app, sink = site
    form = get(app, "/subscribe")
    answer = post(app, "/subscribe", "email=New.Reader%40Example.org&website=")

    assert form.status_code == 200 and 'name="email"' in form.text
    assert answer.status_code == 200 and "Check your inbox" in answer.text
    assert "New.Reader@example.org" not in statuses(settings)
    path = confirmation_path(sink, "New.Reader@example.org")
    (message,) = sink.messages("New.Reader@example.org")
    assert message["Subject"] == "Confirm your subscription to The Test Gazette"

    shown = get(app, path)  # a link scanner's fetch: subscribes nobody
    assert shown.status_code == 200 and "Confirm" in shown.text
    assert "New.Reader@example.org" not in statuses(settings)
    done = post(app, path, "")
    assert done.status_code == 200 and "You are subscribed" in done.text
    assert statuses(settings)["New.Reader@example.org"] == "active"
    assert post(app, path, "").status_code == 200  # following it twice is harmless
    assert list(statuses(settings)).count("New.Reader@example.org") == 1


def test_an_address_that_never_confirms_is_never_mailed(site) -> None:
    settings, app, sink = site
    post(app, "/subscribe", "email=waiting%40example.org")
    report = send(settings)

    assert report.sent == 1  # old@example.org only
    assert [m["Subject"] for m in sink.messages("waiting@example.org")] == [
        "Confirm your subscription to The Test Gazette"
    ]


def test_the_answer_never_tells_who_is_on_the_list(site) -> None:
    _settings, app, sink = site
    new = post(app, "/subscribe", "email=someone%40example.org", client="198.51.100.1")
    member = post(app, "/subscribe", "email=old%40example.org", client="198.51.100.2")
    bot = post(app, "/subscribe", "email=bot%40example.org&website=spam", client="198.51.100.3")

    def page(response: httpx.Response) -> str:
        return response.text.replace("someone", "X").replace("old", "X").replace("bot", "X")

    assert new.status_code == member.status_code == bot.status_code == 200
    assert page(new) == page(member) == page(bot)
    assert set(sink.counts()) == {"someone@example.org"}  # no mail for members or bots


def test_a_flood_from_one_client_is_refused_after_the_limit(site) -> None:
    settings, app, sink = site
    calls = [("POST", "/subscribe", f"email=flood{n}%40example.org") for n in range(1000)]
    answers = requests(app, calls)
    codes = [a.status_code for a in answers]

    limit = settings.signup.per_client_per_minute
    assert codes[:limit] == [200] * limit and set(codes[limit:]) == {429}
    assert "try again in a minute" in answers[-1].text and answers[-1].headers["Retry-After"]
    assert len(sink.counts()) == limit
    other = post(app, "/subscribe", "email=elsewhere%40example.org", client="192.0.2.9")
    assert other.status_code == 200  # another client is not held up


def test_one_address_gets_at_most_the_daily_number_of_confirmations(site) -> None:
    settings, app, sink = site
    for n in range(6):
        answer = post(app, "/subscribe", "email=target%40example.org", client=f"192.0.2.{n}")
        assert answer.status_code == 200 and "Check your inbox" in answer.text
    assert sink.counts()["target@example.org"] == settings.signup.per_address_per_day


def test_bad_input_expired_and_cut_links(site, monkeypatch) -> None:
    settings, app, sink = site
    bad = post(app, "/subscribe", "email=not+an+address")
    assert bad.status_code == 400 and "Please enter an email address" in bad.text
    assert 'value="not an address"' in bad.text

    post(app, "/subscribe", "email=late%40example.org")
    path = confirmation_path(sink, "late@example.org")
    cut = get(app, path[:-3])
    assert cut.status_code == 400 and "not valid" in cut.text
    later = time.time() + settings.signup.confirm_hours * 3600 + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    expired = post(app, path, "")
    assert expired.status_code == 400 and "expired" in expired.text
    assert "late@example.org" not in statuses(settings)


def test_other_sites_forms_need_to_be_allowed(site) -> None:
    _settings, app, sink = site
    foreign = post(app, "/subscribe", "email=a%40example.org", origin="https://evil.example")
    own = post(app, "/subscribe", "email=b%40example.org", origin="https://news.example.org")

    assert foreign.status_code == 403 and own.status_code == 200
    assert set(sink.counts()) == {"b@example.org"}


def test_resubscribe_from_the_unsubscribe_page_needs_confirmation(site) -> None:
    settings, app, sink = site
    people = statuses(settings)
    assert people == {"old@example.org": "active"}
    store = Store.open(settings.database)
    try:
        found = SubscriberList(store).get("old@example.org")
        token = Sender.from_settings(settings).token(found.id)
    finally:
        store.close()
    left = post(app, f"/unsubscribe/{token}", "List-Unsubscribe=One-Click")
    assert "Resubscribe" in left.text and statuses(settings)["old@example.org"] == "unsubscribed"

    again = post(app, "/subscribe", "email=old%40example.org")
    assert "Check your inbox" in again.text
    assert statuses(settings)["old@example.org"] == "unsubscribed"
    post(app, confirmation_path(sink, "old@example.org"), "")
    assert statuses(settings)["old@example.org"] == "active"


def test_without_double_opt_in_a_new_address_is_active_at_once(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink, signup={"double_opt_in": False})
        subscribe(settings, ["old@example.org"])
        store = Store.open(settings.database)
        try:
            people = SubscriberList(store)
            people.remove("old@example.org")
            app = create_app(settings, signup_routes(settings, people))
            post(app, "/subscribe", "email=quick%40example.org", client="192.0.2.1")
            post(app, "/subscribe", "email=old%40example.org", client="192.0.2.2")
            quick = people.history(people.get("quick@example.org").id)
        finally:
            store.close()

    assert statuses(settings) == {"quick@example.org": "active", "old@example.org": "unsubscribed"}
    assert [(change.status, change.origin) for change in quick] == [("active", "form")]
    assert set(sink.counts()) == {"old@example.org"}  # who left before must confirm
