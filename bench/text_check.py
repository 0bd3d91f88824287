"""Measure the not-text check (`newsletter.gather.text`) on real article texts.

Usage: python bench/text_check.py FILE [FILE ...]

Each FILE is JSON Lines with a "text" field per line, or a JSON object {id: {"articleBody"}}.
For every set it prints:

- kept: the share of the real texts the check keeps (1.0 is ideal: every one is real text);
- caught: the share caught once mangled the way a wrong character set mangles them (UTF-8 read
  as Windows-1252), counting only texts that mangling changes (ASCII-only texts stay the same);
- binary: the share caught among random binary blobs of the same lengths, read as
  Windows-1252 (as a file that is not UTF-8 is read);
- the measures (share of implausible words, of non-characters) at the worst real text and at
  the median mangled one, against the thresholds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

from newsletter.gather.text import MAX_IMPLAUSIBLE_WORDS, MAX_NOT_CHARACTERS, verdict


def read_texts(path: Path) -> list[str]:
    content = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [row["articleBody"] for row in json.loads(content).values()]
    return [json.loads(line)["text"] for line in content.splitlines() if line.strip()]


def measure(name: str, texts: list[str]) -> None:
    clean = [verdict(text) for text in texts]
    mangled = [
        verdict(changed)
        for text in texts
        if (changed := text.encode("utf-8").decode("cp1252", errors="replace")) != text
    ]
    rng = random.Random(7)
    blobs = [
        verdict(
            bytes(rng.randrange(256) for _ in range(min(len(t), 5000))).decode("cp1252", "replace")
        )
        for t in texts[:50]
    ]
    kept = sum(v.reason is None for v in clean) / len(clean)
    caught = sum(v.reason is not None for v in mangled) / len(mangled) if mangled else float("nan")
    binary = sum(v.reason is not None for v in blobs) / len(blobs)
    worst = max(clean, key=lambda v: v.implausible_words)
    median = statistics.median(v.implausible_words for v in mangled) if mangled else float("nan")
    print(
        f"{name}: {len(texts)} texts, kept {kept:.3f}; {len(mangled)} changed by mangling, "
        f"caught {caught:.3f}; binary caught {binary:.3f}"
    )
    print(
        f"  implausible words: worst real {worst.implausible_words:.4f}, median mangled "
        f"{median:.4f} (threshold {MAX_IMPLAUSIBLE_WORDS}); non-characters: worst real "
        f"{max(v.not_characters for v in clean):.4f} (threshold {MAX_NOT_CHARACTERS})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    for path in parser.parse_args().files:
        measure(path.name, read_texts(path))


if __name__ == "__main__":
    main()
