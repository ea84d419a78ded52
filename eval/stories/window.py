"""The articles of the story benchmark: every middle-East and international article of the
ANT v2.1 multi-source corpus published 9–11 March 2018 (UTC), in publication order; and those of
19–21 March 2018, the development window.

The window has all five outlets (Sky News Arabia, Al Arabiya, France 24, BBC and CNN Arabic)
covering the same days. The labels in ``labels/`` refer to these records by id; the text is read
from ../shared/data and never stored here.

    .venv/bin/python -m eval.stories.window --dump FILE [--window dev]   # the texts, for annotators
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.language.corpus import NEWS, records

WINDOWS = {
    "test": ("2018-03-09", "2018-03-11"),
    "dev": ("2018-03-19", "2018-03-21"),
}
"""The benchmark (``test``) and a development window, labelled by one pass, on which the
connect stage's settings are chosen, so that the benchmark never tunes them."""
CATEGORIES = frozenset({"middleEast", "internationalNews"})


def window_records(window: str = "test") -> list[dict]:
    """A window's records, ordered by publication time then id (the replay order)."""
    first, last = WINDOWS[window]
    chosen = [
        r for r in records(NEWS["ant"])
        if r.get("date") and first <= r["date"][:10] <= last and r.get("category") in CATEGORIES
    ]
    return sorted(chosen, key=lambda r: (r["date"], r["id"]))


def dump(path: Path, window: str) -> None:
    """Write the window as plain text, one numbered block per article, for reading."""
    with path.open("w", encoding="utf-8") as out:
        for number, r in enumerate(window_records(window), 1):
            out.write(f"=== {number} | {r['id']} | {r['source']} | {r['date']} | {r['category']}\n")
            out.write(f"TITLE: {r['title']}\n{r['text']}\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, required=True, help="write the texts here (outside the repo)")
    parser.add_argument("--window", choices=sorted(WINDOWS), default="test")
    args = parser.parse_args()
    dump(args.dump, args.window)
    print(f"{len(window_records(args.window))} articles written to {args.dump}")


if __name__ == "__main__":
    main()
