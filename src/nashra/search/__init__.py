"""Search: user queries to index terms (through the language layer), ranked hits with snippets.

The store matches and ranks; this package decides what is matched and how hits are shown, so the
CLI, the web app and every store backend agree.
"""

from nashra.search.engine import Hit, search

__all__ = ["Hit", "search"]
