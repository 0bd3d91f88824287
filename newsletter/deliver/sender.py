"""The sender's identity as the settings give it: From, Reply-To, List-Id, and the
per-subscriber unsubscribe links (https and mailto) with their HMAC tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from newsletter.config import Settings
from newsletter.deliver.errors import DeliveryConfigError
from newsletter.deliver.subscribers import InvalidAddress, normalize_address
from newsletter.deliver.tokens import make_token, read_token

__all__ = ["Sender", "check_token", "list_identity"]

_FROM_VARIABLE = "NEWSLETTER_SENDER__FROM_ADDRESS"


@dataclass(frozen=True)
class Sender:
    """Everything about the sending side that goes into every message."""

    address: str
    name: str
    reply_to: str | None
    list_id: str
    base_url: str
    mailto: str | None
    secret: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]

    @classmethod
    def from_settings(cls, settings: Settings) -> Sender:
        """The sender, or DeliveryConfigError naming the setting to fix."""
        sender = settings.sender
        address = _address(sender.from_address, "sender.from_address", _FROM_VARIABLE)
        if not sender.base_url:
            raise DeliveryConfigError(
                "sender.base_url is not set: set it to the public https address of "
                "`newsletter serve` (e.g. https://news.example.org), where unsubscribe links go"
            )
        base = urlsplit(sender.base_url)
        if base.scheme not in ("https", "http") or not base.hostname:
            raise DeliveryConfigError(
                f"sender.base_url = {sender.base_url!r} is not an http(s) URL; "
                "use e.g. https://news.example.org"
            )
        reply_to = sender.reply_to and _address(sender.reply_to, "sender.reply_to", None)
        mailto = sender.unsubscribe_mailto and _address(
            sender.unsubscribe_mailto, "sender.unsubscribe_mailto", None
        )
        list_id, secret = list_identity(settings)
        return cls(
            address=address,
            name=" ".join((sender.from_name or settings.name).split()),
            reply_to=reply_to,
            list_id=list_id,
            base_url=sender.base_url.rstrip("/"),
            mailto=mailto,
            secret=secret,
        )

    def token(self, subscriber_id: int) -> str:
        return make_token(self.secret, self.list_id, subscriber_id)

    def unsubscribe_links(self, subscriber_id: int) -> tuple[str, str | None]:
        """The https and (when `mailto` is set) mailto unsubscribe links of a subscriber."""
        token = self.token(subscriber_id)
        url = f"{self.base_url}/unsubscribe/{token}"
        if not self.mailto:
            return url, None
        return url, f"mailto:{self.mailto}?subject={quote('unsubscribe ' + token)}"


def list_identity(settings: Settings) -> tuple[str, str]:
    """(list id, token secret): all the unsubscribe endpoint needs to check a token."""
    sender = settings.sender
    if sender.secret is None or len(sender.secret.get_secret_value()) < 16:
        raise DeliveryConfigError(
            "sender.secret is not set or shorter than 16 characters: set NEWSLETTER_SENDER__SECRET "
            "in .env to a long random string (e.g. the output of `python -c \"import secrets; "
            "print(secrets.token_urlsafe(32))\"`); it signs the unsubscribe links"
        )
    if sender.list_id:
        list_id = sender.list_id.strip().strip("<>")
    else:
        address = _address(sender.from_address, "sender.from_address", _FROM_VARIABLE)
        slug = re.sub(r"[^a-z0-9]+", "-", settings.name.lower()).strip("-") or "newsletter"
        list_id = f"{slug}.{address.rpartition('@')[2]}"
    if not re.fullmatch(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+", list_id) or "." not in list_id:
        raise DeliveryConfigError(
            f"sender.list_id = {list_id!r} is not a list id; use a dotted name on your domain, "
            "e.g. daily-brief.example.org"
        )
    return list_id, sender.secret.get_secret_value()


def _address(value: str | None, key: str, variable: str | None) -> str:
    if not value:
        where = f" (or {variable})" if variable else ""
        raise DeliveryConfigError(f"{key} is not set: set it in newsletter.toml{where}")
    try:
        return normalize_address(value)
    except InvalidAddress as exc:
        raise DeliveryConfigError(f"{key}: {exc}") from exc


def check_token(settings: Settings, token: str) -> int:
    """The subscriber id of a genuine token (BadToken otherwise)."""
    list_id, secret = list_identity(settings)
    return read_token(secret, list_id, token)
