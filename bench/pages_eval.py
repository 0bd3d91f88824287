"""Measure HTML extraction on real news pages against their human-written main text.

Usage: python bench/pages_eval.py PAGES_DIR

PAGES_DIR holds `ground-truth.json` ({id: {"articleBody", "url"}}) and `html/<id>.html.gz`,
the layout of the pages evaluation set. Each page goes through the extraction the `page` and
feed sources use (`decode`, then `extract_html`), and the report gives per page and in all:

- word precision and recall of the extracted text against the ground truth (bags of words:
  boilerplate kept lowers precision, body text lost lowers recall);
- quoted runs kept: every run between quotation marks in the ground truth must survive
  extraction verbatim (spaces and apostrophe forms aside), since quotes are printed verbatim;
- the quote finder on the extracted text against the finder on the ground truth: the quotes
  (same words, same speaker) found on both, so extraction costs no quote and no speaker.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from newsletter.gather.extract import decode, extract_html
from newsletter.quotes import find

_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _bag(text: str) -> Counter[str]:
    return Counter(_norm(text).lower().split())


def _quotes(text: str) -> Counter[tuple[str, str | None]]:
    return Counter((_norm(q.text), q.speaker) for q in find(text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, help="folder with ground-truth.json and html/")
    args = parser.parse_args()
    truth = json.loads((args.pages / "ground-truth.json").read_text(encoding="utf-8"))
    totals: Counter[str] = Counter()
    print(f"{'page':<14}{'word P':>8}{'word R':>8}{'quoted runs':>13}{'quotes kept':>13}")
    for page_id, row in sorted(truth.items()):
        raw = gzip.decompress((args.pages / "html" / f"{page_id}.html.gz").read_bytes())
        html, _ = decode(raw)
        text = extract_html(html, url=row.get("url")).text or ""
        body = row["articleBody"]
        gold, got = _bag(body), _bag(text)
        shared = sum((gold & got).values())
        runs = _QUOTED.findall(body)
        kept = sum(_norm(run) in _norm(text) for run in runs)
        gold_quotes, got_quotes = _quotes(body), _quotes(text)
        same = sum((gold_quotes & got_quotes).values())
        totals.update(
            shared=shared,
            gold_words=sum(gold.values()),
            got_words=sum(got.values()),
            runs=len(runs),
            kept=kept,
            gold_quotes=sum(gold_quotes.values()),
            same=same,
        )
        precision = shared / max(1, sum(got.values()))
        recall = shared / max(1, sum(gold.values()))
        runs_kept = f"{kept}/{len(runs)}"
        quotes_kept = f"{same}/{sum(gold_quotes.values())}"
        print(f"{page_id[:12]:<14}{precision:>8.3f}{recall:>8.3f}{runs_kept:>13}{quotes_kept:>13}")
    words_p = totals["shared"] / max(1, totals["got_words"])
    words_r = totals["shared"] / max(1, totals["gold_words"])
    runs = f"{totals['kept']}/{totals['runs']}"
    quotes = f"{totals['same']}/{totals['gold_quotes']}"
    print(f"{'all':<14}{words_p:>8.3f}{words_r:>8.3f}{runs:>13}{quotes:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
