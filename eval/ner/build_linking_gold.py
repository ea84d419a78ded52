"""Rebuild ``linking_gold.json`` (offsets + labels, no text) from the name groups below.

    .venv/bin/python -m eval.ner.build_linking_gold

The groups are written for Nashra: each person with the spellings real pages use for them,
and the documents where they occur. Every occurrence (with an attached و/ف/ب/ل, as the NER
tags it) becomes a gold mention labelled with its group. Groups that share a first name
(محمد السادس, محمد شقير, محمد بن سلمان) are the names that must stay apart.
"""

from __future__ import annotations

import json
import re

from eval.ner.linking_data import GOLD, doc_key, doc_text

SEEDS = [{"seed": "000_d293e16fee17fffa.txt"}, {"seed": "003_4173c69650e6ce3a.txt"}]
HP = "hespress-aljazeera-2022"


def news(*ids: str) -> list[dict[str, str]]:
    return [{"news": HP, "id": i} for i in ids]


GROUPS = {
    "darmanin": (["جيرالد دارمانان", "دارمانان", "درامانان", "دارمان"], SEEDS),
    "laftit": (["عبد الوافي لفتيت", "بعد الوافي لفتيت", "لفتيت"], SEEDS),
    "macron": (["إيمانويل ماكرون", "ماكرون"], SEEDS + news("hespress-politics-126", "hespress-politics-262", "hespress-politics-271")),
    "mohammed6": (["محمد السادس"], SEEDS + news("hespress-culture-120", "hespress-politics-126")),
    "chakir": (["محمد شقير", "شقير"], SEEDS),
    "mbs": (["محمد بن سلمان"], news("hespress-politics-126", "jazeera-politics-460")),
    "akhannouch": (["عزيز أخنوش", "أخنوش"], news("hespress-culture-2", "hespress-economy-107", "hespress-economy-117")),
    "bourita": (["ناصر بوريطة", "بوريطة"], news("hespress-politics-11", "hespress-politics-113", "hespress-politics-116")),
    "ouahbi": (["عبد اللطيف وهبي", "وهبي"], news("hespress-politics-100", "hespress-politics-269")),
    "tebboune": (["عبد المجيد تبون", "تبون"], news("hespress-politics-170", "hespress-politics-268")),
}


def build() -> list[dict]:
    docs: dict[str, dict] = {}
    for _names, ds in GROUPS.values():
        for d in ds:
            docs[doc_key(d)] = d
    gold: list[dict] = []
    for doc in docs.values():
        text = doc_text(doc)
        taken: list[tuple[int, int]] = []
        spellings = sorted(((n, g) for g, (ns, ds) in GROUPS.items() if doc in ds for n in ns),
                           key=lambda x: -len(x[0]))
        for name, group in spellings:
            for m in re.finditer(r"(?<!\w)[وفبل]?" + re.escape(name) + r"(?!\w)", text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                gold.append({"doc": doc, "start": m.start(), "end": m.end(), "type": "PER", "group": group})
    gold.sort(key=lambda g: (list(docs).index(doc_key(g["doc"])), g["start"]))
    return gold


if __name__ == "__main__":
    gold = build()
    GOLD.write_text("[\n" + ",\n".join(json.dumps(g, ensure_ascii=False) for g in gold) + "\n]\n", "utf-8")
    print(f"{len(gold)} gold mentions in {len({doc_key(g['doc']) for g in gold})} documents -> {GOLD}")
