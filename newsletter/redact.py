"""Credentials taken out of URLs in text meant for people: log lines, alerts, run reports.

A URL keeps its scheme, host, port and path, so the reader still sees where it pointed; a
user name and password become `***@`, and the values of query parameters whose name says they
hold a secret (key, token, secret, password, signature, auth…) become `***`. Every URL in a
text is found, whatever its scheme (`postgresql+psycopg://user:pw@db/news` too).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["RedactingFilter", "redact", "redact_url"]

MASK = "***"
_URL = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s'\"<>`]+", re.IGNORECASE)
_SECRET_NAME = re.compile(
    r"key|token|secret|passw|pwd|sig|auth|credential|session|code", re.IGNORECASE
)


def redact_url(url: str) -> str:
    """`url` without a user name, a password or secret query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _URL.sub(MASK, url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_SECRET_NAME.search(name) for name, _ in pairs):
            query = urlencode(
                [(n, MASK if _SECRET_NAME.search(n) else v) for n, v in pairs], safe="*"
            )
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def redact(text: str) -> str:
    """`text` with every URL in it redacted."""
    if "://" not in text:
        return text
    return _URL.sub(lambda match: redact_url(match.group(0)), text)


class RedactingFilter(logging.Filter):
    """A handler filter that redacts the URLs of every record it passes on."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if (clean := redact(message)) != message:
            record.msg, record.args = clean, None
        return True
