"""Finding the stories similar to an article."""

from __future__ import annotations

from nashra.analysis.clusters import Cluster, ClusterIndex


def _index() -> ClusterIndex:
    index = ClusterIndex(window_s=86400.0, centroid_terms=10)
    # A story of looting and flight from Afrin.
    index.add(Cluster("s1", "نهب ونزوح في عفرين", 1.0, 0.0, 0.0, 1,
                      {"عفرين": 0.9, "نهب": 0.3, "نزوح": 0.3, "سوري": 0.1}))
    return index


def test_no_single_shared_term_makes_an_article_similar_to_a_story():
    # Shelling elsewhere near Afrin: the place is nearly all it shares with the story.
    place_only = {"عفرين": 0.9, "سوري": 0.1, "قصف": 0.42}
    # Looting and flight told in other proportions: the event itself is shared.
    same_event = {"عفرين": 0.7, "نهب": 0.5, "نزوح": 0.5}
    index = _index()
    assert [c.id for _, c in index.matches(place_only, 0.0, 0.6)] == ["s1"]
    assert index.matches(place_only, 0.0, 0.6, term_share=0.5) == []
    assert [c.id for _, c in index.matches(same_event, 0.0, 0.6, term_share=0.5)] == ["s1"]


def test_capping_a_term_share_never_raises_a_similarity():
    index, article = _index(), {"عفرين": 0.5, "نهب": 0.5, "نزوح": 0.5, "سوري": 0.5}
    (full, _), = index.matches(article, 0.0, 0.0)
    (capped, _), = index.matches(article, 0.0, 0.0, term_share=0.5)
    assert 0.0 < capped <= full
