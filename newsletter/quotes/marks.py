"""Pairing quote marks into quoted spans, paragraph by paragraph, in one linear pass.

Owns: which characters are quote marks (and which are apostrophes), whether a mark opens or
closes (decided by what surrounds it, not by its glyph, since real text uses the wrong curly
mark often enough), nesting, quotes running over several paragraphs, and the unbalanced marks
that are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuotedSpan", "find_paragraphs", "find_spans", "only_blanks"]

_MARK_RE = re.compile(
    r"[\"“”„‟«»'‘’‚‛`]"  # one character class first: the search skips to these quickly
    r"(?:(?<=')'|(?<=`)`"  # '' and ``
    r"|(?<=[\"“”„‟«»])"
    r"|(?<=['‘’‚‛])(?<![^\W_].)|(?<=['‘’‚‛])(?![^\W_]))"
)
"""A quote mark: '' and `` count as double marks; a single mark between two letters or digits
(don’t) is an apostrophe and not matched at all."""
_SINGLE_MARKS = "'‘’‚‛"
_WEAK_AFTER_RE = re.compile(r"[ \t]+[a-z]")
_PARAGRAPH_RE = re.compile(r"[^\r\n]+")
_OPEN_AFTER = set("([{—–-―/:;") | set("\"“”„‟«»'‘’‚‛`")
_CLOSE_BEFORE = set(")]}.,;:!?—–-―…/") | set("\"“”„‟«»'‘’‚‛`")
_ELISIONS = ("em ", "til ", "cause ", "n ", "n’", "n'", "tis ", "twas ", "bout ", "round ")
_LABEL_RE = re.compile(r"([A-Z][A-Z.’' -]{1,40}[A-Z.]):\s+")


@dataclass
class QuotedSpan:
    """The words between a pair of quote marks (or between an opening mark and the end of its
    paragraph when the quote goes on in the next paragraph)."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    paragraph: int
    chain: int
    closed: bool
    label: str | None = None


@dataclass
class _Opener:
    at: int
    end: int
    double: bool
    parent: _Opener | None
    alive: bool = False
    close_at: int = -1
    close_end: int = -1


def find_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: any of \\n, \\r\\n and \\r ends a paragraph."""
    return [m.span() for m in _PARAGRAPH_RE.finditer(text) if not m.group().isspace()]


def _blank(ch: str) -> bool:
    return ch == "" or ch.isspace() or ord(ch) < 32


def _role(text: str, start: int, end: int, double: bool) -> str | None:
    """'open', 'close', 'either' (context does not tell) or None (an apostrophe)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    blank_before = before == "" or before.isspace() or before < " "
    blank_after = after == "" or after.isspace() or after < " "
    opens = (blank_before or before in _OPEN_AFTER) and not blank_after
    closes = (blank_after or after in _CLOSE_BEFORE) and not blank_before
    if double:
        if opens == closes:
            mark = text[start:end]
            return "open" if mark in "“„«``" else "close" if mark in "”‟»" else "either"
        return "open" if opens else "close"
    if before.isalnum() and after.isalnum():
        return None
    if opens and not closes:
        rest = text[end : end + 5].lower()
        if after.isdigit() or rest.startswith(_ELISIONS):
            return None
        return "open"
    if closes and not opens:
        return "close"
    return None


def _weak_single_close(text: str, start: int, end: int) -> bool:
    """A closing single mark that may well be a plural possessive (the players' union)."""
    return text[start - 1 : start] == "s" and bool(_WEAK_AFTER_RE.match(text[end : end + 3]))


def _opens_paragraph(text: str, span: tuple[int, int], double: bool) -> bool:
    start, end = span
    stripped = start + len(text[start:end]) - len(text[start:end].lstrip())
    match = _MARK_RE.match(text, stripped)
    if not match:
        return False
    is_double = match.group() not in _SINGLE_MARKS
    return is_double == double and _role(text, *match.span(), is_double) in ("open", "either")


def _scan_paragraph(text: str, marks: list[tuple[int, int]]) -> tuple[list[_Opener], list[_Opener]]:
    """Pair the marks of one paragraph; return (closed pairs, openers left unclosed)."""
    scanned = []
    for mark_start, mark_end in marks:
        double = not (mark_end - mark_start == 1 and text[mark_start] in _SINGLE_MARKS)
        role = _role(text, mark_start, mark_end, double)
        if role is not None:
            scanned.append((mark_start, mark_end, double, role))
    strong_single_closes = [
        s
        for s, e, double, role in scanned
        if not double and role == "close" and not _weak_single_close(text, s, e)
    ]
    closed: list[_Opener] = []
    stack: list[_Opener] = []
    for mark_start, mark_end, double, role in scanned:
        target = _find_open(stack, double)
        if role == "either":
            role = "close" if target is not None else "open"
        if role == "open":
            parent = stack[-1] if stack else None
            stack.append(_Opener(mark_start, mark_end, double, parent))
            continue
        if target is None:
            continue
        if (
            not double
            and _weak_single_close(text, mark_start, mark_end)
            and any(s > mark_start for s in strong_single_closes)
        ):
            continue
        while stack[-1] is not target:
            stack.pop()
        stack.pop()
        target.alive = True
        target.close_at, target.close_end = mark_start, mark_end
        closed.append(target)
    return closed, stack


def _marks_by_paragraph(
    text: str, paragraphs: list[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """The (start, end) of every quote mark, one list per paragraph, found in one pass."""
    found: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    index = 0
    for match in _MARK_RE.finditer(text):
        start = match.start()
        while paragraphs[index][1] <= start:
            index += 1
        marks = found[index]
        if (
            match.group() == "'"
            and marks
            and marks[-1] == (start - 2, start)
            and text[start - 2 : start] == "''"
            and _blank_or_mark(text, match.end())
        ):  # three marks that close: a nested quote's single mark, then the double one
            marks[-1] = (start - 2, start - 1)
            marks.append((start - 1, start + 1))
            continue
        marks.append(match.span())
    return found


def _blank_or_mark(text: str, position: int) -> bool:
    """Whether `position` is the end of the text, a blank or a closing punctuation mark."""
    return position >= len(text) or text[position].isspace() or text[position] in _CLOSE_BEFORE


def _find_open(stack: list[_Opener], double: bool) -> _Opener | None:
    """The opener a closing mark of this kind would close: doubles may close over unclosed
    singles (stray apostrophes), singles only close a single on top of the stack."""
    for opener in reversed(stack):
        if opener.double == double:
            return opener
        if not double:
            return None
    return None


def _top_level(opener: _Opener) -> bool:
    parent = opener.parent
    while parent is not None:
        if parent.alive:
            return False
        parent = parent.parent
    return True


def _content(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Strip surrounding blanks and a transcript label (`SPEAKER: words`) from a quote's content."""
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    label = _LABEL_RE.match(text, start, end)
    if label and end - label.end() > 0:
        return label.end(), end, label.group(1)
    return start, end, None


_BLANKS_RE = re.compile(r"\s*")


def only_blanks(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds nothing but blanks, read no further than its first other
    character (a quote deep in a long paragraph costs no copy of what comes before it)."""
    match = _BLANKS_RE.match(text, start, end)
    return match is not None and match.end() == end


def find_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuotedSpan]:
    """Every top-level quoted span of the text, ordered by position."""
    spans: list[QuotedSpan] = []
    chain_of_previous: int | None = None
    next_chain = 0
    for index, ((p_start, p_end), marks) in enumerate(
        zip(paragraphs, _marks_by_paragraph(text, paragraphs), strict=True)
    ):
        if not marks:
            chain_of_previous = None
            continue
        closed, unclosed = _scan_paragraph(text, marks)
        continued: _Opener | None = None
        if unclosed and index + 1 < len(paragraphs):
            bottom = unclosed[0]
            if _opens_paragraph(text, paragraphs[index + 1], bottom.double):
                continued = bottom
                continued.alive = True
                continued.close_at = continued.close_end = p_end
        first_at = min([o.at for o in closed] + ([continued.at] if continued else []), default=-1)
        continued_chain: int | None = None
        for opener in sorted(closed + ([continued] if continued else []), key=lambda o: o.at):
            if not _top_level(opener):
                continue
            start, end, label = _content(text, opener.end, opener.close_at)
            if end <= start:
                continue
            if (
                opener.at == first_at
                and chain_of_previous is not None
                and only_blanks(text, p_start, opener.at)  # it opens the paragraph
            ):
                chain = chain_of_previous
            else:
                chain, next_chain = next_chain, next_chain + 1
            if opener is continued:
                continued_chain = chain
            spans.append(
                QuotedSpan(
                    start,
                    end,
                    opener.at,
                    opener.close_end,
                    index,
                    chain,
                    opener is not continued,
                    label,
                )
            )
        chain_of_previous = continued_chain
    return spans
