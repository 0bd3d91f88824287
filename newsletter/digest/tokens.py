"""Counting tokens and cutting an article to fit `llm.max_input_tokens`.

tiktoken counts exactly for the OpenAI models it knows, when it is installed and its vocabulary
is at hand; every other model (local ones included) gets an estimate of one token per four
characters, rounded up, which errs on the long side for English prose.

An article that is too long keeps its lead and the paragraphs that hold the candidate quotes,
then as many of the other paragraphs, in order, as fit; cuts are marked with "[…]".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from newsletter.models import Quote

__all__ = ["count_tokens", "fit_article"]

CHARS_PER_TOKEN = 4
CUT_MARK = "[…]"
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")


@lru_cache(maxsize=32)
def _encoder(model: str) -> Callable[[str], list[int]] | None:
    try:
        import tiktoken

        return tiktoken.encoding_for_model(model).encode
    except Exception:  # not installed, unknown model, or its vocabulary cannot be fetched
        return None


def count_tokens(text: str, model: str | None = None) -> int:
    """Tokens in `text` for `model`: exact where tiktoken knows the model, else estimated."""
    encode = _encoder(model) if model else None
    if encode is not None:
        return len(encode(text))
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def fit_article(
    text: str, quotes: Sequence[Quote], max_tokens: int, model: str | None = None
) -> str:
    """`text` cut to at most `max_tokens`: the lead first, then quoted paragraphs, then the rest."""
    if count_tokens(text, model) <= max_tokens:
        return text
    spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    quoted = {
        i for i, (start, end) in enumerate(spans) for q in quotes if start < q.end and q.start < end
    }
    order = [0, *sorted(quoted - {0}), *(i for i in range(1, len(spans)) if i not in quoted)]
    kept: set[int] = set()
    used = 0
    for i in order:
        paragraph = text[spans[i][0] : spans[i][1]].strip()
        cost = count_tokens(paragraph, model) + 2
        if used + cost > max_tokens:
            if i == 0:  # even the lead is too long: keep its beginning
                return paragraph[: max_tokens * CHARS_PER_TOKEN].rsplit(" ", 1)[0] + " " + CUT_MARK
            continue
        kept.add(i)
        used += cost
    pieces: list[str] = []
    for i in range(len(spans)):
        if i in kept:
            pieces.append(text[spans[i][0] : spans[i][1]].strip())
        elif not pieces or pieces[-1] != CUT_MARK:
            pieces.append(CUT_MARK)
    return "\n\n".join(pieces)
