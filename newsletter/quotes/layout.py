"""Paragraphs and sentences of an article whose quotes are masked.

Owns: where sentences start (full stops that are not abbreviations, and quotes that end in a
full stop), and looking up the paragraph or sentence around an offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from .cues import CueIndex
from .marks import QuotedSpan

__all__ = ["Layout"]

_BOUNDARY_RE = re.compile(r"[.!?][\"”’')\]]*[ \t\u00a0]+(?=[\x01A-Z\"“‘(\[])")
_ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Sgt|Capt|Adm|Maj|Prof|Rev|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|vs|Inc|Corp|Co|Ft|Mt|Gens|Sens|Reps|Ret|Del)|"
    r"[A-Z]\.[A-Z])$"
)
_AFTER_QUOTE_RE = re.compile(r"[ \t\u00a0]+(?=[\x01A-Z])")
_STOP_RE = re.compile(r"[.!?]\s")
_BLANK_RE = re.compile(r"\s")
MAX_SENTENCE_CHARS = 2000
"""A run longer than this with no sentence end (a list, or hostile text) is read in pieces
that start at a blank, so that the work per quote stays bounded."""


class Layout:
    """The text, the masked text (quotes replaced by a filler of equal length), paragraphs,
    quoted spans and sentence starts of one article."""

    def __init__(
        self, text: str, masked: str, paragraphs: list[tuple[int, int]], spans: list[QuotedSpan]
    ) -> None:
        self.text = text
        self.masked = masked
        self.paragraphs = paragraphs
        self.paragraph_starts = [start for start, _ in paragraphs]
        self.spans = spans
        self.starts = self._sentence_starts()
        self.cues = CueIndex(masked)

    def _sentence_starts(self) -> list[int]:
        starts = list(self.paragraph_starts)
        # One pass over the whole text: a boundary never spans a line break.
        for match in _BOUNDARY_RE.finditer(self.masked):
            start = self.paragraph_starts[bisect_right(self.paragraph_starts, match.start()) - 1]
            if not self._abbreviation_at(start, match.start()):
                starts.append(match.end())
        for span in self.spans:
            if span.closed and self.text[span.end - 1 : span.end] in ".!?":
                after = _AFTER_QUOTE_RE.match(self.masked, span.mark_end, span.mark_end + 4)
                if after:
                    starts.append(after.end())
        return _in_pieces(sorted(set(starts)), self.masked)

    def ends_sentence(self, start: int, end: int) -> bool:
        """Whether a sentence ends between `start` and `end`: a full stop, question or
        exclamation mark and a space, not the full stop of an abbreviation ("Mrs. Ruiz")."""
        return any(
            not self._abbreviation_at(start, stop.start())
            for stop in _STOP_RE.finditer(self.masked, start, end)
        )

    def _abbreviation_at(self, floor: int, stop: int) -> bool:
        """Whether the full stop at `stop` ends an abbreviation (read no further back than
        `floor`)."""
        return _ABBREVIATION_RE.search(self.masked, max(floor, stop - 6), stop) is not None

    def paragraph_index(self, position: int) -> int:
        return max(bisect_right(self.paragraph_starts, position) - 1, 0)

    def paragraph(self, position: int) -> tuple[int, int]:
        return self.paragraphs[self.paragraph_index(position)]

    def sentence_index(self, position: int) -> int:
        return max(bisect_right(self.starts, position) - 1, 0)

    def sentence(self, position: int) -> tuple[int, int]:
        starts = self.starts
        index = bisect_right(starts, position) - 1
        if index < 0:
            index = 0
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        paragraph = bisect_right(self.paragraph_starts, position) - 1
        paragraph_end = self.paragraphs[paragraph if paragraph > 0 else 0][1]
        return starts[index], end if end < paragraph_end else paragraph_end


def _in_pieces(starts: list[int], masked: str) -> list[int]:
    """`starts` with more starts inside every sentence longer than MAX_SENTENCE_CHARS."""
    bounds = [*starts, len(masked)]
    pieces = []
    for start, end in pairwise(bounds):
        pieces.append(start)
        while end - start > MAX_SENTENCE_CHARS:
            blank = _BLANK_RE.search(masked, start + MAX_SENTENCE_CHARS, end)
            if blank is None:
                break
            start = blank.end()
            pieces.append(start)
    return pieces
