"""Reading ANERcorp (CAMeL Lab split) in its ``token tag`` CoNLL layout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ANERCORP_DIR", "read_conll", "repair_tags"]

# ../shared/data relative to the repository root (src/nashra/language/ner/corpus.py → root).
ANERCORP_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "ner" / "anercorp_camel"

_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def repair_tags(tags: list[str]) -> list[str]:
    """Map ``PERS`` → ``PER`` and turn an ``I-X`` that does not continue an X into ``B-X``
    (the conlleval reading of such chunks, which the corpus README counts the same way)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag != "O":
            bio, typ = tag.split("-", 1)
            typ = _TYPES[typ]
            if bio == "I" and prev[2:] != typ:
                bio = "B"
            tag = f"{bio}-{typ}"
        out.append(tag)
        prev = tag
    return out


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, repaired tags); a blank line ends a sentence."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if not parts:
            if words:
                sents.append((words, repair_tags(tags)))
            words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sents.append((words, repair_tags(tags)))
    return sents
