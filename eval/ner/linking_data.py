"""Reading the documents the linking gold set points into (text stays in ../shared)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = Path(__file__).with_name("linking_gold.json")


@cache
def _news(dataset: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((SHARED / "data" / "news" / dataset).glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out[rec["id"]] = rec["text"]
    return out


def doc_text(doc: dict[str, str]) -> str:
    """Text of a gold document reference: ``{"seed": FILE}`` or ``{"news": SET, "id": ID}``."""
    if "seed" in doc:
        return (SHARED / "seeds" / doc["seed"]).read_text("utf-8")
    return _news(doc["news"])[doc["id"]]


def doc_key(doc: dict[str, str]) -> str:
    return doc.get("seed") or f'{doc["news"]}/{doc["id"]}'


def load_gold() -> list[dict]:
    return json.loads(GOLD.read_text("utf-8"))
