"""Train the Darija/MSA model shipped as ``src/nashra/language/data/variety.json``.

    .venv/bin/python -m eval.language.train_variety [--features 6000] [--msa 4000]

Darija: Goud.ma headlines (marsum-test titles) and NLLB-Seed Darija sentences. MSA: news headlines
and first lines from ANT v2.1, SaudiNewsNet and Hespress/Al Jazeera. One item in five (by a hash of
its id) is held out; ``python -m eval.language.variety`` scores the shipped model on it.
"""

from __future__ import annotations

import argparse
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from eval.language.corpus import DARIJA, NEWS, REPO, records
from nashra.language.variety import features

OUT = REPO / "src" / "nashra" / "language" / "data" / "variety.json"


class Item(NamedTuple):
    ref: str  # "<data file>#<record id>:<field>"
    kind: str  # headline | sentence | paragraph
    label: str  # msa | darija
    text: str


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0][:300]


def items(msa_per_kind: int = 4000) -> Iterator[Item]:
    for r in records(DARIJA["marsum"]):
        yield Item(f"{DARIJA['marsum']}#{r['id']}:title", "headline", "darija", r["title"])
    for r in records(DARIJA["nllb"]):
        yield Item(f"{DARIJA['nllb']}#{r['id']}:text", "sentence", "darija", r["text"])
    per_set = msa_per_kind // 3
    for name in ("ant", "saudi", "hespress"):
        for r in records(NEWS[name], per_set):
            if r.get("title"):
                yield Item(f"{NEWS[name]}#{r['id']}:title", "headline", "msa", r["title"])
            yield Item(f"{NEWS[name]}#{r['id']}:text", "paragraph", "msa", _first_line(r["text"]))


def held_out(item: Item) -> bool:
    return zlib.crc32(item.ref.encode()) % 5 == 0


def train(train_items: list[Item], n_features: int) -> dict:
    counts = {"darija": Counter(), "msa": Counter()}
    docs = Counter()
    for item in train_items:
        counts[item.label].update(features(item.text))
        docs[item.label] += 1
    vocabulary = set(counts["darija"]) | set(counts["msa"])
    totals = {label: sum(c.values()) + len(vocabulary) for label, c in counts.items()}
    weights = {}
    for f in vocabulary:
        d, m = counts["darija"][f], counts["msa"][f]
        if d + m < 5:
            continue
        weights[f] = math.log((d + 1) / totals["darija"]) - math.log((m + 1) / totals["msa"])
    # Keep the features that move the decision most, weighted by how often they occur.
    ranked = sorted(
        weights,
        key=lambda f: abs(weights[f]) * math.log1p(counts["darija"][f] + counts["msa"][f]),
        reverse=True,
    )[:n_features]
    return {
        "prior": math.log(docs["darija"] / docs["msa"]),
        "weights": {f: round(weights[f], 3) for f in sorted(ranked)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--features", type=int, default=6000)
    parser.add_argument("--msa", type=int, default=4000, help="MSA items per kind")
    args = parser.parse_args()
    train_items = [i for i in items(args.msa) if not held_out(i)]
    model = train(train_items, args.features)
    model["trained_by"] = (
        f"python -m eval.language.train_variety --features {args.features} --msa {args.msa}"
    )
    OUT.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"trained on {len(train_items)} items, {len(model['weights'])} features -> {OUT}")


if __name__ == "__main__":
    main()
