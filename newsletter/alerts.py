"""Alerts: tell the operator once when something goes wrong, and once when it is fixed.

Conditions, by key: `edition` (an edition failed or was missed; cleared by the next edition
sent) and `source:LABEL` (a source failed `alerts.source_failures` gathers in a row; cleared by
its next success). The store's alert state decides who speaks: `Store.raise_alert` is true only
for the call that turned a condition on, so a feed that stays broken for a week, or two
processes seeing the same failure, still make one alert; clearing it makes one "resolved" note.

Channels: an email to `alerts.email` through the `[smtp]` server, and/or a JSON POST to
`alerts.webhook` (`{"text", "condition", "state", "summary", "detail", "newsletter", "time"}`;
`text` makes it work as a Slack or Mattermost incoming webhook). Every alert is also logged.
URLs in an alert lose their credentials (`redact`).
When no channel took an alert, the condition is turned off again, so the next check retries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

from newsletter.config import Settings
from newsletter.deliver.errors import DeliveryError
from newsletter.deliver.smtp import Mailer, PermanentFailure, TemporaryFailure
from newsletter.logs import log_event
from newsletter.redact import redact
from newsletter.store import Store

__all__ = ["Alerter", "edition_key", "source_key"]

log = logging.getLogger("newsletter.alerts")
EDITION = "edition"
WEBHOOK_TIMEOUT = 10.0


def edition_key() -> str:
    return EDITION


def source_key(label: str) -> str:
    return f"source:{label}"


class Alerter:
    """Raises and clears alert conditions, and delivers what changed."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.transport = transport

    def problem(self, key: str, summary: str, detail: str) -> bool:
        """Turn `key` on; deliver the alert only if it was off. True when it was delivered."""
        summary, detail = redact(summary), redact(detail)
        if not self.store.raise_alert(key, summary, self.clock()):
            log_event(log, "alert.held", condition=key, reason="already raised")
            return False
        delivered = self._deliver(key, "problem", summary, detail)
        if not delivered:
            self.store.clear_alert(key, self.clock())  # so the next check tries again
        return delivered

    def resolved(self, key: str, summary: str) -> bool:
        """Turn `key` off; deliver a "resolved" note only if it was on."""
        summary = redact(summary)
        if not self.store.clear_alert(key, self.clock()):
            return False
        return self._deliver(key, "resolved", summary, "")

    # -- channels ----------------------------------------------------------------------------

    def _deliver(self, key: str, state: str, summary: str, detail: str) -> bool:
        alerts = self.settings.alerts
        level = logging.ERROR if state == "problem" else logging.INFO
        log_event(log, f"alert.{state}", level, condition=key, summary=summary)
        channels: list[tuple[str, Callable[[], None]]] = []
        if alerts.email:
            channels.append(("email", lambda: self._email(state, summary, detail)))
        if alerts.webhook:
            channels.append(("webhook", lambda: self._webhook(key, state, summary, detail)))
        if not channels:
            log_event(log, "alert.nowhere", logging.WARNING, condition=key,
                      hint="set alerts.email or alerts.webhook to be told")
            return True  # the log line is the alert
        delivered = False
        for name, send in channels:
            try:
                send()
            except (OSError, httpx.HTTPError, DeliveryError, PermanentFailure,
                    TemporaryFailure) as exc:
                log_event(log, "alert.undelivered", logging.ERROR, condition=key, channel=name,
                          error=f"{type(exc).__name__}: {exc}")
            else:
                delivered = True
                log_event(log, "alert.delivered", condition=key, channel=name, state=state)
        return delivered

    def _email(self, state: str, summary: str, detail: str) -> None:
        """Through the delivery package's SMTP client, on a thread of its own (alerts are raised
        from inside a running edition's event loop)."""
        sender = self.settings.sender.from_address or f"newsletter@{self.settings.smtp.host}"
        message = EmailMessage()
        prefix = "[resolved]" if state == "resolved" else "[alert]"
        message["Subject"] = f"{prefix} {self.settings.name}: {summary}"
        message["From"] = sender
        message["To"] = self.settings.alerts.email
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(f"{summary}\n\n{detail}".strip() + "\n")

        async def send() -> None:
            async with Mailer(self.settings.smtp) as mailer:
                await mailer.send(sender, str(self.settings.alerts.email), message.as_bytes())

        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, send()).result()

    def _webhook(self, key: str, state: str, summary: str, detail: str) -> None:
        assert self.settings.alerts.webhook is not None
        url = self.settings.alerts.webhook.get_secret_value()
        mark = "Resolved" if state == "resolved" else "Alert"
        body = {
            "text": f"{mark}: {self.settings.name}: {summary}" + (f"\n{detail}" if detail else ""),
            "condition": key,
            "state": state,
            "summary": summary,
            "detail": detail,
            "newsletter": self.settings.name,
            "time": self.clock().isoformat(),
        }
        with httpx.Client(timeout=WEBHOOK_TIMEOUT, transport=self.transport) as client:
            response = client.post(url, json=body)
        if response.status_code >= 300:
            # the URL is a secret: name only the status
            raise httpx.HTTPStatusError(
                f"the webhook answered HTTP {response.status_code}",
                request=response.request,
                response=response,
            )
