"""The plain pages of the public endpoint (unsubscribe, sign-up): one small HTML frame, no
scripts, no external resources."""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse

__all__ = ["page"]

FRAME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; \
padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.4rem">{title}</h1>
{body}
</body></html>
"""


def page(
    title: str, body: str, status_code: int = 200, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """A page with `title` (escaped here) and `body` (HTML the caller escaped)."""
    return HTMLResponse(
        FRAME.format(title=html.escape(title), body=body), status_code, headers=headers
    )
