"""Render speed and HTML size: the median render time of a 20- and a 60-story edition, and
the HTML's bytes before and after minification, against Gmail's 102 KB clip limit.

    .venv/bin/python bench/render.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsletter.render import GMAIL_CLIP_BYTES, render
from tests.test_render import make_edition, many_stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="renders per edition size")
    runs = parser.parse_args().runs
    print(f"{'stories':>7}  {'median ms':>9}  {'raw bytes':>9}  {'minified':>9}  {'saved':>6}  "
          f"{'of 102 KB':>9}")
    for count in (20, 60):
        edition = make_edition(many_stories(count))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            email = render(edition)
            times.append(time.perf_counter() - start)
        raw = len(render(edition, minify=False).html.encode("utf-8"))
        small = len(email.html.encode("utf-8"))
        print(
            f"{count:>7}  {statistics.median(times) * 1000:>9.1f}  {raw:>9,}  {small:>9,}  "
            f"{1 - small / raw:>6.0%}  {small / GMAIL_CLIP_BYTES:>9.0%}"
        )


if __name__ == "__main__":
    main()
