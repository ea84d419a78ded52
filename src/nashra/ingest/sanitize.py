"""Untrusted HTML made safe to show: an allowlist (nh3, the Rust ammonia sanitizer).

Feeds and pages carry markup written by others, sometimes hostile: ``<script>``, event handlers
(``onerror=…``), ``javascript:`` and ``data:`` URLs, inline SVG. Every fragment Nashra keeps or
reads for display passes :func:`sanitize_html` at ingest: only the tags of an article's text
survive, links and images keep only http(s) URLs (links get ``rel="noopener noreferrer nofollow"``),
no attribute can run code, and the *content* of script, style, SVG, MathML, iframes and
objects is dropped, not just their tags.

>>> sanitize_html('<p onclick="x()">خبر <a href="javascript:alert(1)">هنا</a></p><script>x()</script>')
'<p>خبر <a rel="noopener noreferrer nofollow">هنا</a></p>'
"""

from __future__ import annotations

import nh3

__all__ = ["ALLOWED_TAGS", "sanitize_html"]

ALLOWED_TAGS = frozenset({
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"dir", "lang"},
}
_DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "embed", "noscript",
                         "template", "textarea", "select", "applet", "frameset", "noembed"}


def sanitize_html(fragment: str) -> str:
    """``fragment`` with everything outside the allowlist removed (see the module docstring)."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
