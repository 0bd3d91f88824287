"""One edition's email for one subscriber: the MIME message, its headers, and DKIM signing.

The edition is rendered once (`newsletter generate` writes email.html and email.txt with the
placeholder `render.UNSUBSCRIBE_PLACEHOLDER`); here each subscriber's parts are substituted
into that text: the unsubscribe link (HTML-escaped in the HTML part, as-is in the text part) and
the greeting, when the templates print `GREETING_PLACEHOLDER`.

Structure: multipart/alternative holding text/plain then text/html, both UTF-8, no attachment.
Headers: From, Reply-To (when set), To, Subject, Date (UTC, `+0000`), Message-ID,
List-Id, List-Unsubscribe (https, and mailto when set) and List-Unsubscribe-Post (RFC 8058).

The Message-ID is the same each time one subscriber's copy of one edition is built: a message
resent after a crash (see `newsletter.deliver.ledger`) carries the ID of the first, so mail
systems that drop repeated IDs show it once.
"""

from __future__ import annotations

import email
import hashlib
import html
import json
import re
import secrets
from datetime import UTC, date, datetime
from email import policy, quoprimime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import dkim

from newsletter.config import DKIMSettings, Settings
from newsletter.deliver.errors import DeliveryConfigError, EditionNotFound
from newsletter.deliver.sender import Sender
from newsletter.deliver.subscribers import Subscriber
from newsletter.models import RenderedEmail
from newsletter.render import GREETING_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER

__all__ = [
    "GREETING_PLACEHOLDER",
    "DKIMSigner",
    "MessageFactory",
    "load_rendered",
]

_POLICY = policy.SMTP
_HOLES = re.compile("|".join(map(re.escape, (UNSUBSCRIBE_PLACEHOLDER, GREETING_PLACEHOLDER))))

SIGNED_HEADERS = (
    "From", "Reply-To", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
    "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
)  # fmt: skip


def load_rendered(settings: Settings, day: date) -> RenderedEmail:
    """The edition `newsletter generate` rendered for the day, read from its output folder."""
    folder = settings.output_dir / day.isoformat()
    try:
        edition = json.loads((folder / "edition.json").read_text(encoding="utf-8"))
        return RenderedEmail(
            subject=edition["subject"],
            preheader=edition.get("preheader", ""),
            html=(folder / "email.html").read_text(encoding="utf-8"),
            text=(folder / "email.txt").read_text(encoding="utf-8"),
        )
    except FileNotFoundError as exc:
        raise EditionNotFound(
            f"no rendered edition for {day.isoformat()} in {folder} ({Path(exc.filename).name} "
            f"is missing): run `newsletter generate --date {day.isoformat()}` first"
        ) from exc
    except (ValueError, KeyError) as exc:
        raise EditionNotFound(
            f"{folder / 'edition.json'} is unreadable ({exc}): run `newsletter generate "
            f"--date {day.isoformat()}` again"
        ) from exc


class DKIMSigner:
    """Signs message bytes with the key from the [dkim] settings (relaxed/relaxed, rsa-sha256);
    the signed headers include both List-Unsubscribe headers."""

    def __init__(self, key: bytes, selector: str, domain: str) -> None:
        self.key, self.selector, self.domain = key, selector.encode(), domain.encode()
        self.headers = [h.encode() for h in SIGNED_HEADERS]
        self._lines = [(h, b"\r\n" + h.lower() + b":") for h in self.headers]

    @classmethod
    def from_settings(cls, settings: DKIMSettings, sender_domain: str) -> DKIMSigner | None:
        if settings.key_path is None:
            return None
        if not settings.selector:
            raise DeliveryConfigError(
                "dkim.selector is not set: set it to the selector of your DKIM DNS record "
                "(SELECTOR._domainkey.DOMAIN), or unset dkim.key_path to send unsigned"
            )
        try:
            key = settings.key_path.read_bytes()
        except OSError as exc:
            raise DeliveryConfigError(
                f"dkim.key_path: cannot read {settings.key_path}: {exc.strerror}"
            ) from exc
        signer = cls(key, settings.selector, settings.domain or sender_domain)
        try:
            signer.sign(b"From: a@example.org\r\nSubject: key check\r\n\r\nkey check\r\n")
        except dkim.DKIMException as exc:
            raise DeliveryConfigError(
                f"dkim.key_path: {settings.key_path} is not a usable RSA private key (PEM): {exc}"
            ) from exc
        return signer

    def sign(self, message: bytes) -> bytes:
        head = b"\r\n" + message.partition(b"\r\n\r\n")[0].lower()
        present = [h for h, line in self._lines if line in head]
        signature = dkim.sign(
            message,
            self.selector,
            self.domain,
            self.key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=present,
        )
        return signature + message


def _fold(name: str, value: object) -> bytes:
    """One header line as the email package folds it (RFC 5322 folding, RFC 2047 words)."""
    header = _POLICY.header_factory(name, value)
    return header.fold(policy=_POLICY).encode("ascii", "surrogateescape")


# Display names and addresses the email package writes unchanged: atext without "=" and "?"
# (which it could read as an encoded word); a name with a special is written quoted.
_WORDS = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"
_PLAIN_NAME = re.compile(rf"{_WORDS}(?: {_WORDS})*")
_QUOTABLE_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+/^_`{|}~ ()<>\[\]:;@,.-]+")
_PLAIN_ADDRESS = re.compile(rf"{_WORDS}(?:\.{_WORDS})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def _to_header(name: str, address: str) -> bytes:
    """The To line of one recipient; the email package folds only what it would change."""
    if _PLAIN_ADDRESS.fullmatch(address):
        if not name:
            line = f"To: {address}\r\n"
        elif _PLAIN_NAME.fullmatch(name):
            line = f"To: {name} <{address}>\r\n"
        elif name[0] != " " and name[-1] != " " and _QUOTABLE_NAME.fullmatch(name):
            line = f'To: "{name}" <{address}>\r\n'
        else:
            line = ""
        if line and len(line) <= _POLICY.max_line_length + 2:
            return line.encode("ascii")
    return _fold("To", Address(name, addr_spec=address))


def _line(name: str, value: str) -> bytes:
    """A header the email package writes as given when it is ASCII and fits on a line (the
    Date and the Message-ID); folded by it otherwise."""
    line = f"{name}: {value}\r\n"
    if len(line) <= _POLICY.max_line_length + 2 and line.isascii():
        return line.encode("ascii")
    return _fold(name, value)


class _EncodedPart:
    """One text part, quoted-printable encoded once per edition, with holes where each
    subscriber's values go. Every piece ends on a soft line break, so filling a hole encodes
    only the value: no line of the part is encoded twice, and the result decodes to exactly
    the source with the values substituted."""

    def __init__(self, subtype: str, source: str, holes: re.Pattern[str]) -> None:
        head = (
            f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        self.holes = holes.findall(source)
        pieces = holes.split(source)
        self.pieces = [
            _qp(piece, soft_end=i < len(self.holes)).encode("ascii")
            for i, piece in enumerate(pieces)
        ]
        self.pieces[0] = head.encode("ascii") + self.pieces[0]

    def fill(self, values: dict[str, str], out: list[bytes]) -> None:
        """Append the part's bytes, with the values in the holes, to `out`."""
        out.append(self.pieces[0])
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            out += (_qp(values[hole], soft_end=True).encode("ascii"), piece)


def _qp(text: str, *, soft_end: bool) -> str:
    """Quoted-printable (UTF-8, CRLF, 76 columns), ending on a soft break when `soft_end` and
    the text does not end a line."""
    if not text:
        return ""
    encoded = quoprimime.body_encode(text.encode("utf-8").decode("latin-1"), 76, "\r\n")
    return encoded + "=\r\n" if soft_end and not text.endswith("\n") else encoded


class MessageFactory:
    """Builds each subscriber's message for one edition, signed when a signer is given.

    The parts are encoded and the headers that are the same for everyone are folded once per
    edition; each message then costs its own headers and its substituted values, written
    straight to bytes (the email package folds only a header it would write differently)."""

    def __init__(
        self, sender: Sender, rendered: RenderedEmail, day: date, signer: DKIMSigner | None = None
    ) -> None:
        self.sender, self.day, self.signer = sender, day, signer
        list_hash = hashlib.sha256(sender.list_id.encode()).hexdigest()[:8]
        self._id_suffix = f"{list_hash}@{sender.domain}"
        self._text = _EncodedPart("plain", rendered.text, _HOLES)
        self._html = _EncodedPart("html", rendered.html, _HOLES)
        # "=_" never occurs in quoted-printable text, so the boundary cannot clash with a part.
        boundary = f"=_{secrets.token_hex(12)}"
        self._from = _fold("From", Address(sender.name, addr_spec=sender.address))
        if sender.reply_to:
            self._from += _fold("Reply-To", sender.reply_to)
        self._subject = _fold("Subject", " ".join(rendered.subject.split()))
        self._list_id = _fold("List-Id", f"{_phrase(sender.name)} <{sender.list_id}>")
        self._tail = b"".join(
            [
                _fold("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                _fold("MIME-Version", "1.0"),
                _fold("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
            ]
        )
        self._delimiter = f"\r\n--{boundary}\r\n".encode("ascii")
        self._close = f"\r\n--{boundary}--\r\n".encode("ascii")

    def message_id(self, subscriber_id: int) -> str:
        return f"<{self.day:%Y%m%d}.{subscriber_id}.{self._id_suffix}>"

    def build(self, subscriber: Subscriber, now: datetime | None = None) -> EmailMessage:
        """The message `to_bytes` sends, parsed (for showing its headers)."""
        message = email.message_from_bytes(self.to_bytes(subscriber, now), policy=_POLICY)
        assert isinstance(message, EmailMessage)
        return message

    def to_bytes(self, subscriber: Subscriber, now: datetime | None = None) -> bytes:
        """The message as it goes over the wire: CRLF line ends, DKIM-signed when configured."""
        url, mailto = self.sender.unsubscribe_links(subscriber.id)
        links = f"<{url}>,\r\n <{mailto}>" if mailto else f"<{url}>"
        name = " ".join((subscriber.name or "").split())
        greeting = f"Hello {name}," if name else "Hello,"
        date_text = format_datetime((now or datetime.now(UTC)).astimezone(UTC))
        out = [
            self._from,
            _to_header(name, subscriber.email),
            self._subject,
            _line("Date", date_text),
            _line("Message-ID", self.message_id(subscriber.id)),
            self._list_id,
            # Written as is, one link per line: folding would break a long URL.
            f"List-Unsubscribe: {links}\r\n".encode("ascii"),
            self._tail,
            self._delimiter,  # the blank line that ends the headers, then the first part
        ]
        self._text.fill({UNSUBSCRIBE_PLACEHOLDER: url, GREETING_PLACEHOLDER: greeting}, out)
        out.append(self._delimiter)
        values = {
            UNSUBSCRIBE_PLACEHOLDER: html.escape(url, quote=True),
            GREETING_PLACEHOLDER: html.escape(greeting, quote=True),
        }
        self._html.fill(values, out)
        out.append(self._close)
        data = b"".join(out)
        return self.signer.sign(data) if self.signer else data


def _phrase(name: str) -> str:
    """A display name as a quoted string, safe in List-Id."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
