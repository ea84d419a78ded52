"""Entity linking against the gold variant groups (pairwise precision / recall).

    .venv/bin/python -m eval.ner.evaluate_linking

Two runs over the documents of ``linking_gold.json``, in order, with one
:class:`~nashra.analysis.entities.EntityLinker` across them:

* **gold mentions**: the linker gets exactly the gold spans (linking alone is measured);
* **NER mentions**: the linker gets what :func:`~nashra.language.ner.extract_entities` finds;
  gold mentions the NER missed count as unlinked (their pairs are lost for recall).

A pair of gold mentions is a true positive when both are in one gold group and one entity.
Pairs across groups that share a first name (محمد السادس / محمد شقير / محمد بن سلمان) are
reported on their own: they must never be joined. The last line is one JSON document.
"""

from __future__ import annotations

import json
import sys
from itertools import combinations

from eval.ner.linking_data import SHARED, doc_key, doc_text, load_gold
from nashra.analysis.entities import EntityLinker
from nashra.language.ner import Mention, extract_entities

APART = {"mohammed6", "chakir", "mbs"}


def pairwise(gold: list[dict], assigned: list[str | None]) -> dict[str, float]:
    tp = fp = fn = apart_joined = 0
    for (g1, e1), (g2, e2) in combinations(zip((g["group"] for g in gold), assigned), 2):
        same_pred = e1 is not None and e1 == e2
        if g1 == g2:
            tp += same_pred
            fn += not same_pred
        else:
            fp += same_pred
            apart_joined += same_pred and g1 in APART and g2 in APART
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "must_stay_apart_joined": apart_joined}


def run(gold: list[dict], use_ner: bool) -> tuple[dict[str, float], int]:
    linker = EntityLinker()
    by_doc: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        by_doc.setdefault(doc_key(g["doc"]), []).append(i)
    assigned: list[str | None] = [None] * len(gold)
    found = 0
    for key, idxs in by_doc.items():
        text = doc_text(gold[idxs[0]]["doc"])
        if use_ner:
            mentions = extract_entities(text)
        else:
            mentions = [Mention(text[gold[i]["start"]:gold[i]["end"]], gold[i]["start"], gold[i]["end"], "PER") for i in idxs]
        linked = {(lm.mention.start, lm.mention.end): lm.entity_id for lm in linker.link(key, mentions)}
        for i in idxs:
            ent = linked.get((gold[i]["start"], gold[i]["end"]))
            found += ent is not None
            assigned[i] = ent
    return pairwise(gold, assigned), found


def main() -> int:
    if not (SHARED / "seeds").is_dir():
        print(f"../shared not found at {SHARED}", file=sys.stderr)
        return 1
    gold = load_gold()
    figures: dict[str, object] = {"gold_mentions": len(gold), "groups": len({g["group"] for g in gold})}
    for name, use_ner in (("gold_mentions", False), ("ner_mentions", True)):
        res, found = run(gold, use_ner)
        print(f"{name:14} P {res['precision']:.4f}  R {res['recall']:.4f}  F1 {res['f1']:.4f}  "
              f"must-stay-apart pairs joined: {res['must_stay_apart_joined']}  "
              f"(gold mentions linked: {found}/{len(gold)})")
        figures[name] = {**res, "found": found}
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
