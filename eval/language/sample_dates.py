"""Draw the sentences of the held-out date sets ``heldout2`` and ``heldout3`` of ``dates_gold.json``.

    .venv/bin/python -m eval.language.sample_dates [heldout2|heldout3] > sentences.tsv

Each rule was written down before any of its set was scored, so that hard and easy cases come in
the proportions real text has them:

1. Sources, read in file order: the four news sets of ../shared/data/news (article bodies) and
   the two Arabic-script Darija sets of ../shared/data/darija (Goud.ma headlines and bodies from
   marsum-test, the NLLB seed sentences). Records used by the parts of the gold drawn before
   this one are skipped, so the sets share no record.
2. Each text is cut into sentences at . ! ? ؟ ؛ and line ends.
3. A sentence is a candidate when :data:`BROAD` finds anything in it: a month name of any Arab
   naming or a Hijri month, a weekday, أمس/غدا/اليوم, a word of past/next/current (الماضي، المقبل،
   الجاري …), منذ/قبل before a number or a time unit, a numeric date, or a year 1900–2099. It is
   broader than ``find_dates`` on purpose ("ماي" water, "مارس" he practised, years in names),
   so sentences with no date come in too.
4. Candidates are numbered from 0 in each source; those whose number is ``offset`` modulo
   ``step`` are taken, until ``per_news`` come from each news set and ``per_darija`` from each
   Darija set (:data:`DRAWS`).

``heldout2``: step 97, offset 96, 30 per news set, 10 per Darija set (136 sentences).
``heldout3``: step 89, offset 44, 34 per news set, 10 per Darija set, written down before the
set was labelled; it skips every record of ``heldout2`` too. The NLLB set has only 7 candidates
at that step, so 34 rather than the first-written 33 per news set, raised before labelling, make
the 150 sentences aimed at (153).

Labels are then given by reading each sentence (see the ``about`` of the gold file for what is
labelled); the text itself is never stored, only file, record id, field and offsets.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

from eval.language.corpus import DARIJA, NEWS, records
from eval.language.dates import GOLD
from nashra.language.normalize import dediacritize


@dataclass(frozen=True)
class Draw:
    step: int
    offset: int
    per_news: int
    per_darija: int
    skip: tuple[str, ...]  # the gold parts drawn before this one


DRAWS = {
    "heldout2": Draw(97, 96, 30, 10, ("corpus", "heldout")),
    "heldout3": Draw(89, 44, 34, 10, ("corpus", "heldout", "heldout2")),
}
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


def used_ids(parts: tuple[str, ...]) -> set[str]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return {g["id"] for part in parts for g in gold.get(part, [])}


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


def sample(draw: Draw):
    skip = used_ids(draw.skip)
    sources = [(path, ("text",), draw.per_news) for path in NEWS.values()]
    sources += [(DARIJA["marsum"], ("title", "text"), draw.per_darija),
                (DARIJA["nllb"], ("text",), draw.per_darija)]
    for path, fields, wanted in sources:
        taken = 0
        for number, item in enumerate(candidates(path, fields, skip)):
            if number % draw.step == draw.offset:
                yield path, *item
                taken += 1
                if taken == wanted:
                    break


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "heldout3"
    if part not in DRAWS:
        sys.exit(f"unknown set {part!r}: one of {', '.join(DRAWS)}")
    for path, record_id, field, start, end, sentence, reference in sample(DRAWS[part]):
        print("\t".join([path, record_id, field, str(start), str(end), reference or "-",
                         sentence]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
