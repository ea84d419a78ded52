"""Category names as readers see them: outlets and feeds tag articles with section names in
English slugs ("sports"), French ("Politique") or Arabic ("رياضة"); the page shows the Arabic
name when it knows one and the category as given otherwise. The address keeps the stored name."""

from __future__ import annotations

__all__ = ["category_label"]

_LABELS = {
    "politics": "سياسة", "politique": "سياسة",
    "economy": "اقتصاد", "economie": "اقتصاد", "économie": "اقتصاد", "business": "اقتصاد",
    "society": "مجتمع", "societe": "مجتمع", "société": "مجتمع",
    "sports": "رياضة", "sport": "رياضة",
    "international": "دولي", "world": "دولي", "monde": "دولي",
    "culture": "ثقافة", "arts": "ثقافة",
    "health": "صحة", "santé": "صحة", "sante": "صحة",
    "technology": "تكنولوجيا", "tech": "تكنولوجيا",
    "opinion": "رأي", "regions": "جهات", "régions": "جهات",
}


def category_label(name: str) -> str:
    """``category_label("sports") == "رياضة"``; an unknown or Arabic name is returned as it is."""
    return _LABELS.get(name.strip().lower(), name)
