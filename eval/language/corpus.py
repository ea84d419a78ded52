"""Readers for ../shared/data, shared by the language evaluations and training commands.

The data is never copied into the repository: every reader takes it from ``NASHRA_DATA`` or
``../shared/data`` beside the checkout, and exits with a clear message when it is absent.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("NASHRA_DATA", REPO.parent / "shared" / "data"))

NEWS = {
    "ant": "news/ant-v2.1-multisource/ant_v2_1_multisource.jsonl.gz",
    "saudi": "news/saudinewsnet/saudinewsnet.jsonl.gz",
    "jawhara": "news/ant-v1.1-jawharafm/ant_v1_1_jawharafm.jsonl.gz",
    "hespress": "news/hespress-aljazeera-2022/hespress_aljazeera_2022.jsonl.gz",
}
DARIJA = {
    "marsum": "darija/marsum-test/marsum_test.jsonl",
    "nllb": "darija/nllb-seed-ary/seed_ary_arab.jsonl",
}


def require(relative: str) -> Path:
    path = DATA / relative
    if not path.exists():
        sys.exit(f"missing {path}: this measure reads ../shared/data (or set NASHRA_DATA)")
    return path


def records(relative: str, limit: int | None = None) -> Iterator[dict]:
    """The JSON records of one data file (``.jsonl`` or ``.jsonl.gz``), at most ``limit``."""
    path = require(relative)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def record_index(relative: str) -> dict[str, dict]:
    """Records of one file by id (for gold sets that store references, not text)."""
    return {r["id"]: r for r in records(relative)}
