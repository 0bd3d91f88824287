"""What can stop a delivery run. A single recipient's failure never raises: it is recorded in
the ledger and the run report.

    DeliveryError
    ├── DeliveryConfigError   the [sender], [smtp] or [dkim] settings are incomplete or wrong
    ├── EditionNotFound       the date has no rendered edition to send
    ├── ChecksFailed          the edition fails its pre-send checks (sent only when forced)
    └── SMTPUnavailable       the SMTP server cannot be reached or refuses the login
"""

from __future__ import annotations

__all__ = [
    "ChecksFailed",
    "DeliveryConfigError",
    "DeliveryError",
    "EditionNotFound",
    "SMTPUnavailable",
]


class DeliveryError(Exception):
    """A delivery run cannot go on; the message says how to fix it."""


class DeliveryConfigError(DeliveryError):
    """The settings needed to send are missing or wrong."""


class EditionNotFound(DeliveryError):
    """There is no rendered edition for the date."""


class ChecksFailed(DeliveryError):
    """The edition fails a pre-send check; `--force` sends it anyway."""


class SMTPUnavailable(DeliveryError):
    """The SMTP server cannot be reached, or refuses the login, after the retries."""
