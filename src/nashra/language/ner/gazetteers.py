"""Name lists (gazetteers) for the NER features and the fallback.

Sources, all usable without ``../shared`` at run time:

* **Countries and territories** in Arabic from Babel's CLDR data and pycountry's ISO 3166
  translations (both installed with Nashra): ``فرنسا``, ``المغرب``, ``الولايات المتحدة``.
* **Moroccan regions, provinces, prefectures and towns** (``data/morocco_admin.txt``), derived
  from the MIT-licensed ``mahdiboughrous/moroccan-administrative-division-data`` by
  :func:`build_morocco_admin` (rural communes with one-word names are left out: ``صباح``,
  ``مدار`` are ordinary words).
* **Lists written for Nashra** (``data/loc.txt``, ``org.txt``, ``per.txt``, ``titles.txt``):
  capitals and regions, ministries and institutions, people in the news, person titles.

ANERgazet is not used: its licence is not stated, so it can be neither shipped nor relied on.

Matching is on folded forms (see :func:`~nashra.language.ner.text.fold`), longest match first,
and the first word of a match may carry proclitics (``وباريس``, ``بالرباط``)::

    >>> gaz = default_gazetteer()
    >>> [(m.start, m.end, m.label) for m in gaz.find(["زار", "وزارة", "الداخلية", "بالرباط"])]
    [(1, 3, 'ORG'), (3, 4, 'LOC')]
"""

from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from pathlib import Path

from nashra.language.ner.text import fold, proclitic_splits

__all__ = ["Gazetteer", "GazetteerMatch", "build_morocco_admin", "default_gazetteer"]

LABELS = ("LOC", "ORG", "PER", "TITLE")
_MAX_WORDS = 6
_CACHE = 200_000  # word readings remembered by a gazetteer
# Letters that Moroccan names use and the search form does not fold (gaf with three dots).
_EXTRA_FOLD = str.maketrans({"ݣ": "ك", "ڭ": "ك"})


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """A name found in a token sequence: tokens ``[start, end)`` and the list it came from."""

    start: int
    end: int
    label: str
    strong: bool


class Gazetteer:
    """Folded multi-word names → label, with a ``strong`` flag for names safe as a fallback."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, ...], tuple[str, bool]] = {}
        self._first_words: dict[str, int] = {}  # first word → most words of a name it starts
        self._starts: dict[str, tuple[str, ...]] = {}  # folded token → readings that begin a name
        self._raw_starts: dict[str, tuple[str, ...]] = {}  # the same by raw token

    def add(self, name: str, label: str, strong: bool = True) -> None:
        key = tuple(fold(w.translate(_EXTRA_FOLD)) for w in name.split())
        if not key or len(key) > _MAX_WORDS:
            return
        old = self._names.get(key)
        if old is None or (strong and not old[1]):
            self._names[key] = (label, strong)
        self._first_words[key[0]] = max(len(key), self._first_words.get(key[0], 0))
        self._starts.clear()
        self._raw_starts.clear()

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, name: str) -> str | None:
        """The label of a whole name, or None: ``lookup("المغرب")`` → ``"LOC"``."""
        found = self._names.get(tuple(fold(w) for w in name.split()))
        return found[0] if found else None

    def find(self, words: Sequence[str], folded: bool = False) -> list[GazetteerMatch]:
        """Non-overlapping longest matches in ``words`` (raw tokens unless ``folded``).

        The readings of each token that begin a name are cached per token (raw or folded), so
        a sentence costs one dictionary lookup per token, and only the tokens that begin some
        name (a few per sentence) are looked at further."""
        cache = self._starts if folded else self._raw_starts
        readings = list(map(cache.get, words))
        if None in readings:
            readings = [self._readings(w, folded) if r is None else r for w, r in zip(words, readings)]
        out: list[GazetteerMatch] = []
        end = 0
        for i in compress(range(len(readings)), readings):
            if i >= end:
                hit = self._longest_at(words, i, readings[i], folded)
                if hit is not None:
                    out.append(hit)
                    end = hit.end
        return out

    def _readings(self, word: str, folded: bool) -> tuple[str, ...]:
        """:meth:`_name_starts` of a token not cached yet; a raw token's also kept by itself."""
        if folded:
            return self._name_starts(word)
        found = self._name_starts(fold(word))
        if len(self._raw_starts) > _CACHE:
            self._raw_starts.clear()
        self._raw_starts[word] = found
        return found

    def _name_starts(self, tok: str) -> tuple[str, ...]:
        """The readings of a folded ``tok`` (with and without proclitics) that begin some name; cached."""
        found = self._starts.get(tok)
        if found is None:
            if len(self._starts) > _CACHE:
                self._starts.clear()
            found = tuple(rest for _c, rest in proclitic_splits(tok) if rest in self._first_words)
            self._starts[tok] = found
        return found

    def _longest_at(self, words: Sequence[str], i: int, readings: tuple[str, ...],
                    folded: bool) -> GazetteerMatch | None:
        names, most = self._names, self._first_words
        after = words[i + 1:i + max(most[first] for first in readings)]
        after = tuple(after) if folded else tuple(map(fold, after))
        for first in readings:
            for n in range(min(most[first], len(words) - i), 0, -1):
                found = names.get((first, *after[:n - 1]))
                if found:
                    return GazetteerMatch(i, i + n, found[0], found[1])
        return None


def _data_lines(filename: str) -> Iterable[str]:
    text = resources.files("nashra.language.ner").joinpath("data").joinpath(filename).read_text("utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _country_names() -> set[str]:
    from babel import Locale

    names = {n for code, n in Locale("ar").territories.items() if code.isalpha()}
    try:
        import pycountry

        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        names.update(tr.gettext(c.name) for c in pycountry.countries)
    except (ImportError, OSError):
        pass
    # CLDR gives "المغرب"; news also writes the article-less and long forms.
    return {n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)}


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from every shipped source (built once, on first use)."""
    gaz = Gazetteer()
    for name in _data_lines("morocco_admin.txt"):
        weak = name.startswith("~")
        gaz.add(name.lstrip("~"), "LOC", strong=not weak)
    for name in _country_names():
        gaz.add(name, "LOC")
    for label, filename in (("LOC", "loc.txt"), ("ORG", "org.txt"), ("PER", "per.txt"), ("TITLE", "titles.txt")):
        for name in _data_lines(filename):
            gaz.add(name, label)
    return gaz


def build_morocco_admin(src_dir: Path, out: Path) -> int:
    """Write ``data/morocco_admin.txt`` from the Moroccan admin JSON files; returns the count.

    Regions, provinces/prefectures and urban communes are strong names; rural communes with
    more than one word are kept as weak ones (prefixed ``~``: features only, never a fallback).
    """
    def ar(path: str, key: str) -> list[dict]:
        return json.loads((src_dir / path).read_text("utf-8"))[key]

    strong = {x["name"]["ar"] for x in ar("regions.json", "regions")}
    strong |= {x["name"]["ar"] for x in ar("region-divisions.json", "region_divisions")}
    communes = ar("communes.json", "communes")
    strong |= {x["name"]["ar"] for x in communes if x["type"] == "urbain"}
    weak = {x["name"]["ar"] for x in communes if x["type"] != "urbain" and " " in x["name"]["ar"]} - strong
    licence = "".join(f"# {line}".rstrip() + "\n" for line in (src_dir / "LICENSE").read_text("utf-8").splitlines())
    header = (
        "# Moroccan regions, provinces, prefectures and communes (Arabic names), derived by\n"
        "# nashra.language.ner.gazetteers.build_morocco_admin from\n"
        "# mahdiboughrous/moroccan-administrative-division-data, under its licence:\n"
        f"{licence}# Lines starting with ~ are weak names.\n"
    )
    lines = sorted(strong) + ["~" + n for n in sorted(weak)]
    out.write_text(header + "\n".join(lines) + "\n", "utf-8")
    return len(lines)


if __name__ == "__main__":  # python -m nashra.language.ner.gazetteers SRC_DIR OUT_FILE
    print(build_morocco_admin(Path(sys.argv[1]), Path(sys.argv[2])))
