"""Sitemaps (``sitemap.xml``), Google News sitemaps (``news:news``) and sitemap indexes.

Many Arab outlets publish a news sitemap instead of a full feed. A sitemap lists pages to fetch,
not articles: :func:`parse_sitemap` gives each page's canonical URL with what the sitemap says
about it (title, publication, language, date, images), and, for an index, the child sitemaps.
The crawler fetches them. The XML is parsed with entities unresolved and no network access, so a
hostile sitemap cannot read local files or expand entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from nashra.errors import ParseError
from nashra.ingest.canonical import canonical_url, web_url

__all__ = ["Sitemap", "SitemapEntry", "parse_sitemap"]

_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


@dataclass(slots=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None
    changefreq: str | None = None
    """``always``, ``hourly``, ``daily`` … as the sitemap says (the crawler's schedule hint)."""
    title: str | None = None
    publication: str | None = None
    language: str | None = None
    published_at: str | None = None
    images: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sitemap:
    entries: list[SitemapEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    """Sitemaps a sitemap index points to."""

    @property
    def is_index(self) -> bool:
        return bool(self.children)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, recover=False)


def parse_sitemap(data: bytes, *, origin: str) -> Sitemap:
    """The pages (or child sitemaps) one sitemap document lists; raises :class:`ParseError` for
    XML that is malformed or not a sitemap."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(origin, f"malformed XML ({exc})") from None
    kind = etree.QName(root).localname
    sitemap = Sitemap()
    if kind == "sitemapindex":
        for loc in root.iterfind("{*}sitemap/{*}loc"):
            url = web_url((loc.text or "").strip())
            if url:
                sitemap.children.append(canonical_url(url))
        return sitemap
    if kind != "urlset":
        raise ParseError(origin, f"not a sitemap (root element <{kind}>)")
    seen: set[str] = set()
    for node in root.iterfind("{*}url"):
        url = web_url(_text(node, "{*}loc"))
        if not url or (url := canonical_url(url)) in seen:
            continue
        seen.add(url)
        sitemap.entries.append(SitemapEntry(
            url=url,
            lastmod=_text(node, "{*}lastmod"),
            changefreq=(_text(node, "{*}changefreq") or "").lower() or None,
            title=_text(node, f"{_NEWS}news/{_NEWS}title"),
            publication=_text(node, f"{_NEWS}news/{_NEWS}publication/{_NEWS}name"),
            language=_text(node, f"{_NEWS}news/{_NEWS}publication/{_NEWS}language"),
            published_at=_text(node, f"{_NEWS}news/{_NEWS}publication_date"),
            images=[u for u in (web_url(_text(i, f"{_IMAGE}loc")) for i in node.iterfind(f"{_IMAGE}image")) if u],
        ))
    return sitemap


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path)
    if found is None or not found.text:
        return None
    return " ".join(found.text.split()) or None
