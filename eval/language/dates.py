"""Date expressions: exact-match accuracy of nashra's find_dates beside dateparser's.

    .venv/bin/python -m eval.language.dates [-v]

Two scores: the development items (corpus + written, which the code was tuned on) and the
held-out items (sampled and judged afterwards).

Gold (``dates_gold.json``): expressions found in ../shared/data/news (stored as file, record id
and character offsets, with the value judged by reading the article; the record's date is the
reference for relative expressions) and sentences written for the project, including ones where
no date may be found.

An item counts for nashra when ``find_dates(full text, reference)`` returns a mention that
overlaps the gold span with exactly the gold value (same precision), and, for the no-date
sentences, when it returns nothing. dateparser (1.5, languages=["ar"], RELATIVE_BASE=reference)
gets the easier task of parsing the gold span alone; its date is compared at the gold's
precision. For the no-date items it is given the whole sentence with ``search_dates``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import warnings
from pathlib import Path

from eval.language.corpus import record_index
from nashra.language.dates import find_dates

GOLD = Path(__file__).with_name("dates_gold.json")


def _ref(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _at_precision(value: dt.datetime | None, gold: str) -> str | None:
    if value is None:
        return None
    return value.strftime({4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(gold)])


def nashra_right(text: str, start: int, end: int, reference, value: str | None) -> bool:
    mentions = find_dates(text, reference)
    if value is None:
        return not mentions
    return any(m.start < end and m.end > start and m.value.isoformat() == value for m in mentions)


def dateparser_right(text: str, start: int, end: int, reference, value: str | None) -> bool:
    import dateparser
    from dateparser.search import search_dates

    base = dt.datetime.combine(reference or dt.date(2024, 1, 1), dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if value is None:
            return not search_dates(text, languages=["ar"], settings=settings)
        parsed = dateparser.parse(text[start:end], languages=["ar"], settings=settings)
    return _at_precision(parsed, value) == value


def items(part: str):
    """(label, text, start, end, reference, value) for every item of one part of the gold."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    by_file: dict[str, dict] = {}
    for g in gold[part] if part != "written" else []:
        if g["file"] not in by_file:
            by_file[g["file"]] = record_index(g["file"])
        text = by_file[g["file"]][g["id"]]["text"]
        yield (f"{g['id']}@{g['start']}", text, g["start"], g["end"], _ref(g["reference"]),
               g["value"])
    for w in gold["written"] if part == "written" else []:
        start = w["text"].find(w["expr"]) if w["expr"] else 0
        end = start + len(w["expr"]) if w["expr"] else len(w["text"])
        yield w["text"], w["text"], start, end, _ref(w["reference"]), w["value"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list nashra's misses")
    args = parser.parse_args()
    figures = {}
    for parts in (("corpus", "written"), ("heldout",)):
        n = ours = theirs = 0
        for part in parts:
            for label, text, start, end, reference, value in items(part):
                n += 1
                ok = nashra_right(text, start, end, reference, value)
                ours += ok
                theirs += dateparser_right(text, start, end, reference, value)
                if args.verbose and not ok:
                    found = [(m.text, m.value.isoformat()) for m in find_dates(text, reference)]
                    print(f"MISS {label[:60]} gold={text[start:end]!r}:{value} found={found}")
        name = "+".join(parts)
        print(f"[{name}] nashra find_dates exact {ours / n:6.1%} ({ours}/{n})   "
              f"dateparser (span) exact {theirs / n:6.1%} ({theirs}/{n})")
        figures[name] = {"n": n, "nashra_exact": round(ours / n, 4),
                         "dateparser_exact": round(theirs / n, 4)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
