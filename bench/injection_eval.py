"""How often the prompt-injection detector flags ordinary news articles (false alarms).

Usage: python bench/injection_eval.py ARTICLES.jsonl [MORE.jsonl ...] [--show N]

Each file is JSON Lines with a "text" field per article (the quotes evaluation sets have
one). The articles are assumed to address no model, so every article flagged is a false alarm.
Printed: articles read, articles flagged (the false-alarm rate), the share of characters
blanked from the evidence, and the first N cues with their context.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsletter.digest.injection import find


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=10, help="flagged cues to print")
    args = parser.parse_args()
    articles = flagged = chars = blanked = 0
    shown: list[str] = []
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            articles += 1
            chars += len(text)
            found = find(text)
            if found:
                flagged += 1
                blanked += sum(f.end - f.start for f in found)
                shown += [f"  {f.cue!r}: {text[f.start : f.start + 100]!r}" for f in found]
    rate = flagged / articles if articles else 0.0
    print(f"articles: {articles}, flagged: {flagged} (false-alarm rate {rate:.1%})")
    print(f"characters blanked from the evidence: {blanked / chars if chars else 0:.2%}")
    for cue in shown[: args.show]:
        print(cue)


if __name__ == "__main__":
    main()
