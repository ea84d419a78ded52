"""Plain typed records shared by every stage: ingest produces them, the store keeps them.

Records carry no behaviour beyond what derives from their own fields; stages are functions
elsewhere. ``published_at`` is what the *source* says (never invented); anything Nashra infers
goes to ``published_estimate`` with its basis.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from nashra.language.normalize import normalize
from nashra.language.terms import terms_of_normalized

__all__ = [
    "Article",
    "BodyDate",
    "ConnectFeatures",
    "DateEstimate",
    "Image",
    "IndexForm",
    "ParsedPage",
    "RelatedLink",
    "content_key",
]


@dataclass(slots=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(slots=True)
class RelatedLink:
    """A headline the page lists as related reading; ``url`` is unknown in scraped text."""

    title: str
    url: str | None = None


@dataclass(slots=True)
class DateEstimate:
    """A publication date Nashra inferred, kept apart from what the source stated."""

    value: str
    basis: str


@dataclass(frozen=True, slots=True)
class BodyDate:
    """A date expression found in an article's body: its span there and its resolved value
    (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` at coarser precision)."""

    text: str
    start: int
    end: int
    value: str


@dataclass(slots=True)
class Article:
    title: str
    body: str
    """Clean text, paragraphs separated by one blank line."""
    source_name: str | None = None
    source_domain: str | None = None
    url: str | None = None
    published_at: str | None = None
    """ISO date (``2024-04-23``), coarser (``2024-04``) or ISO datetime, as the source dates it."""
    published_estimate: DateEstimate | None = None
    language: str = "ar"
    category: str | None = None
    external_id: str | None = None
    images: list[Image] = field(default_factory=list)
    related_links: list[RelatedLink] = field(default_factory=list)
    origin: str | None = None
    """Where the article was read from: a file path or URL, for error messages and provenance."""
    author: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    """Where each field came from, as the reader that made the article names it
    (``{"title": "json-ld:headline", "published_at": "byline"}``); empty when not recorded."""
    variety: str | None = None
    """``msa``, ``darija``, ``fr``, ``en`` … (see :mod:`nashra.language.variety`)."""
    title_variety: str | None = None
    """The headline's own variety: an outlet may write a Darija headline over an MSA body."""
    dates: list[BodyDate] = field(default_factory=list)
    """Date expressions of the body, resolved against the publication date."""

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]


@dataclass(frozen=True, slots=True)
class IndexForm:
    """What the store keys and indexes an article by. Computed once per article, in a worker
    process when the pipeline runs in parallel, so the storing process only writes."""

    content_key: str
    title_terms: str
    body_terms: str

    @classmethod
    def of(cls, article: Article) -> IndexForm:
        title, body = normalize(article.title), normalize(article.body)
        return cls(
            content_key=_key_of_normalized(title, body),
            title_terms=" ".join(terms_of_normalized(title)),
            body_terms=" ".join(terms_of_normalized(body)),
        )


@dataclass(frozen=True, slots=True)
class ConnectFeatures:
    """What the connect stage compares an article by (see :mod:`nashra.analysis.features`):
    computed with the index form, in a worker process when the pipeline runs in parallel."""

    signature: bytes
    """MinHash signature of the text's shingles (near-duplicates)."""
    vector: dict[str, float]
    """Unit TF-IDF vector of its strongest terms (stories and storylines)."""


@dataclass(frozen=True, slots=True)
class NamedMention:
    """A name the tagger found (see :mod:`nashra.language.ner`): ``text`` is
    ``title[start:end]`` or ``body[start:end]`` as ``part`` says; ``type`` is PER, LOC, ORG or MISC."""

    text: str
    start: int
    end: int
    type: str
    part: str


@dataclass(slots=True)
class ParsedPage:
    """What one input page yields: the article and what the page showed around it."""

    article: Article
    ticker: list[str] = field(default_factory=list)
    """Headlines of the site's ticker at crawl time; they date the crawl, not the article."""
    crawled_at: dt.datetime | None = None
    index_form: IndexForm | None = None
    """The article's :class:`IndexForm` when a stage computed it; must match title and body."""
    features: ConnectFeatures | None = None
    mentions: list[NamedMention] | None = None
    """The names found in the article when the entity stage ran (None when it did not)."""


def content_key(title: str, body: str) -> str:
    """The identity of an article's text: equal for copies that differ only in spelling variants,
    diacritics, spacing or invisible characters. Exact duplicates share it."""
    return _key_of_normalized(normalize(title), normalize(body))


def _key_of_normalized(title: str, body: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(title.encode())
    digest.update(b"\x00")
    digest.update(body.encode())
    return digest.hexdigest()
