"""HTML article pages: the main text with trafilatura, the metadata from what the page carries.

The page is parsed once with lxml. Metadata is read first, from the most deliberate source to
the least: JSON-LD ``NewsArticle`` (``headline``, ``datePublished``, ``author``, ``publisher``),
then Open Graph / ``article:*`` meta tags, then ``<link rel=canonical>``, ``<h1>``, ``<title>``,
``<time>``, and last the byline's date text (``نشر في 23 أبريل 2024``). Where each field came
from is recorded in ``Article.provenance`` (``{"title": "json-ld:headline", …}``), so a wrong
field can be traced to the page's own claim. The main text is then taken by trafilatura from
the same tree.

URLs the page links to (images, related reading) are kept only when they are http(s): a
``javascript:`` or ``data:`` URL is dropped, never stored for the reader to render.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin

import lxml.html
import trafilatura
from lxml import etree

from nashra.errors import ParseError
from nashra.ingest.canonical import canonical_url, domain_of, web_url
from nashra.ingest.jsonl import clean_body
from nashra.ingest.sanitize import sanitize_html
from nashra.language.dates import find_dates, parse_date
from nashra.model import Article, Image, ParsedPage, RelatedLink

__all__ = ["html_to_text", "parse_html_page"]

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BlogPosting", "WebPage"}
_DATE_HINT = re.compile(r"date|time|byline|publish|posted|meta|author|تاريخ", re.IGNORECASE)
_RELATED_HINT = re.compile(r"related|read-?more|more-news|similar|also|ذات", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»]\s+")
_MAX_RELATED = 20
_MIN_BODY_CHARS = 60
"""Less text than this is a menu or an error page, not an article (the shortest briefs have two
sentences). Counted in characters: Japanese or Chinese text has no spaces between words."""


def parse_html_page(text: str, *, origin: str, base_url: str | None = None) -> ParsedPage:
    """One article page as a :class:`ParsedPage`; raises :class:`ParseError` when the page has
    no article text."""
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(origin, f"not parseable as HTML ({exc})") from None
    fields = _Fields()
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)

    fields.offer("url", web_url(ld.get("url") or _ld_name(ld.get("mainEntityOfPage"), "@id")), "json-ld:url")
    fields.offer("url", web_url(_link(tree, "canonical")), "link:canonical")
    fields.offer("url", web_url(meta.get("og:url")), "meta:og:url")
    fields.offer("url", web_url(base_url), "fetched-url")
    base = fields.values.get("url")

    site = meta.get("og:site_name")
    fields.offer("source_name", site, "meta:og:site_name")
    fields.offer("source_name", _ld_name(ld.get("publisher"), "name"), "json-ld:publisher")

    fields.offer("title", ld.get("headline"), "json-ld:headline")
    fields.offer("title", meta.get("og:title"), "meta:og:title")
    fields.offer("title", _first_text(tree, "//h1"), "h1")
    fields.offer("title", _strip_site(_first_text(tree, "//title"), site), "title")

    fields.offer("published_at", _iso(ld.get("datePublished")), "json-ld:datePublished")
    for name in ("article:published_time", "og:published_time", "datepublished", "pubdate", "date"):
        fields.offer("published_at", _iso(meta.get(name)), f"meta:{name}")
    for stamp in tree.xpath("//time[@datetime]/@datetime")[:1]:
        fields.offer("published_at", _iso(stamp), "time")

    fields.offer("author", _ld_authors(ld.get("author")), "json-ld:author")
    fields.offer("author", meta.get("author") or meta.get("article:author"), "meta:author")
    fields.offer("category", meta.get("article:section"), "meta:article:section")

    images = _images(tree, meta, ld, base)
    related = _related_links(tree, base)
    if "published_at" not in fields.values:
        fields.offer("published_at", _byline_date(tree), "byline")

    paragraphs = _main_text(tree).split("\n\n")
    title = fields.values.get("title")
    if title and paragraphs and " ".join(paragraphs[0].split()) == title:
        paragraphs = paragraphs[1:]  # the headline, which trafilatura keeps as the text's start
    body = "\n\n".join(p for p in paragraphs if p)
    if len(body) < _MIN_BODY_CHARS:
        raise ParseError(origin, "no article text found in the page")
    if not title:
        title = paragraphs[0][:120]
        fields.sources["title"] = "first paragraph"
    url = canonical_url(fields.values["url"]) if "url" in fields.values else None
    article = Article(
        title=title,
        body=body,
        source_name=fields.values.get("source_name"),
        source_domain=domain_of(url),
        url=url,
        published_at=fields.values.get("published_at"),
        category=fields.values.get("category"),
        author=fields.values.get("author"),
        images=images,
        related_links=related,
        origin=origin,
        provenance=fields.sources,
    )
    return ParsedPage(article)


class _Fields:
    """The first value offered for each field wins; its source is recorded."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.sources: dict[str, str] = {}

    def offer(self, name: str, value: str | None, source: str) -> None:
        """Entities are decoded: JSON-LD and meta values are often HTML-escaped (``&quot;``)."""
        value = " ".join(html.unescape(value).split()) if isinstance(value, str) else None
        if value and name not in self.values:
            self.values[name] = value
            self.sources[name] = source


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = node.get("content")
        if key and content and key not in tags:
            tags[key] = content.strip()
    return tags


def _link(tree: lxml.html.HtmlElement, rel: str) -> str | None:
    for node in tree.iter("link"):
        if rel in (node.get("rel") or "").lower().split():
            return node.get("href")
    return None


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, object]:
    """The page's JSON-LD article object (the first of a news type, else of any article type)."""
    candidates: list[dict[str, object]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        candidates.extend(o for o in _ld_objects(data) if _ld_types(o) & _ARTICLE_TYPES)
    candidates.sort(key=lambda o: not any(t.endswith("NewsArticle") for t in _ld_types(o)))
    return candidates[0] if candidates else {}


def _ld_objects(data: object) -> Iterator[dict[str, object]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph"))


def _ld_types(obj: dict[str, object]) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _ld_name(value: object, key: str) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get(key)
    return value if isinstance(value, str) else None


def _ld_authors(value: object) -> str | None:
    people = value if isinstance(value, list) else [value]
    names = [n for n in (_ld_name(p, "name") for p in people) if n]
    return ", ".join(names) or None


def _first_text(tree: lxml.html.HtmlElement, path: str) -> str | None:
    for node in tree.xpath(path)[:1]:
        return node.text_content()
    return None


def _strip_site(title: str | None, site: str | None) -> str | None:
    """``<title>`` without the outlet's name: ``"عنوان الخبر | صدى الأطلس"`` → ``"عنوان الخبر"``."""
    if not title or not site:
        return title
    parts = _TITLE_SEPARATORS.split(title.strip())
    kept = [p for p in parts if p.strip() != site.strip()]
    return " - ".join(kept) if kept and len(kept) < len(parts) else title


def _iso(value: object) -> str | None:
    """A machine date as the model keeps it: ``2024-04-23`` or an ISO datetime."""
    if not isinstance(value, str) or not re.match(r"\s*\d{4}-\d{2}-\d{2}", value):
        return None
    value = value.strip()
    return value if len(value) > 10 else value[:10]


def _byline_date(tree: lxml.html.HtmlElement) -> str | None:
    """The date written in the byline, for pages with no machine-readable date: the first date
    in a small element whose class or id names a date, time or byline."""
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        hint = f"{node.get('class', '')} {node.get('id', '')}"
        if node.tag == "time" or _DATE_HINT.search(hint):
            text = node.text_content().strip()
            if not text or len(text) > 200:
                continue
            date = parse_date(text)
            if date is None:
                mentions = [m for m in find_dates(text) if m.value.month is not None]
                date = mentions[0].value if mentions else None
            if date is not None:
                return date.isoformat()
    return None


def _images(tree: lxml.html.HtmlElement, meta: dict[str, str], ld: dict[str, object],
            base: str | None) -> list[Image]:
    found: list[Image] = []
    seen: set[str] = set()

    def add(url: str | None, caption: str | None = None) -> None:
        url = web_url(urljoin(base, url) if base and url else url)
        if url and url not in seen:
            seen.add(url)
            found.append(Image(url, " ".join(caption.split()) or None if caption else None))

    add(meta.get("og:image"))
    add(_ld_name(ld.get("image"), "url"))
    for figure in tree.iter("figure"):
        caption = _first_text(figure, ".//figcaption")
        for img in figure.iter("img"):
            add(img.get("src") or img.get("data-src"), caption or img.get("alt"))
    return found


def _related_links(tree: lxml.html.HtmlElement, base: str | None) -> list[RelatedLink]:
    """Links inside blocks whose class or id says they list related reading."""
    links: list[RelatedLink] = []
    seen: set[str] = set()
    for block in tree.iter("div", "section", "aside", "ul", "nav"):
        if not _RELATED_HINT.search(f"{block.get('class', '')} {block.get('id', '')}"):
            continue
        for anchor in block.iter("a"):
            title = " ".join(anchor.text_content().split())
            url = web_url(urljoin(base, anchor.get("href")) if base else anchor.get("href"))
            if len(title) >= 15 and url and url not in seen:
                seen.add(url)
                links.append(RelatedLink(title, url))
        if len(links) >= _MAX_RELATED:
            break
    return links[:_MAX_RELATED]


def _main_text(tree: lxml.html.HtmlElement) -> str:
    text = trafilatura.extract(tree, output_format="txt", include_comments=False,
                               include_tables=True, include_images=False)
    return clean_body(text or "")


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figure")


def html_to_text(fragment: str) -> str:
    """The text of an untrusted HTML fragment (a feed entry's content), one paragraph per block
    element, after the allowlist of :func:`~nashra.ingest.sanitize.sanitize_html` (scripts,
    styles, SVG and their content dropped): ``"<p>أ</p><p>ب<br>ج</p>"`` → ``"أ\n\nب\n\nج"``."""
    if "<" not in fragment:
        return clean_body(fragment)
    try:
        root = lxml.html.fragment_fromstring(sanitize_html(fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return ""  # nothing of it is text once sanitized
    for node in root.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
        if node.tag != "br":
            node.text = "\n" + (node.text or "")
    return clean_body(root.text_content())
