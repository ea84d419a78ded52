"""The name-ness statistics (eval/ner/experiments/namestats.py), counted on news written for the test."""

import gzip
import json

from eval.ner.experiments.namestats import (
    MIN_COUNT,
    STAT_PARTS,
    article_key,
    build_name_stats,
    count_name_stats,
    read_name_stats,
)
from nashra.language.ner.clusters import word_clusters
from nashra.language.ner.features import stem_of
from nashra.language.ner.text import fold, ner_tokens

# Six short news items: a foreign leader who never takes the article, a title that always
# does, a first name followed by بن.
NEWS = [
    "قال الرئيس ماكرون إن الوزير سيزور المغرب .",
    "وأكد ماكرون أن الوزير وصل إلى الرباط .",
    "استقبل الرئيس الفرنسي ماكرون الوزير محمد بن سلمان .",
    "التقى ماكرون بالوزير في باريس وقال إن محمد بن سلمان سيحضر .",
    "وصرح إيمانويل ماكرون للوزير بأن الاجتماع ناجح .",
    "وكان الوزير قد التقى ماكرون ومحمد بن سلمان أمس .",
]


def _docs():
    """The items twice over, so that the names and titles pass MIN_COUNT."""
    return [[fold(t.text) for t in ner_tokens(text)] for text in NEWS * 2]


def _stem(word):
    return stem_of(word, word_clusters())


def test_article_key_strips_the_article_and_says_it_was_there():
    assert article_key(fold("للرئيس"), _stem(fold("للرئيس"))) == (fold("رئيس"), True)
    assert article_key(fold("الوزير"), _stem(fold("الوزير"))) == (fold("وزير"), True)
    assert article_key("ماكرون", _stem("ماكرون")) == ("ماكرون", False)
    assert article_key("وماكرون", _stem("وماكرون")) == ("ماكرون", False)


def test_names_and_titles_fall_in_opposite_article_buckets():
    stats = count_name_stats(_docs(), _stem)
    at = STAT_PARTS.index("na")
    macron, minister = stats["ماكرون"], stats[fold("وزير")]
    assert len(macron) == len(STAT_PARTS)
    assert int(macron[at]) == 0  # never with ال
    assert int(minister[at]) > int(macron[at])  # always with ال (الوزير، بالوزير، للوزير)


def test_trigger_and_particle_contexts_are_counted():
    stats = count_name_stats(_docs(), _stem)
    trig, part = STAT_PARTS.index("nt"), STAT_PARTS.index("np")
    # ماكرون follows قال/الرئيس/استقبل الرئيس الفرنسي/التقى/وأكد in most items; الوزير rarely a trigger.
    assert int(stats["ماكرون"][trig]) > int(stats[fold("وزير")][trig])
    # محمد stands before بن every time, ماكرون never beside a particle.
    assert int(stats["محمد"][part]) > 0 == int(stats["ماكرون"][part])


def test_rare_words_get_no_statistics():
    stats = count_name_stats(_docs(), _stem)
    assert sum(doc.count("باريس") for doc in _docs()) < MIN_COUNT
    assert "باريس" not in stats and "ماكرون" in stats


def test_build_reads_the_ant_folders_and_writes_one_line_per_key(tmp_path):
    folder = tmp_path / "news" / "ant-test"
    folder.mkdir(parents=True)
    with gzip.open(folder / "items.jsonl.gz", "wt", encoding="utf-8") as fh:
        for k, text in enumerate(NEWS * 2):
            fh.write(json.dumps({"id": str(k), "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "namestats.tsv"
    n = build_name_stats(tmp_path / "news", out)
    lines = out.read_text("utf-8").splitlines()
    assert n == len(lines) >= 2
    assert read_name_stats(out) == count_name_stats(_docs(), _stem)
