"""Scraped text pages: a news page saved as plain text, chrome and all.

Such a page is a sequence of lines in which the article is mixed with what the site printed
around it (see ``shared/seeds``). The reader classifies each line:

* a **ticker** line (headlines separated by runs of no-break spaces): kept as ticker headlines;
* a site **notice** (report this image, read at the source, share, follow …): dropped;
* the **byline** "نشر في <outlet> يوم <date>": gives outlet and date, dropped from the body;
* the **title**: the line just above the byline, or the first line when there is none;
* **related links**: the line after a lone "-", or after "اقرأ أيضا": kept as related links;
* everything else after the title is the **body**, one paragraph per line, each paragraph once.

Lines above the title (breadcrumbs, menus) are page chrome and are dropped.
"""

from __future__ import annotations

from nashra.errors import ParseError
from nashra.ingest.boilerplate import (
    Byline,
    is_notice,
    is_related_marker,
    parse_byline,
    read_also_title,
    split_ticker,
)
from nashra.language.normalize import clean_text
from nashra.model import Article, ParsedPage, RelatedLink

__all__ = ["parse_text_page"]

# The byline sits right under the title, near the top; a page may also sign off with it.
_BYLINE_SEARCH_LINES = 6
# A first line longer than this is a paragraph, not a headline.
_TITLE_MAX_CHARS = 300


def parse_text_page(text: str, *, origin: str) -> ParsedPage:
    """Read one scraped page. Raises :class:`ParseError` when it holds no article text."""
    ticker: list[str] = []
    kept: list[str] = []
    for raw in text.splitlines():
        headlines = split_ticker(raw)
        if headlines is None:
            kept.append(raw)
        else:
            ticker.extend(headlines)
    lines = [line for line in clean_text("\n".join(kept)).split("\n") if line and not is_notice(line)]
    if not lines:
        raise ParseError(origin, "no article text (the page is empty or only site notices)")

    byline_index, byline = _find_byline(lines)
    if byline_index is None:
        title_index = 0
    elif byline_index > 0 and byline_index < _BYLINE_SEARCH_LINES:
        title_index = byline_index - 1
    else:
        title_index = 0
    content = [line for i, line in enumerate(lines) if i > title_index and i != byline_index]

    title = lines[title_index]
    if len(title) > _TITLE_MAX_CHARS:
        # No headline line: the page starts with its text. Keep all of it as body.
        content.insert(0, title)
        title = _first_sentence(title)
    body_lines, related = _split_related(content)
    paragraphs = _unique_paragraphs(body_lines, title)
    if not paragraphs:
        raise ParseError(origin, "no body text under the title")

    article = Article(
        title=title,
        body="\n\n".join(paragraphs),
        source_name=byline.outlet if byline else None,
        published_at=byline.date.isoformat() if byline and byline.date else None,
        related_links=related,
        origin=origin,
    )
    return ParsedPage(article=article, ticker=ticker)


def _find_byline(lines: list[str]) -> tuple[int | None, Byline | None]:
    head = range(min(len(lines), _BYLINE_SEARCH_LINES))
    tail = range(max(len(head), len(lines) - 2), len(lines))
    for i in [*head, *tail]:
        byline = parse_byline(lines[i])
        if byline is not None:
            return i, byline
    return None, None


def _split_related(lines: list[str]) -> tuple[list[str], list[RelatedLink]]:
    """Separate related-article headlines (after a lone dash or "read also") from the body."""
    body: list[str] = []
    related: list[RelatedLink] = []
    expect_headline = False
    for line in lines:
        if is_related_marker(line):
            expect_headline = True
            continue
        also = read_also_title(line)
        if also is not None:
            if also:
                related.append(RelatedLink(title=also))
            else:
                expect_headline = True
            continue
        if expect_headline:
            related.append(RelatedLink(title=line))
            expect_headline = False
        else:
            body.append(line)
    return body, related


def _unique_paragraphs(lines: list[str], title: str) -> list[str]:
    """Each paragraph once (pages repeat paragraphs verbatim), and not the title again."""
    return [line for line in dict.fromkeys(lines) if line != title]


def _first_sentence(text: str, limit: int = 120) -> str:
    for stop in (".", "؟", "!", "،"):
        cut = text.find(stop)
        if 0 < cut <= limit:
            return text[:cut].strip()
    return text[:limit].rsplit(" ", 1)[0].strip()
