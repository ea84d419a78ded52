"""Extraction quality and speed of the HTML path against trafilatura alone, on real pages.

Reads the pages with full gold text in ../shared/data/html (see its README and MANIFEST.csv):
by default the Arabic ones; ``--multilingual`` adds the non-Arabic pages with a full gold body.
Both extractors are scored by the same word-level scorer (bag of words after
:func:`nashra.language.normalize.normalize`; precision, recall, F1 per page, then averaged) and
timed from the page's bytes to its text (best of ``--repeat`` runs per page).

    python bench/html_extract.py [--multilingual] [--repeat 3]

"Ours" is the body :func:`nashra.ingest.html.parse_html_page` gives after charset detection
(timed with everything the ingest does with a page, metadata included); "trafilatura" is ``trafilatura.extract`` on
the same bytes with its default settings.

Metadata accuracy is measured on the pages whose gold has a title or a publication date
(htmldate, fundus and trafilatura gold): ours (``Article.title`` / ``published_at``) against
``trafilatura.extract_metadata`` on the same bytes; a title is right when its words equal the
gold's once normalized (punctuation aside), a date when its day equals the gold day. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from nashra.errors import InputError
from nashra.ingest.decode import decode_bytes
from nashra.ingest.html import parse_html_page
from nashra.ingest.sniff import declared_charset
from nashra.language.normalize import normalize

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "html"
FULL_TEXT_FORMATS = {"plain-text", "fundus-json", "magic-html-content", "aeb-articleBody"}
_WORD = re.compile(r"\w+")


def gold_text(gold_path: Path, gold_format: str) -> str:
    if gold_format == "plain-text":
        return gold_path.read_text(encoding="utf-8")
    record = next(iter(json.loads(gold_path.read_text(encoding="utf-8")).values()))
    if gold_format == "fundus-json":
        body = record["body"]
        parts = list(body.get("summary", []))
        for section in body.get("sections", []):
            parts += section.get("headline", []) + section.get("paragraphs", [])
        return "\n".join(parts)
    if gold_format == "magic-html-content":
        return record["content"]
    return record["articleBody"]


META_FORMATS = {"htmldate-date", "fundus-json", "trafilatura-snippets"}


def gold_metadata(gold_path: Path, gold_format: str) -> dict[str, str]:
    """The gold ``title`` and ``date`` (``YYYY-MM-DD``) a page has, when it has them."""
    record = next(iter(json.loads(gold_path.read_text(encoding="utf-8")).values()))
    title = record.get("title") or None
    date = record.get("publishing_date") if gold_format == "fundus-json" else record.get("date")
    found = {"title": title if isinstance(title, str) else None, "date": str(date)[:10] if date else None}
    return {k: v for k, v in found.items() if v}


def ours_metadata(data: bytes, origin: str) -> dict[str, str | None]:
    try:
        text = decode_bytes(data, origin=origin, declared=declared_charset(data))
        article = parse_html_page(text, origin=origin).article
    except InputError:
        return {"title": None, "date": None}
    return {"title": article.title, "date": article.published_at}


def trafilatura_metadata(data: bytes, origin: str) -> dict[str, str | None]:
    found = trafilatura.extract_metadata(data.decode("utf-8", errors="replace"))
    return {"title": found.title, "date": found.date} if found else {"title": None, "date": None}


def same(field: str, value: str | None, gold: str) -> bool:
    if not value:
        return False
    if field == "date":
        return value[:10] == gold
    return _WORD.findall(normalize(value)) == _WORD.findall(normalize(gold))


def metadata_accuracy(multilingual: bool) -> dict[str, dict[str, float | int]]:
    with (DATA / "MANIFEST.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["gold_format"] in META_FORMATS and (multilingual or r["lang"] == "ar")]
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for row in rows:
        data = (DATA / row["file"]).read_bytes()
        gold = gold_metadata(DATA / row["gold_file"], row["gold_format"])
        found = {"ours": ours_metadata(data, row["file"]), "trafilatura": trafilatura_metadata(data, row["file"])}
        for field, value in gold.items():
            asked[field] += 1
            for name, values in found.items():
                right[f"{name} {field}"] += same(field, values[field], value)
    return {
        name: {f"{field}_accuracy": round(right[f"{name} {field}"] / asked[field], 3) if asked[field] else 0.0
               for field in ("title", "date")} | {"titles": asked["title"], "dates": asked["date"]}
        for name in ("ours", "trafilatura")
    }


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(normalize(text)))


def score(predicted: str, gold: str) -> tuple[float, float, float]:
    ours, truth = words(predicted), words(gold)
    common = sum((ours & truth).values())
    precision = common / sum(ours.values()) if ours else 0.0
    recall = common / sum(truth.values()) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def ours(data: bytes, origin: str) -> str:
    try:
        text = decode_bytes(data, origin=origin, declared=declared_charset(data))
        article = parse_html_page(text, origin=origin).article
    except InputError:
        return ""
    return article.body


def trafilatura_alone(data: bytes, origin: str) -> str:
    return trafilatura.extract(data) or ""


def timed(extract: Callable[[bytes, str], str], data: bytes, origin: str, repeat: int) -> tuple[str, float]:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        text = extract(data, origin)
        best = min(best, time.perf_counter() - started)
    return text, best


def pages(multilingual: bool) -> list[tuple[Path, str, Path, str]]:
    with (DATA / "MANIFEST.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (DATA / row["file"], row["lang"], DATA / row["gold_file"], row["gold_format"])
        for row in rows
        if row["gold_format"] in FULL_TEXT_FORMATS and (multilingual or row["lang"] == "ar")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--multilingual", action="store_true", help="add the non-Arabic pages")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (DATA / "MANIFEST.csv").exists():
        sys.exit(f"the real HTML pages are not present ({DATA}); nothing to measure")
    chosen = pages(args.multilingual)
    totals = {"ours": [0.0, 0.0, 0.0, 0.0], "trafilatura": [0.0, 0.0, 0.0, 0.0]}
    print(f"{'page':<48} {'lang':<4} {'ours P/R/F1':<18} {'trafilatura P/R/F1':<18}")
    for html_path, lang, gold_path, gold_format in chosen:
        data, gold = html_path.read_bytes(), gold_text(gold_path, gold_format)
        line = f"{html_path.name[:47]:<48} {lang:<4}"
        for name, extract in (("ours", ours), ("trafilatura", trafilatura_alone)):
            text, seconds = timed(extract, data, str(html_path), args.repeat)
            p, r, f = score(text, gold)
            for i, value in enumerate((p, r, f, seconds)):
                totals[name][i] += value
            line += f" {p:.2f}/{r:.2f}/{f:.2f}      "
        print(line)
    n = len(chosen)
    summary: dict[str, object] = {"pages": n, "multilingual": args.multilingual}
    for name, (p, r, f, seconds) in totals.items():
        summary[name] = {"precision": round(p / n, 3), "recall": round(r / n, 3), "f1": round(f / n, 3),
                         "ms_per_page": round(1000 * seconds / n, 1)}
        print(f"{name:<12} P {p / n:.3f}  R {r / n:.3f}  F1 {f / n:.3f}  {1000 * seconds / n:.1f} ms/page")
    overhead = totals["ours"][3] / totals["trafilatura"][3] - 1
    summary["time_overhead"] = round(overhead, 3)
    print(f"Time overhead of ours over trafilatura alone: {overhead:+.0%}")
    summary["metadata"] = metadata_accuracy(args.multilingual)
    for name, figures in summary["metadata"].items():
        print(f"{name:<12} title right {figures['title_accuracy']:.0%} of {figures['titles']}, "
              f"date right {figures['date_accuracy']:.0%} of {figures['dates']}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
