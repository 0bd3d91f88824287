"""Structured log lines: `event key=value ...` (logfmt), one line per step.

The scheduler, the whole-day run and the alerts log through `log_event`, so every line can be
grepped by event name and date. Values are quoted when they hold spaces; callers pass counts and
names, never settings, and any URL in a value loses its credentials (`redact`), so no secret
reaches a log line.
"""

from __future__ import annotations

import logging
from typing import Any

from newsletter.redact import redact

__all__ = ["log_event"]


def _value(value: Any) -> str:
    text = redact(str(value))
    if not text or any(c in text for c in ' ="\n'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return text


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log `event key=value ...`; fields whose value is None are left out."""
    if logger.isEnabledFor(level):
        pairs = " ".join(f"{k}={_value(v)}" for k, v in fields.items() if v is not None)
        logger.log(level, f"{event} {pairs}".rstrip())
