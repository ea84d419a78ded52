"""Build ``src/nashra/analysis/data/document_frequencies.tsv.gz``: how many articles of a
reference corpus use each index term, for the TF-IDF weights of story similarity.

The reference corpus is every article of the news sets in ../shared/data except ANT v2.1, on
which the story benchmark is drawn, so the benchmark never shapes the weights, and the Moroccan
Darija texts, so that Darija's everyday words (غادي، ديال، فهاد) weigh as little as MSA's. Terms seen in fewer
than ``--min-df`` articles are left out: an unknown term gets the highest weight anyway.

    .venv/bin/python -m eval.stories.build_idf [--min-df 3]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
from collections import Counter

from eval.language.corpus import DARIJA, NEWS, REPO, records
from nashra.language.terms import index_terms

OUT = REPO / "src" / "nashra" / "analysis" / "data" / "document_frequencies.tsv.gz"
REFERENCE_SETS = ("saudi", "jawhara", "hespress")
DODA = "darija/doda-sentences/doda_sentences.jsonl"  # Darija sentences, each counted as a document


def count_documents() -> tuple[int, Counter[str]]:
    frequencies: Counter[str] = Counter()
    documents = 0
    sets = [records(NEWS[name]) for name in REFERENCE_SETS] + [records(path) for path in (*DARIJA.values(), DODA)]
    for record in itertools.chain(*sets):
        frequencies.update(set(index_terms(f"{record.get('title') or ''}\n{record.get('text') or ''}")))
        documents += 1
    return documents, frequencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-df", type=int, default=3)
    args = parser.parse_args()
    documents, frequencies = count_documents()
    kept = sorted((t, n) for t, n in frequencies.items() if n >= args.min_df)
    # mtime=0: the same corpus gives a byte-identical file.
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw:
        raw.write(f"#documents\t{documents}\n".encode())
        raw.write("".join(f"{t}\t{n}\n" for t, n in kept).encode())
    print(f"{documents} documents, {len(frequencies)} terms, {len(kept)} kept (df ≥ {args.min_df}) → {OUT}")


if __name__ == "__main__":
    main()
