"""Fetching one URL for a web source: the only place the sources talk HTTP.

`fetch_url` follows redirects hop by hop (the source's client checks each hop's address, see
`addresses`), decodes the body itself within the size cap (see `decoding`), keeps within the
source's time budget, and turns every way a request can fail (DNS, refused connection or
address, timeout, HTTP error status, oversize body, redirect loop) into a `SourceError` whose
message says what happened and, where it can, what to do.
Also here: the `WebUrl` option type and the host+path label that web sources are known by.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator

from newsletter.gather.addresses import RefusedAddress
from newsletter.gather.base import GatherContext, SourceError
from newsletter.gather.decoding import ACCEPT_ENCODING, BodyTooLarge, BoundedDecoder

__all__ = [
    "FetchedResponse",
    "OutOfTime",
    "WebUrl",
    "check_web_url",
    "connect_error_message",
    "fetch_url",
    "human_size",
    "status_message",
    "url_label",
]


def check_web_url(url: str) -> str:
    """`url` without surrounding blanks, if it is an absolute http(s) URL; else ValueError."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


WebUrl = Annotated[str, AfterValidator(check_web_url)]
"""A source option holding an absolute http:// or https:// URL."""


def url_label(url: str) -> str:
    """A short human name for a URL: host and path, without scheme or trailing slash."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path}".rstrip("/") or url


def human_size(n: int) -> str:
    """A byte count the way people write it: 5 MB, 250 kB, 900 bytes."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.3g} MB"
    if n >= 1_000:
        return f"{n / 1_000:.3g} kB"
    return f"{n} bytes"


@dataclass(frozen=True)
class FetchedResponse:
    """A response read to the end: 2xx, or 304 Not Modified (whose body is empty)."""

    status: int
    url: str
    headers: httpx.Headers
    body: bytes
    charset: str | None

    @property
    def content_type(self) -> str:
        """The media type, lower-case, without parameters ("" when the server sent none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class OutOfTime(SourceError):
    """The source's wall-time budget (`fetch.max_seconds`) ran out before this fetch ended."""


async def fetch_url(
    ctx: GatherContext,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: dict[str, str] | None = None,
) -> FetchedResponse:
    """GET `url` with `ctx.http`, following redirects hop by hop (each hop's address is checked
    by the client), within `timeout` seconds overall and the source's time budget, reading at
    most `max_bytes` of decoded body. Any failure raises `SourceError` (`OutOfTime` when the
    budget ran out); 304 does not."""
    try:
        check_web_url(url)
    except ValueError as exc:
        raise SourceError(str(exc)) from None
    limit = ctx.budget.timeout(timeout)
    if limit <= 0:
        raise OutOfTime(_out_of_time_message(ctx))
    request_headers = {
        "User-Agent": ctx.user_agent,
        "Accept-Encoding": ACCEPT_ENCODING,
        **(headers or {}),
    }
    try:
        async with asyncio.timeout(limit):
            return await _get(ctx, url, request_headers, limit, max_bytes)
    except (TimeoutError, httpx.TimeoutException):
        if limit < timeout:
            raise OutOfTime(_out_of_time_message(ctx)) from None
        raise SourceError(
            f"no answer within {timeout:g} s; the site may be down or slow "
            "(raise timeout to wait longer)"
        ) from None
    except BodyTooLarge as exc:
        raise SourceError(_oversize_message(exc.max_bytes, exc.decompressed)) from None
    except httpx.ConnectError as exc:
        raise SourceError(connect_error_message(url, exc)) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise SourceError(f"cannot follow the URL: {exc}") from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise SourceError(f"the connection failed while reading the answer: {reason}") from None


async def _get(
    ctx: GatherContext, url: str, headers: dict[str, str], timeout: float, max_bytes: int
) -> FetchedResponse:
    client = ctx.http
    request = client.build_request("GET", url, headers=headers, timeout=timeout)
    for _ in range(client.max_redirects + 1):
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except RefusedAddress as exc:
            hop = str(request.url)
            where = url if hop == url else f"the redirect from {url} to {hop}"
            raise SourceError(f"refused to fetch {where}: {exc}") from None
        try:
            if response.next_request is None:
                return await _read(ctx, response, max_bytes)
        finally:
            await response.aclose()
        request = response.next_request
    raise SourceError(
        f"too many redirects (more than {client.max_redirects}); "
        "the URL redirects in a loop, check it in a browser"
    )


async def _read(ctx: GatherContext, response: httpx.Response, max_bytes: int) -> FetchedResponse:
    """The answer's body, decoded within `max_bytes`."""
    if response.status_code >= 400:
        raise SourceError(status_message(response.status_code, response.reason_phrase))
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(max_bytes, decompressed=False)
    decoder = BoundedDecoder(
        response.headers.get("content-encoding", ""),
        max_bytes=max_bytes,
        max_layers=ctx.budget.limits.max_content_encodings,
    )
    chunks = [decoder.feed(raw) async for raw in response.aiter_raw()]
    chunks.append(decoder.flush())
    return FetchedResponse(
        status=response.status_code,
        url=str(response.url),
        headers=response.headers,
        body=b"".join(chunks),
        charset=response.charset_encoding,
    )


def status_message(status: int, reason: str | None = None) -> str:
    """What an HTTP error status means for the reader of a report: "HTTP 404 Not Found; ..."."""
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Error"
    head = f"HTTP {status} {reason}"
    if status in (401, 403):
        return f"{head}; the site refuses the request (it may need a login or block robots)"
    if status in (404, 410):
        return f"{head}; the address is gone, check the URL"
    if status == 429:
        return f"{head}; the site is rate-limiting, try again later"
    if status >= 500:
        return f"{head}; the site has a problem, usually temporary"
    return head


def connect_error_message(url: str, exc: BaseException) -> str:
    """Why a connection could not be made: a host name that does not resolve, or the reason the
    operating system gave (refused, unreachable...)."""
    parts = urlsplit(url)
    host = parts.hostname or url
    cause: BaseException | None = exc
    reason = str(exc)
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return f"host {host} not found (DNS lookup failed); check the URL"
        if isinstance(cause, OSError) and cause.strerror:
            reason = cause.strerror
        cause = cause.__cause__ or cause.__context__
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"cannot connect to {host}:{port} ({reason.lower()}); the site may be down"


def _oversize_message(max_bytes: int, decompressed: bool = False) -> str:
    once = " once decompressed" if decompressed else ""
    return (
        f"body larger than {human_size(max_bytes)} limit{once}; "
        "raise max_bytes if this source is really that large"
    )


def _out_of_time_message(ctx: GatherContext) -> str:
    return (
        f"this source's time budget ({ctx.budget.limits.max_seconds:g} s, fetch.max_seconds) "
        "ran out; raise it if the source is slow but worth waiting for"
    )
