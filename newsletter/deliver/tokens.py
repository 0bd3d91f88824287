"""Unsubscribe tokens: an HMAC over (subscriber, list) with the secret from the settings.

A token is `<subscriber id in base 36>.<22 characters of base64url MAC>`: short enough for a
URL and a header, unguessable without the secret, and bound to one list, so a token of one
list cannot unsubscribe anyone from another list sharing the database. Changing
`sender.secret` or `sender.list_id` invalidates the links already sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["BadToken", "make_token", "read_token"]

_MAC_BYTES = 16  # 128 bits


class BadToken(ValueError):
    """The token is malformed or was not made with this secret for this list."""


def _mac(secret: str, list_id: str, subscriber_id: int) -> str:
    message = f"unsubscribe\x00{list_id}\x00{subscriber_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def make_token(secret: str, list_id: str, subscriber_id: int) -> str:
    """The unsubscribe token of one subscriber of one list."""
    return f"{_base36(subscriber_id)}.{_mac(secret, list_id, subscriber_id)}"


def read_token(secret: str, list_id: str, token: str) -> int:
    """The subscriber id a token was made for; BadToken when it is not genuine."""
    head, dot, mac = token.partition(".")
    if not dot or not head or len(head) > 13 or not head.isascii() or not head.isalnum():
        raise BadToken("malformed unsubscribe token")
    subscriber_id = int(head, 36)
    if not hmac.compare_digest(mac.encode(), _mac(secret, list_id, subscriber_id).encode()):
        raise BadToken("unsubscribe token does not match")
    return subscriber_id
