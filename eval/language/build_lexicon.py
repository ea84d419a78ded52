"""Build the two word lists of the light stemmer in ``src/nashra/language/data/``.

``clitic_words.txt``: a word that starts with و ف ب ل ك is either a clitic plus a word (وماكرون،
فتطوان، لدارمانان) or a word of its own (وزير، فرنسا، كانت، بزاف). The corpus tells them apart: when
the rest of the word (ماكرون) is at least half as frequent as the whole (وماكرون) it is a clitic;
when the rest is rare (زير next to وزير) the whole is a word and goes on the list.

``an_words.txt``: after the article, a final ان is either the dual or a plural (الوزيران، البلدان)
or part of the word (البرلمان، الامتحان، المهرجان). It is part of the word when the corpus shows it
carrying further endings (برلماني، امتحانات، استيطانية: a dual takes none) or when the rest is
rare (برلم، مهرج next to البرلمان، المهرجان); those words go on the list.

    .venv/bin/python -m eval.language.build_lexicon [--articles 30000] [--min-count 5]
"""

from __future__ import annotations

import argparse
import itertools
from collections import Counter

from eval.language.corpus import DARIJA, NEWS, REPO, records
from nashra.language.normalize import normalize
from nashra.language.tokenize import words

DATA_DIR = REPO / "src" / "nashra" / "language" / "data"
OUT = DATA_DIR / "clitic_words.txt"
AN_OUT = DATA_DIR / "an_words.txt"
CLITICS = "وفبلك"
# What an ان word can carry and a dual cannot: برلماني، برلمانية، امتحانات، برلمانيين، برلمانيون.
AN_DERIVED = ("ي", "يه", "ات", "يين", "يون")


def count_words(articles: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    per_set = articles // len(NEWS)
    sources = [records(path, per_set) for path in NEWS.values()]
    sources += [records(path) for path in DARIJA.values()]
    for record in itertools.chain(*sources):
        counts.update(words(normalize(f"{record.get('title') or ''} {record.get('text') or ''}")))
    return counts


def lexical_words(counts: Counter[str], min_count: int) -> list[str]:
    keep = []
    for word, count in counts.items():
        if len(word) < 4 or word[0] not in CLITICS or count < min_count:
            continue
        rest = word[1:]
        evidence = counts[rest] + counts["ال" + rest]
        if word.startswith("لل"):  # للصين is لل + صين: الصين is the evidence
            evidence += counts[word[2:]] + counts["ال" + word[2:]]
        if evidence < count / 2:
            keep.append(word)
    return sorted(keep)


def an_words(counts: Counter[str], min_count: int) -> list[str]:
    """Words (without the article) whose final ان stays: see the module docstring."""
    keep = []
    for word, count in counts.items():
        # Only where the stemmer would strip: the article, then at least four letters before ان.
        if not (word.startswith("ال") and word.endswith("ان")) or len(word) < 8:
            continue
        if count < min_count:
            continue
        bare, rest = word[2:], word[2:-2]
        derived = sum(counts[bare + e] + counts["ال" + bare + e] for e in AN_DERIVED)
        if rest.endswith("ت"):  # a feminine dual: الدولتان is the dual of دولة
            rest = rest[:-1] + "ه"
        singular = sum(counts[f] + counts["ال" + f] for f in (rest, rest + "ه", rest + "ا"))
        if (derived >= 3 and derived >= count / 10) or singular < count / 2:
            keep.append(bare)
    return sorted(keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=30000, help="news articles to read")
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args()
    counts = count_words(args.articles)
    keep = lexical_words(counts, args.min_count)
    header = (
        "# Words starting with و ف ب ل ك that are not clitic + word (see stem.py).\n"
        f"# Built by: python -m eval.language.build_lexicon --articles {args.articles}"
        f" --min-count {args.min_count}\n"
    )
    OUT.write_text(header + "\n".join(keep) + "\n", encoding="utf-8")
    print(f"{len(keep)} words from {sum(counts.values())} tokens -> {OUT}")
    keep_an = an_words(counts, args.min_count)
    header = (
        "# Words whose final ان is part of the word, not a dual or plural (see stem.py).\n"
        f"# Built by: python -m eval.language.build_lexicon --articles {args.articles}"
        f" --min-count {args.min_count}\n"
    )
    AN_OUT.write_text(header + "\n".join(keep_an) + "\n", encoding="utf-8")
    print(f"{len(keep_an)} words ending in ان -> {AN_OUT}")


if __name__ == "__main__":
    main()
