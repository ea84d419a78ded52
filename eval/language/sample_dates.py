"""Draw the sentences of the second held-out date set (``heldout2`` in ``dates_gold.json``).

    .venv/bin/python -m eval.language.sample_dates > sentences.tsv

The rule was written down before any of it was scored, so that hard and easy cases come in the
proportions real text has them:

1. Sources, read in file order: the four news sets of ../shared/data/news (article bodies) and
   the two Arabic-script Darija sets of ../shared/data/darija (Goud.ma headlines and bodies from
   marsum-test, the NLLB seed sentences). Records used by any other part of the gold are skipped.
2. Each text is cut into sentences at . ! ? ؟ ؛ and line ends.
3. A sentence is a candidate when :data:`BROAD` finds anything in it: a month name of any Arab
   naming or a Hijri month, a weekday, أمس/غدا/اليوم, a word of past/next/current (الماضي، المقبل،
   الجاري …), منذ/قبل before a number or a time unit, a numeric date, or a year 1900–2099. It is
   broader than ``find_dates`` on purpose ("ماي" water, "مارس" he practised, years in names),
   so sentences with no date come in too.
4. Every :data:`STEP`-th candidate of each source is taken, until :data:`PER_NEWS_SOURCE` come
   from each news set and :data:`PER_DARIJA_SOURCE` from each Darija set.

Labels are then given by reading each sentence (see the ``about`` of the gold file for what is
labelled); the text itself is never stored, only file, record id, field and offsets.
"""

from __future__ import annotations

import json
import re
import sys

from eval.language.corpus import DARIJA, NEWS, records
from eval.language.dates import GOLD
from nashra.language.normalize import dediacritize

STEP = 97
PER_NEWS_SOURCE = 30
PER_DARIJA_SOURCE = 10
SENTENCE = re.compile(r"[^.!?؟؛\n]+")

_MONTHS = (
    "يناير فبراير مارس أبريل ابريل إبريل مايو ماي يونيو يونيه يوليو يوليوز يوليه أغسطس اغسطس غشت"
    " سبتمبر شتنبر أكتوبر اكتوبر نوفمبر نونبر ديسمبر دجنبر جانفي فيفري أفريل جوان جويلية أوت"
    " كانون شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول ايلول تشرين"
    " محرم صفر ربيع جمادى جمادي رجب شعبان رمضان شوال القعدة الحجة"
)
_OTHER = (
    "الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الأحد الاحد أمس امس"
    " الأمس غدا غداً اليوم الماضي الماضية المنصرم المنصرمة الفائت المقبل المقبلة القادم القادمة"
    " الجاري الجارية الحالي"
)
BROAD = re.compile(
    r"(?<!\w)[وفبل]?(?:" + "|".join(sorted(set((_MONTHS + " " + _OTHER).split()), key=len,
                                               reverse=True))
    + r")(?!\w)"
    r"|(?:منذ|قبل)\s+(?:\d|\w+\s+(?:أيام|ايام|أسابيع|اسابيع|أشهر|اشهر|شهور|سنوات|أعوام|اعوام))"
    r"|(?:منذ|قبل)\s+(?:يومين|أسبوعين|اسبوعين|شهرين|عامين|سنتين|يوم|أسبوع|اسبوع|شهر|عام|سنة)"
    r"|\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}\b|\b\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\b"
    r"|(?<!\d)(?:19|20)\d\d(?!\d)"
)


def used_ids() -> set[str]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return {g["id"] for part in ("corpus", "heldout", "heldout2") for g in gold.get(part, [])}


def candidates(relative: str, fields: tuple[str, ...], skip: set[str]):
    """(record id, field, start, end, sentence, reference) of every candidate sentence."""
    for record in records(relative):
        if record["id"] in skip:
            continue
        date = record.get("date")
        reference = date[:10] if isinstance(date, str) and date[:2] in ("19", "20") else None
        for field in fields:
            text = record.get(field) or ""
            for m in SENTENCE.finditer(text):
                if BROAD.search(dediacritize(m.group())):
                    yield record["id"], field, m.start(), m.end(), m.group().strip(), reference


def sample():
    skip = used_ids()
    sources = [(path, ("text",), PER_NEWS_SOURCE) for path in NEWS.values()]
    sources += [(DARIJA["marsum"], ("title", "text"), PER_DARIJA_SOURCE),
                (DARIJA["nllb"], ("text",), PER_DARIJA_SOURCE)]
    for path, fields, wanted in sources:
        taken = 0
        for number, item in enumerate(candidates(path, fields, skip)):
            if number % STEP == STEP - 1:
                yield path, *item
                taken += 1
                if taken == wanted:
                    break


def main() -> None:
    for path, record_id, field, start, end, sentence, reference in sample():
        print("\t".join([path, record_id, field, str(start), str(end), reference or "-",
                         sentence]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
