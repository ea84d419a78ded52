"""The bundled sample corpus: invented Arabic news pages for ``nashra demo`` and evaluations.

Every page was written for Nashra. The outlets (صدى الأطلس، مرصد الشمال …) and the people in the
news are fictional; places and generic institutions are real. No text comes from a real outlet.
The pages use the scraped-text format that :mod:`nashra.ingest.textpage` reads; ``manifest.csv``
gives, for each page, its outlet and intended date (needed for the pages that carry no byline)
and the story and storyline it belongs to.

Licence: CC0-1.0 (public domain dedication).
"""

from __future__ import annotations

import csv
import io
import pathlib
from dataclasses import dataclass
from importlib import resources

__all__ = ["SampleEntry", "manifest", "pages_dir"]


@dataclass(frozen=True, slots=True)
class SampleEntry:
    """One row of ``manifest.csv``; ``story`` and ``storyline`` are '' for standalone pages."""

    file: str
    outlet: str
    published: str
    story: str
    storyline: str
    category: str
    variety: str


def pages_dir() -> pathlib.Path:
    """The folder holding the sample pages (one ``.txt`` file per article)."""
    return pathlib.Path(str(resources.files(__name__) / "pages"))


def manifest() -> list[SampleEntry]:
    """The manifest rows, in file order."""
    text = (resources.files(__name__) / "manifest.csv").read_text(encoding="utf-8")
    return [SampleEntry(**row) for row in csv.DictReader(io.StringIO(text))]
