"""The unsubscribe endpoint: `GET /unsubscribe/TOKEN` shows a page with one button, and
`POST /unsubscribe/TOKEN` unsubscribes at once (RFC 8058 one-click: what Gmail and Yahoo send
when the reader presses their own Unsubscribe button; answered 200, never redirected, the same
every time). A GET never unsubscribes, because link scanners and previews fetch links.

A token that is malformed or not signed with this list's secret gets 400 and a plain message.

The reader's request is never lost to the store: when it cannot be written now (another command
holds the database longer than the wait, or it cannot be opened), the unsubscribe is kept in
the data folder (`deliver.pending`) and the reader is told they are unsubscribed; it is written
at the next request that reaches the store, and before any send.
"""

from __future__ import annotations

import html
import logging
import threading

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from newsletter.config import Settings
from newsletter.deliver.pending import PendingUnsubscribes
from newsletter.deliver.sender import list_identity
from newsletter.deliver.subscribers import ACTIVE, SubscriberList
from newsletter.deliver.tokens import BadToken, read_token
from newsletter.logs import log_event
from newsletter.store import Store, StoreError

__all__ = ["unsubscribe_routes"]

log = logging.getLogger("newsletter.web")
REASON = "one-click unsubscribe"

BAD_LINK = (
    "This unsubscribe link is not valid: it may have been cut or changed on the way. Open the "
    "complete link from the email, or reply to the email and ask to be removed.\n"
)
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; \
padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.4rem">{title}</h1>
{body}
</body></html>
"""


def unsubscribe_routes(settings: Settings, store: Store | None = None) -> list[Route]:
    """The routes, checking tokens against `sender.secret` and `sender.list_id`. Without a
    `store`, one is opened on the first request and kept for the life of the process.

    Raises DeliveryConfigError when the settings cannot check tokens (no secret)."""
    list_id, secret = list_identity(settings)
    name = settings.name
    opened: list[Store] = [store] if store is not None else []
    lock = threading.Lock()
    pending = PendingUnsubscribes.in_folder(settings.data_dir)

    def subscribers() -> SubscriberList:
        with lock:
            if not opened:
                opened.append(Store.open(settings.database))
        return SubscriberList(opened[0])

    def page(title: str, body: str) -> HTMLResponse:
        return HTMLResponse(PAGE.format(title=html.escape(title), body=body))

    def unsubscribe(request: Request) -> Response:
        try:
            subscriber_id = read_token(secret, list_id, request.path_params["token"])
        except BadToken:
            return PlainTextResponse(BAD_LINK, status_code=400)
        try:
            return answer(request.method, subscriber_id)
        except StoreError as exc:
            return answer_without_store(request.method, subscriber_id, exc)

    def answer(method: str, subscriber_id: int) -> Response:
        people = subscribers()
        found = people.by_id(subscriber_id)
        if found is None:
            return page("You are not on the list", f"<p>{html.escape(name)} is not sent here.</p>")
        address = html.escape(found.email)
        if method == "POST":
            people.unsubscribe(found.id, REASON)
            pending.apply(people)  # the store takes writes again: what waited goes in now
            return page(
                "You are unsubscribed",
                f"<p>{html.escape(name)} will not be sent to {address} any more.</p>",
            )
        if found.status != ACTIVE:
            return page(
                "You are unsubscribed", f"<p>{html.escape(name)} is not sent to {address}.</p>"
            )
        return confirm(f"Stop sending {html.escape(name)} to {address}?")

    def answer_without_store(method: str, subscriber_id: int, exc: StoreError) -> Response:
        """The store cannot be used now: a POST is kept for later, a GET still offers the
        button."""
        if method != "POST":
            return confirm(f"Stop sending {html.escape(name)} to this address?")
        pending.keep(subscriber_id, REASON)
        log_event(log, "unsubscribe.kept", logging.WARNING, subscriber=subscriber_id,
                  file=pending.path, reason=exc)  # fmt: skip
        return page(
            "You are unsubscribed",
            f"<p>{html.escape(name)} will not be sent to this address any more.</p>",
        )

    def confirm(question: str) -> HTMLResponse:
        return page(
            f"Unsubscribe from {name}",
            f"<p>{question}</p>\n"
            '<form method="post"><button type="submit" style="font-size: 1rem; '
            'padding: 0.5rem 1.2rem">Unsubscribe</button></form>',
        )

    return [Route("/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"])]
