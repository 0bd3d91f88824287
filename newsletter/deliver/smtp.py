"""Talking to the SMTP server: one connection, reused for `smtp.messages_per_connection`
messages, STARTTLS or implicit TLS, login, a per-process rate limit, and the meaning of each
reply.

aiosmtplib, because sending waits on the network and the rest of the project is asyncio: a
send runs inside the scheduler's or the web server's event loop without a thread of its own,
with a timeout on every command.

A transaction ends in one of three ways for the recipient: accepted (250), a temporary
failure (a 4xx reply, or the connection dropped or timed out: retried with backoff), or a
permanent failure (a 5xx reply: not retried; 550, 551 and 553 to RCPT TO mean the address
does not exist, and the subscriber is marked bounced). Problems that would fail every
recipient alike (cannot connect, login refused, sender refused) stop the run with
`SMTPUnavailable`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
import time
from dataclasses import dataclass

import aiosmtplib

from newsletter.config import SMTPSettings
from newsletter.deliver.errors import SMTPUnavailable

__all__ = ["BOUNCE_CODES", "Mailer", "PermanentFailure", "RateLimiter", "TemporaryFailure"]

BOUNCE_CODES = frozenset({550, 551, 553})
_LINE_ENDS = re.compile(rb"\r\n|\n|\r(?!\n)")


@dataclass
class TemporaryFailure(Exception):
    """Worth trying again later: a 4xx reply or a lost connection."""

    code: int | None
    reason: str
    connecting: bool = False  # the connection could not even be opened

    def __str__(self) -> str:
        return f"{self.code} {self.reason}" if self.code else self.reason


@dataclass
class PermanentFailure(Exception):
    """A 5xx reply: this message will not be accepted for this recipient."""

    code: int
    reason: str
    bounced: bool = False  # the address itself was refused (550/551/553 to RCPT TO)

    def __str__(self) -> str:
        return f"{self.code} {self.reason}"


class RateLimiter:
    """At most `rate` calls of `wait` per second (0 = no limit), evenly spaced."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self._next > now:
            await asyncio.sleep(self._next - now)
        self._next = max(now, self._next) + self.interval


def _reply(exc: aiosmtplib.SMTPResponseException) -> str:
    return " ".join(str(exc.message).split())[:300]


def wire_size(data: bytes) -> int:
    """The size of a message as DATA transmits it (RFC 1870): CRLF line ends, a final CRLF.
    Counted without copying when the line ends are CRLF already, as the messages built here."""
    crlf = data.count(b"\r\n")
    if not (data.count(b"\n") == crlf == data.count(b"\r")):
        data = _LINE_ENDS.sub(b"\r\n", data)
    return len(data) if data.endswith(b"\r\n") else len(data) + 2


class Mailer:
    """One SMTP connection, opened on first use and reused; `async with` closes it."""

    def __init__(self, settings: SMTPSettings) -> None:
        self.settings = settings
        self._client: aiosmtplib.SMTP | None = None
        self._used = 0
        self._tls = ssl.create_default_context()
        if settings.ca_file is not None:
            try:
                self._tls.load_verify_locations(cafile=str(settings.ca_file))
            except (OSError, ssl.SSLError) as exc:
                raise SMTPUnavailable(
                    f"smtp.ca_file: cannot load {settings.ca_file} as a PEM certificate: {exc}"
                ) from exc
        self.rate = RateLimiter(settings.rate_limit)

    async def __aenter__(self) -> Mailer:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            timeout=s.timeout,
            use_tls=s.security == "tls",
            start_tls=s.security == "starttls",
            tls_context=self._tls if s.security != "none" else None,
            username=s.username,
            password=s.password.get_secret_value() if s.password else None,
        )
        try:
            await client.connect()
            if client.is_ehlo_or_helo_needed:  # so the extensions (SIZE) are known
                try:
                    await client.ehlo()
                except aiosmtplib.SMTPHeloError:
                    await client.helo()
        except aiosmtplib.SMTPAuthenticationError as exc:
            client.close()
            raise SMTPUnavailable(
                f"the SMTP server {self.where} refused the login of {s.username!r} "
                f"({exc.code} {_reply(exc)}): check smtp.username and smtp.password"
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            client.close()
            if 400 <= exc.code < 500:
                raise TemporaryFailure(exc.code, _reply(exc), connecting=True) from exc
            raise SMTPUnavailable(
                f"the SMTP server {self.where} refused the connection: {exc.code} {_reply(exc)}"
            ) from exc
        except ssl.SSLError as exc:
            client.close()
            raise SMTPUnavailable(
                f"TLS with {self.where} failed ({exc}): check smtp.security, smtp.port, and "
                "smtp.ca_file for a relay with a private certificate"
            ) from exc
        except aiosmtplib.SMTPException as exc:
            client.close()
            if isinstance(exc, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPTimeoutError):
                reason = f"cannot connect to {self.where}: {exc}"
                raise TemporaryFailure(None, reason, connecting=True) from exc
            if isinstance(exc, aiosmtplib.SMTPServerDisconnected):
                reason = f"{self.where} closed the connection"
                raise TemporaryFailure(None, reason, connecting=True) from exc
            raise SMTPUnavailable(
                f"cannot use the SMTP server {self.where}: {exc} (check smtp.security: "
                "starttls, tls or none)"
            ) from exc
        except OSError as exc:
            client.close()
            raise TemporaryFailure(None, f"cannot connect to {self.where}: {exc}", True) from exc
        return client

    async def close(self) -> None:
        client, self._client, self._used = self._client, None, 0
        if client is None:
            return
        try:
            if client.is_connected:
                await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            pass
        finally:
            client.close()

    async def send(self, sender: str, recipient: str, data: bytes) -> None:
        """Send one message; raises TemporaryFailure, PermanentFailure or SMTPUnavailable."""
        if self._client is None or not self._client.is_connected:
            await self.close()
            self._client = await self._connect()
        await self.rate.wait()
        try:
            await self._transaction(self._client, sender, recipient, data)
        except aiosmtplib.SMTPRecipientRefused as exc:
            self._after_error(exc.code)
            raise self._failure(exc.code, _reply(exc), rcpt=True) from exc
        except aiosmtplib.SMTPSenderRefused as exc:
            self._after_error(exc.code)
            if exc.code >= 500:
                raise SMTPUnavailable(
                    f"the SMTP server {self.where} refuses the sender {sender}: {exc.code} "
                    f"{_reply(exc)}; check sender.from_address"
                ) from exc
            raise TemporaryFailure(exc.code, _reply(exc)) from exc
        except aiosmtplib.SMTPResponseException as exc:
            self._after_error(exc.code)
            raise self._failure(exc.code, _reply(exc), rcpt=False) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:  # dropped, timed out
            await self.close()
            raise TemporaryFailure(None, f"connection lost: {exc}") from exc
        self._used += 1
        if self._used >= self.settings.messages_per_connection:
            await self.close()

    @staticmethod
    async def _transaction(
        client: aiosmtplib.SMTP, sender: str, recipient: str, data: bytes
    ) -> None:
        """MAIL, RCPT and DATA for one recipient, as `sendmail` would send them, but with the
        SIZE counted here: `data` goes through the line-end rewrite of the library only once.
        A refusal resets the envelope (RSET), so the connection can carry the next message."""
        options = [f"SIZE={wire_size(data)}"] if client.supports_extension("size") else []
        try:
            await client.mail(sender, options=options)
            await client.rcpt(recipient)
            await client.data(data)
        except (aiosmtplib.SMTPResponseException, ValueError):
            with contextlib.suppress(ConnectionError, aiosmtplib.SMTPResponseException):
                await client.rset()
            raise

    def _after_error(self, code: int) -> None:
        if code == 421 and self._client is not None:  # the server is closing the connection
            self._client.close()

    @staticmethod
    def _failure(code: int, reason: str, *, rcpt: bool) -> Exception:
        if code >= 500:
            return PermanentFailure(code, reason, bounced=rcpt and code in BOUNCE_CODES)
        return TemporaryFailure(code, reason)
