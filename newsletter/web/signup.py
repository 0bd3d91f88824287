"""The sign-up endpoint: `GET /subscribe` shows the form, `POST /subscribe` (field `email`)
sends a confirmation email, and `/subscribe/confirm/TOKEN` confirms (GET shows one button, POST
confirms: link scanners fetch links, and a fetch must not subscribe anyone).

The answer to a sign-up never says whether the address is already on the list: it is the same
page whether a confirmation was sent, the address is already active, the per-address limit was
reached or the honeypot field was filled, and the email goes out after the answer. Only a
client over its own limit gets a different answer (429, with a page saying when to try again),
and a form posted from a site not in `signup.allowed_origins` is refused (403).
"""

from __future__ import annotations

import html
import logging
from urllib.parse import parse_qs, urlsplit

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from newsletter.config import Settings
from newsletter.deliver.sender import Sender
from newsletter.deliver.signup import BadLink, ConfirmationLinks, confirm, send_confirmation
from newsletter.deliver.subscribers import (
    ACTIVE,
    FORM,
    ConsentRequired,
    InvalidAddress,
    SubscriberList,
    normalize_address,
)
from newsletter.web.limits import SlidingWindow
from newsletter.web.pages import page

__all__ = ["HONEYPOT", "signup_routes"]

log = logging.getLogger("newsletter.signup")
HONEYPOT = "website"
"""A field people never see or fill; bots that fill every field do."""
MAX_BODY = 4096
BUTTON = 'style="font-size: 1rem; padding: 0.5rem 1.2rem"'


def _form(name: str, value: str = "", error: str = "") -> str:
    problem = f'<p role="alert" style="color: #b42318">{html.escape(error)}</p>\n' if error else ""
    return (
        f"{problem}<p>Get {html.escape(name)} by email. We will send you a link to confirm.</p>\n"
        '<form method="post" action="/subscribe">\n'
        '<label for="email">Email address</label><br>\n'
        f'<input id="email" name="email" type="email" required autocomplete="email" '
        f'value="{html.escape(value)}" style="font-size: 1rem; padding: 0.4rem; width: 100%">\n'
        '<div aria-hidden="true" style="position: absolute; left: -10000px">'
        f'<label for="{HONEYPOT}">Leave this empty</label>'
        f'<input id="{HONEYPOT}" name="{HONEYPOT}" type="text" tabindex="-1" autocomplete="off">'
        "</div>\n"
        f'<p><button type="submit" {BUTTON}>Subscribe</button></p>\n</form>'
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def signup_routes(settings: Settings, subscribers: SubscriberList) -> list[Route]:
    """The routes. Raises DeliveryConfigError when the settings cannot sign links (no
    sender.secret) or send the confirmation (no sender.from_address or base_url)."""
    Sender.from_settings(settings)  # the confirmation email needs From and base_url
    links = ConfirmationLinks(settings)
    rules = settings.signup
    name = settings.name
    allowed = {_origin(o) for o in rules.allowed_origins}
    if settings.sender.base_url:
        allowed.add(_origin(settings.sender.base_url))
    per_client = SlidingWindow(rules.per_client_per_minute, 60)
    per_address = SlidingWindow(rules.per_address_per_day, 24 * 3600)

    def check_inbox(address: str, task: BackgroundTask | None = None) -> Response:
        response = page(
            "Check your inbox",
            f"<p>If {html.escape(address)} can get {html.escape(name)}, an email with a link "
            "to confirm is on its way. Follow it to start receiving the newsletter; nothing is "
            "sent until you do.</p>",
        )
        response.background = task
        return response

    async def mail_confirmation(address: str) -> None:
        try:
            await send_confirmation(settings, address)
        except Exception as exc:  # the reader already has their page; the operator the log
            log.warning("signup confirmation not sent to=%s error=%s", address, exc)

    def show_form(_request: Request) -> Response:
        return page(f"Subscribe to {name}", _form(name))

    async def sign_up(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin and origin != "null" and _origin(origin) not in allowed | {
            _origin(str(request.base_url))
        }:
            return page(
                "Not allowed",
                f"<p>This sign-up form may not be sent from {html.escape(origin)}.</p>",
                403,
            )
        client = request.client.host if request.client else "unknown"
        if not per_client.allow(client):
            return page(
                "Too many sign-ups",
                "<p>Too many sign-ups came from your network just now. Please try again in a "
                "minute.</p>",
                429,
                {"Retry-After": "60"},
            )
        body = await request.body()
        if len(body) > MAX_BODY:
            return page("Too long", "<p>The form sent too much. Please try again.</p>", 413)
        fields = parse_qs(body.decode("utf-8", "replace"))
        typed = (fields.get("email") or [""])[0].strip()
        if (fields.get(HONEYPOT) or [""])[0]:
            return check_inbox(typed)
        try:
            address = normalize_address(typed)
        except InvalidAddress:
            error = "Please enter an email address, like name@example.org."
            return page(f"Subscribe to {name}", _form(name, typed[:320], error), 400)
        if not per_address.allow(address.lower()):
            return check_inbox(address)
        found = subscribers.get(address)
        if found is not None and found.status == ACTIVE:
            return check_inbox(address)
        if not rules.double_opt_in:
            try:
                subscribers.add(address, origin=FORM)
            except ConsentRequired:  # left before: only a confirmed sign-up brings it back
                return check_inbox(address, BackgroundTask(mail_confirmation, address))
            return check_inbox(address)
        return check_inbox(address, BackgroundTask(mail_confirmation, address))

    async def confirmation(request: Request) -> Response:
        token = request.path_params["token"]
        try:
            address = links.address(token)
        except BadLink as exc:
            return page("This link does not work", f"<p>{html.escape(str(exc))}</p>", 400)
        if request.method == "POST":
            confirm(subscribers, address)
            return page(
                "You are subscribed",
                f"<p>{html.escape(name)} will be sent to {html.escape(address)}. Every email "
                "has a link to unsubscribe.</p>",
            )
        return page(
            f"Confirm your subscription to {name}",
            f"<p>Send {html.escape(name)} to {html.escape(address)}?</p>\n"
            f'<form method="post"><button type="submit" {BUTTON}>Confirm</button></form>',
        )

    return [
        Route("/subscribe", show_form, methods=["GET"]),
        Route("/subscribe", sign_up, methods=["POST"]),
        Route("/subscribe/confirm/{token}", confirmation, methods=["GET", "POST"]),
    ]
