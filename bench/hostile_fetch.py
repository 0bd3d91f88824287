"""What hostile sources cost: peak memory (RSS) and wall time of one source that serves a
decompression bomb, 10,000 teaser entries or slow links, each run in a fresh process against a
loopback server, beside an honest 4 MB page as the reference ("x first": peak RSS over the first
case's).

    .venv/bin/python bench/hostile_fetch.py [--slow-seconds 5] [--only bomb]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = {
    "honest 4 MB page": "/article-4mb",
    "gzip bomb, 1 GB": "/bomb/gzip",
    "gzip, gzip bomb": "/bomb/gzip-gzip",
    "gzip, gzip bomb, 2 layers allowed": "/bomb/gzip-gzip",
    "10,000 teaser entries": "/flood.json",
    "40 slow links": "/slow.json",
}


def run_case(name: str, slow_seconds: float) -> dict[str, object]:
    """One case in this process: the figures as a dict."""
    from newsletter.gather import FeedSource, FetchSettings, PageSource, gather
    from newsletter.gather.base import DayWindow
    from tests.test_gather_hostile import ARTICLE, DAY, TZ, MemoryState, json_feed, serving

    limits = FetchSettings(
        max_seconds=slow_seconds if "slow" in name else 60,
        max_content_encodings=2 if "2 layers" in name else 1,
    )
    with serving() as server:
        server.feeds["/flood.json"] = json_feed(
            [server.url(f"/article/{n}") for n in range(10_000)]
        )
        server.feeds["/slow.json"] = json_feed([server.url(f"/slow/{n}") for n in range(40)])
        server.pages["/article-4mb"] = ARTICLE * (4_000_000 // len(ARTICLE))
        path = CASES[name]
        source = (
            FeedSource(url=server.url(path), name=name)
            if path.endswith(".json")
            else PageSource(url=server.url(path), name=name)
        )
        start = time.perf_counter()
        result = asyncio.run(gather([source], DayWindow(DAY, TZ), MemoryState(), limits=limits))
        wall = time.perf_counter() - start
        requests = len(server.requests)
    [report] = result.reports
    outcome = report.error or "; ".join(w.split(": ", 1)[1] for w in report.warnings) or "read"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"peak_mb": peak_mb, "wall": wall, "requests": requests, "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--slow-seconds", type=float, default=5, help="fetch.max_seconds of the slow-links case"
    )
    parser.add_argument("--only", default="", help="run only the cases whose name has this")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # one case, in a child process
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.slow_seconds)))
        return
    print(
        f"{'case':<34} {'peak RSS MB':>11} {'x first':>8} {'wall s':>7} {'requests':>8}  outcome"
    )
    reference = None
    for name in [name for name in CASES if args.only in name]:
        child = subprocess.run(
            [sys.executable, __file__, "--case", name, "--slow-seconds", str(args.slow_seconds)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        figures = json.loads(child.stdout.splitlines()[-1])
        reference = reference or figures["peak_mb"]
        print(
            f"{name:<34} {figures['peak_mb']:>11.0f} {figures['peak_mb'] / reference:>8.2f} "
            f"{figures['wall']:>7.2f} {figures['requests']:>8}  {str(figures['outcome'])[:90]}"
        )


if __name__ == "__main__":
    main()
