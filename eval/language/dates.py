"""Date expressions: exact-match accuracy of nashra's find_dates beside dateparser's.

    .venv/bin/python -m eval.language.dates [-v]

Four scores: the development items (corpus + written, which the code was tuned on), the first
held-out items (sampled and judged afterwards; looked at since, when its misses were fixed), the
second and third held-out sets (``heldout2``, ``heldout3``: drawn by the rules of
``eval/language/sample_dates.py``, labelled by reading, each scored once before its misses were
looked at; see ``about_heldout2`` and ``about_heldout3`` in the gold file).

Gold (``dates_gold.json``): expressions found in ../shared/data/news (stored as file, record id
and character offsets, with the value judged by reading the article; the record's date is the
reference for relative expressions) and sentences written for the project, including ones where
no date may be found.

An item counts for nashra when ``find_dates(full text, reference)`` returns a mention that
overlaps the gold span with exactly the gold value (same precision), and, for the no-date
sentences, when it returns nothing. dateparser (1.5, languages=["ar"], RELATIVE_BASE=reference)
gets the easier task of parsing the gold span alone; its date is compared at the gold's
precision. For the no-date items it is given the whole sentence with ``search_dates``.

Held-out 2 and 3 also count apart the relative expressions of records without a date (right: no value
found) and the mentions nashra finds in its sampled sentences beside the gold expressions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import warnings
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    start: int
    end: int
    reference: dt.date | None
    value: str | None
    sentence: tuple[int, int] | None = None  # held-out 2 and 3: the sampled sentence
    unresolved: bool = False  # a relative expression in a record without a date


def items(part: str):
    """Every item of one part of the gold, with the text read from ../shared/data."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    by_file: dict[str, dict] = {}
    for g in gold[part] if part != "written" else []:
        if g["file"] not in by_file:
            by_file[g["file"]] = record_index(g["file"])
        text = by_file[g["file"]][g["id"]][g.get("field", "text")]
        sentence = tuple(g["sentence"]) if "sentence" in g else None
        yield Item(f"{g['id']}@{g['start']}", text, g["start"], g["end"], _ref(g["reference"]),
                   g["value"], sentence, g.get("unresolved", False))
    for w in gold["written"] if part == "written" else []:
        start = w["text"].find(w["expr"]) if w["expr"] else 0
        end = start + len(w["expr"]) if w["expr"] else len(w["text"])
        yield Item(w["text"], w["text"], start, end, _ref(w["reference"]), w["value"])


def _overlaps(m, start: int, end: int) -> bool:
    return m.start < end and m.end > start


def score(parts: tuple[str, ...], verbose: bool) -> dict:
    """Exact-match figures of nashra and dateparser over ``parts`` (see the module docstring)."""
    n = ours = theirs = 0
    unresolved = abstained = 0
    spurious: set[tuple[str, int, int]] = set()
    gold_spans: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    mentions_of: dict[tuple[str, int, int], list] = {}
    for item in (i for part in parts for i in items(part)):
        if item.unresolved:
            unresolved += 1
            found = find_dates(item.text, item.reference)
            abstained += not any(_overlaps(m, item.start, item.end) for m in found)
            continue
        n += 1
        ok = nashra_right(item.text, item.start, item.end, item.reference, item.value)
        if item.sentence is not None and item.value is None:  # a sentence that holds no date
            found = find_dates(item.text, item.reference)
            ok = not any(_overlaps(m, *item.sentence) for m in found)
        ours += ok
        if item.sentence is not None and item.value is None:  # search the sentence alone
            sentence = item.text[item.start : item.end]
            theirs += dateparser_right(sentence, 0, len(sentence), item.reference, None)
        else:
            theirs += dateparser_right(item.text, item.start, item.end, item.reference, item.value)
        if item.sentence is not None and item.value is not None:
            key = (item.label.split("@")[0], *item.sentence)
            gold_spans.setdefault(key, []).append((item.start, item.end))
            if key not in mentions_of:
                mentions_of[key] = [m for m in find_dates(item.text, item.reference)
                                    if _overlaps(m, *item.sentence)]
        if verbose and not ok:
            found = [(m.text, m.value.isoformat()) for m in find_dates(item.text, item.reference)
                     if item.sentence is None or _overlaps(m, *item.sentence)]
            gold = item.text[item.start : item.end]
            print(f"MISS {item.label[:60]} gold={gold!r}:{item.value} found={found}")
    for key, mentions in mentions_of.items():
        for m in mentions:
            if not any(_overlaps(m, s, e) for s, e in gold_spans[key]):
                spurious.add((key[0], m.start, m.end))
                if verbose:
                    print(f"EXTRA {key[0]} found={m.text!r}:{m.value.isoformat()}")
    name = "+".join(parts)
    print(f"[{name}] nashra find_dates exact {ours / n:6.1%} ({ours}/{n})   "
          f"dateparser (span) exact {theirs / n:6.1%} ({theirs}/{n})")
    figures = {"n": n, "nashra_exact": round(ours / n, 4), "dateparser_exact": round(theirs / n, 4),
               "nashra_right": ours, "dateparser_right": theirs}
    if unresolved or mentions_of:
        print(f"[{name}] relative expressions in undated records: nashra gives no value for "
              f"{abstained}/{unresolved}; mentions found in dated sentences beside the gold "
              f"expressions: {len(spurious)}")
        figures |= {"unresolved": unresolved, "nashra_abstained": abstained,
                    "nashra_extra_mentions": len(spurious)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list nashra's misses")
    args = parser.parse_args()
    figures = {}
    for parts in (("corpus", "written"), ("heldout",), ("heldout2",), ("heldout3",)):
        figures["+".join(parts)] = score(parts, args.verbose)
    n = sum(f["n"] for f in figures.values())
    ours = sum(f["nashra_right"] for f in figures.values())
    theirs = sum(f["dateparser_right"] for f in figures.values())
    print(f"[all] nashra find_dates exact {ours / n:6.1%} ({ours}/{n})   "
          f"dateparser (span) exact {theirs / n:6.1%} ({theirs}/{n})")
    figures["all"] = {"n": n, "nashra_exact": round(ours / n, 4),
                      "dateparser_exact": round(theirs / n, 4)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
