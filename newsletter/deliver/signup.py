"""Double opt-in: the signed, expiring confirmation link, the email that carries it, and the
confirmation that makes an address active.

Nothing is stored for an address that signs up until it confirms: the link itself holds the
address, signed with `sender.secret` for this list (itsdangerous) and stamped with its time,
so it stops working after `signup.confirm_hours` and an address that never confirms is never
on the list, let alone mailed. Following the link is the person's consent: an address that had
unsubscribed or bounced becomes active again (origin `form`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from newsletter.config import Settings
from newsletter.deliver.sender import Sender, list_identity
from newsletter.deliver.smtp import Mailer
from newsletter.deliver.subscribers import FORM, Subscriber, SubscriberList

__all__ = ["BadLink", "ConfirmationLinks", "confirm", "confirmation_email", "send_confirmation"]


class BadLink(ValueError):
    """The confirmation link is not genuine, or has expired; the message says which."""


class ConfirmationLinks:
    """Makes and reads the confirmation links of one list."""

    def __init__(self, settings: Settings) -> None:
        list_id, secret = list_identity(settings)
        self._serializer = URLSafeTimedSerializer(secret, salt=f"confirm-subscription:{list_id}")
        self.max_age = int(settings.signup.confirm_hours * 3600)
        self.base_url = (settings.sender.base_url or "").rstrip("/")

    def token(self, address: str) -> str:
        return self._serializer.dumps(address)

    def url(self, address: str) -> str:
        return f"{self.base_url}/subscribe/confirm/{self.token(address)}"

    def address(self, token: str) -> str:
        """The address a genuine, unexpired token was made for; BadLink otherwise."""
        try:
            address = self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise BadLink(
                "This confirmation link has expired. Sign up again to get a new one."
            ) from None
        except BadSignature:
            raise BadLink(
                "This confirmation link is not valid: it may have been cut on the way. Open the "
                "complete link from the email, or sign up again."
            ) from None
        if not isinstance(address, str):
            raise BadLink("This confirmation link is not valid. Sign up again.")
        return address


def confirmation_email(settings: Settings, address: str, url: str) -> EmailMessage:
    """The email asking `address` to confirm: plain text, one link, no tracking."""
    sender = Sender.from_settings(settings)
    hours = settings.signup.confirm_hours
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(sender.name, addr_spec=sender.address)
    message["To"] = address
    message["Subject"] = f"Confirm your subscription to {sender.name}"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = f"<confirm.{uuid.uuid4().hex}@{sender.domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        f"Someone, probably you, asked to receive {sender.name} at {address}.\n\n"
        f"To confirm, open this link within {hours:g} hours and press Confirm:\n\n{url}\n\n"
        "If you did not ask for it, ignore this email: you will not be added, and you will "
        "not hear from us again.\n"
    )
    return message


async def send_confirmation(settings: Settings, address: str) -> None:
    """Send the confirmation email through the configured SMTP relay (raises on failure)."""
    sender = Sender.from_settings(settings)
    message = confirmation_email(settings, address, ConfirmationLinks(settings).url(address))
    async with Mailer(settings.smtp) as mailer:
        await mailer.send(sender.address, address, message.as_bytes())


def confirm(people: SubscriberList, address: str) -> Subscriber:
    """Make a confirmed address active (added, or back after leaving) and return it."""
    people.add(address, resubscribe=True, origin=FORM)
    found = people.get(address)
    assert found is not None
    return found
