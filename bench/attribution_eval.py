"""Measure the evidence check on sentences made from gold quotes: right speaker, wrong speaker.

Usage: python bench/attribution_eval.py QUOTES.jsonl [--limit N] [--show N]

QUOTES.jsonl is a quote evaluation file (one article a line: {"doc", "text", "quotes": [{"start",
"end", "text", "speaker", "speaker_type"}]}). For each quoted passage of six words or more whose
gold speaker is a person, it writes "<speaker> said <the quote's words>." (credits the person
the article credits) and the same sentence with another person who speaks in the same article
(credits the wrong one), and asks `Evidence.misattributions` about both, against the whole
article. It prints the false alarms (right speaker flagged) and the catches (wrong one
flagged). The sentences repeat the quote's words on purpose: only the attribution is measured.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from newsletter.digest.evidence import Evidence
from newsletter.quotes import find


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("quotes", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles")
    parser.add_argument("--show", type=int, default=10, help="list this many of each error")
    args = parser.parse_args()
    lines = [line for line in args.quotes.read_text(encoding="utf-8").splitlines() if line]
    right = wrong = false_alarms = caught = 0
    alarms: list[str] = []
    missed: list[str] = []
    for line in lines[: args.limit or None]:
        article = json.loads(line)
        text = article["text"]
        people = [q for q in article["quotes"] if q["speaker_type"] == "person" and q["speaker"]]
        if not people:
            continue
        evidence = Evidence([(text, find(text))])
        for quote in people:
            words = re.sub(r"[“”\"]", "", quote["text"]).strip(" ,.")
            if len(words.split()) < 6:
                continue
            speaker = quote["speaker"]
            right += 1
            said = f"{speaker} said {words}."
            if evidence.misattributions(said):
                false_alarms += 1
                alarms.append(f"{article['doc']}: {said[:120]}")
            others = [q["speaker"] for q in people if _surname(q["speaker"]) != _surname(speaker)]
            if others:
                wrong += 1
                claimed = f"{others[0]} said {words}."
                if evidence.misattributions(claimed):
                    caught += 1
                else:
                    missed.append(f"{article['doc']}: {claimed[:120]} (gold: {speaker})")
    print(f"right speaker: {right} sentences, {false_alarms} flagged (false alarms)")
    print(f"wrong speaker: {wrong} sentences, {caught} flagged ({caught / max(wrong, 1):.1%})")
    for title, cases in (("false alarms", alarms), ("wrong speakers let through", missed)):
        print(f"\n{title} ({len(cases)}):")
        for case in cases[: args.show]:
            print(f"  {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
