"""Judged queries: matching on nashra's index terms, on surface forms and on Snowball stems.

    .venv/bin/python -m eval.language.retrieval

Gold: ``queries.json`` (documents and judgments written for the project). A document matches a
query when it holds every term of the query, which is what the stores' full-text indexes do with
``index_terms``. Macro-averaged over queries; a query with no hit has precision 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import Stemmer

from nashra.language.normalize import normalize
from nashra.language.terms import index_terms
from nashra.language.tokenize import words

GOLD = Path(__file__).with_name("queries.json")


def evaluate(documents: dict[str, str], queries: dict[str, list[str]], terms) -> tuple[float, ...]:
    indexed = {doc_id: set(terms(text)) for doc_id, text in documents.items()}
    precisions, recalls = [], []
    for query, relevant in queries.items():
        wanted = set(terms(query))
        hits = {doc_id for doc_id, held in indexed.items() if wanted <= held}
        right = len(hits & set(relevant))
        precisions.append(right / len(hits) if hits else 0.0)
        recalls.append(right / len(relevant))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    snowball = Stemmer.Stemmer("arabic")
    systems = {
        "nashra index_terms": index_terms,
        "snowball arabic": lambda text: snowball.stemWords(words(text)),
        "surface (normalized)": lambda text: words(normalize(text)),
    }
    figures = {}
    for name, terms in systems.items():
        p, r, f = evaluate(gold["documents"], gold["queries"], terms)
        figures[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        print(f"{name:22s} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
