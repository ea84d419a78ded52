"""Date expressions: parse_date on date fields, find_dates in running text."""

import datetime as dt
from pathlib import Path

import pytest

from nashra.language.dates import PartialDate, find_dates, parse_date

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TUESDAY = dt.date(2024, 4, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 - 04 - 2024", "2024-04-23"),
        ("1 - 2 - 2012", "2012-02-01"),
        ("2024/04/23", "2024-04-23"),
        ("٢٣/٠٤/٢٠٢٤", "2024-04-23"),
        ("2024-04-23T10:30:00+01:00", "2024-04-23"),
        ("23 أبريل 2024", "2024-04-23"),
        ("الثلاثاء 23 أبريل 2024", "2024-04-23"),
        ("5 أيار 2024", "2024-05-05"),
        ("12 شتنبر 2023", "2023-09-12"),
        ("3 جويلية 2019", "2019-07-03"),
        ("غشت 2024", "2024-08"),
        ("تموز 2024", "2024-07"),
        ("مايو/أيار 2024", "2024-05"),
        ("يناير/كانون الثاني 2024", "2024-01"),
        ("١٥ كانون الأول ٢٠٢٣", "2023-12-15"),
    ],
)
def test_parse_date_reads_every_naming(text, expected):
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize("text", ["2024", "نشر في الأيام", "31 - 02 - 2024", "ماي", "الأحد", ""])
def test_parse_date_refuses_what_is_not_a_full_date(text):
    assert parse_date(text) is None


def test_hijri_date_goes_through_umm_al_qura():
    # 1 Ramadan 1445 was Monday 11 March 2024, so the 3rd is the 13th.
    assert parse_date("٣ رمضان ١٤٤٥ هـ") == PartialDate(2024, 3, 13)


def _values(text, reference=TUESDAY):
    return [(m.text, m.value.isoformat()) for m in find_dates(text, reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال أمس الإثنين", ("أمس الإثنين", "2024-04-22")),
        ("وقال أمس", ("أمس", "2024-04-22")),
        ("وقع أول أمس", ("أول أمس", "2024-04-21")),
        ("أعلن اليوم الثلاثاء", ("اليوم الثلاثاء", "2024-04-23")),
        ("وصل منذ ثلاثة أيام", ("منذ ثلاثة أيام", "2024-04-20")),
        ("الشهر الماضي", ("الشهر الماضي", "2024-03")),
        ("في يوليو الماضي", ("يوليو الماضي", "2023-07")),
        ("في فبراير الماضي", ("فبراير الماضي", "2024-02")),
        ("الأسبوع الماضي", ("الأسبوع الماضي", "2024-04")),
        ("السنة الماضية", ("السنة الماضية", "2023")),
        ("يوم الخميس المقبل", ("يوم الخميس المقبل", "2024-04-25")),
        ("غدا الأربعاء", ("غدا الأربعاء", "2024-04-24")),
    ],
)
def test_relative_expressions_resolve_against_the_reference(text, expected):
    assert _values(text) == [expected]


def test_relative_expressions_need_a_reference():
    assert find_dates("وقال أمس الإثنين", None) == []
    assert _values("في مايو/أيار 2024", None) == [("مايو/أيار 2024", "2024-05")]


def test_spans_point_into_the_original_text():
    text = "وقّع الوزيرُ أمسِ الإثنين اتفاقاً في ٥ أيار ٢٠٢٤"
    for mention in find_dates(text, TUESDAY):
        assert text[mention.start : mention.end] == mention.text
    assert [m.value.isoformat() for m in find_dates(text, TUESDAY)] == ["2024-04-22", "2024-05-05"]


@pytest.mark.parametrize(
    "text",
    [
        "شرب ماي بارد",  # Darija: water
        "زار آب العائلة",
        "مارس الضغط على الحكومة",
        "الأحد عشر لاعبا",
        "أولمبياد باريس 2024",
        "قبل ثلاثة أيام من الانتخابات",
        "وأيارها",
    ],
)
def test_no_false_positives(text):
    assert find_dates(text, TUESDAY) == []


def test_a_year_alone_needs_a_date_context():
    assert _values("في عام 2019 وقع") == [("عام 2019", "2019")]
    assert _values("يستمر حتى 2026") == [("حتى 2026", "2026")]
    assert _values("يقيم هناك منذ 2014") == [("منذ 2014", "2014")]
    assert _values("حوالي 2019 شخصا") == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_seed_body_dates():
    seed0 = (SEEDS / "000_d293e16fee17fffa.txt").read_text(encoding="utf-8")
    assert ("أمس الإثنين", "2024-04-22") in _values(seed0)
    seed3 = (SEEDS / "003_4173c69650e6ce3a.txt").read_text(encoding="utf-8")
    found = _values(seed3, None)
    assert ("أبريل/نيسان 2024", "2024-04") in found
    assert ("يناير/كانون الثاني 2024", "2024-01") in found


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # A futures contract is named by its delivery month: the next such month.
        ("النفط لتسليم أيلول (سبتمبر) ارتفع", dt.date(2015, 7, 22), "2015-09"),
        ("الذهب تسليم أغسطس تراجع", dt.date(2015, 7, 22), "2015-08"),
        ("الذهب تسليم فبراير تراجع", dt.date(2015, 11, 2), "2016-02"),
        ("الخام لتسليم يوليو", dt.date(2015, 7, 1), "2015-07"),
    ],
)
def test_delivery_month_is_the_next_one(text, reference, expected):
    [mention] = find_dates(text, reference)
    assert mention.value.isoformat() == expected and mention.relative


def test_hijri_month_with_a_gregorian_year():
    # Ramadan 1438 ran from 27 May to 24 June 2017: only the year is common to both ends.
    assert _values("الاستعداد لشهر رمضان المعظم 2017 بوضع برنامج", None) == [
        ("شهر رمضان المعظم 2017", "2017")]
    # Ramadan 1445 began on 11 March 2024, so its 15th is 25 March.
    assert _values("يوم 15 رمضان 2024", None) == [("15 رمضان 2024", "2024-03-25")]
    # Muharram 1446 ran from 7 July to 5 August 2024.
    assert _values("محرم 2024", None) == [("محرم 2024", "2024")]


def test_a_relative_year_with_its_year_written_is_that_year():
    for reference in (None, dt.date(2022, 5, 1), dt.date(2030, 5, 1)):
        [mention] = find_dates("بلغ 16 مليارا في العام الماضي 2021، ومن المتوقع", reference)
        assert (mention.text, mention.value.isoformat(), mention.relative) == (
            "العام الماضي 2021", "2021", False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("استقبلت دبي 700 ألف سائح في 2017 فيما", [("2017", "2017")]),
        ("بلغت الاستثمارات بنهاية 2017 نحو", [("نهاية 2017", "2017")]),
        ("وجرى إطلاق التطبيق صيف 2018 في دول", [("صيف 2018", "2018")]),
        ("هاد التصويرة ف 2012 كنت", [("2012", "2012")]),  # Darija ف
        ("وتعد سنة 2016 سنة استثنائية", [("سنة 2016", "2016")]),
        ("سجلت الوزارة في 2000 حالة", []),  # a count, not a year
        ("عاشت المدينة قبل 1500 عام", []),
    ],
)
def test_a_year_after_a_preposition_or_a_season(text, expected):
    assert _values(text) == expected


def test_months_with_a_relative_year_and_ranges():
    ref = dt.date(2018, 7, 21)
    assert _values("مقارنة مع فبراير من العام الماضي عندما", ref) == [
        ("فبراير من العام الماضي", "2017-02")]
    assert _values("في الفترة من إبريل إلى يونيو هذا العام", ref) == [
        ("إبريل", "2018-04"), ("يونيو هذا العام", "2018-06")]
    assert _values("من نوفمبر إلى فبراير 2018", None) == [("نوفمبر", "2017-11"),
                                                       ("فبراير 2018", "2018-02")]


def test_a_day_of_a_relative_month():
    ref = dt.date(2017, 3, 16)
    assert _values("بدأت في الثالث عشر من الشهر الحالي", ref) == [
        ("الثالث عشر من الشهر الحالي", "2017-03-13")]
    assert _values("في 5 من الشهر الماضي", ref) == [("5 من الشهر الماضي", "2017-02-05")]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("وكذلك في الخريف الماضي", dt.date(2018, 4, 17), [("الخريف الماضي", "2017")]),
        ("في الصيف المقبل", dt.date(2018, 4, 17), [("الصيف المقبل", "2018")]),
        ("في الصيف المقبل", dt.date(2018, 9, 1), [("الصيف المقبل", "2019")]),
        ("منذ الشتاء الماضي", dt.date(2018, 4, 17), []),  # December–February: no one year
    ],
)
def test_seasons_give_a_year(text, reference, expected):
    assert _values(text, reference) == expected


def test_a_month_without_year_takes_the_year_its_sentence_just_named():
    text = "ما أن حلّ عام 1914 ودخلت الدولة العثمانية الحرب، في شهر أكتوبر، حتى"
    assert _values(text) == [("عام 1914", "1914"), ("شهر أكتوبر", "1914-10")]
    # Another sentence: the month is of the reference year again.
    assert _values("تأسس عام 1990. ويعقد مؤتمره في مارس")[-1] == ("مارس", "2024-03")


def test_between_the_two_is_not_monday():
    assert _values("بدا الانسجام واضحا بين الاثنين خلال الحفل") == []


@pytest.mark.parametrize(
    "text",
    [
        "توقفت اليوم أنشطة وحدات الإنتاج بالمجمع",  # a past verb before it
        "أشرف رئيس الجمهورية اليوم بقصر قرطاج على موكب",
        "وسيستقبل الوزير اليوم نظيره الكوبي",  # a future verb
        "ومن المنتظر أن يتم التوقيع عليها اليوم من قبل الطرفين",
        "انطلق الفريق عصر اليوم للبحث عن مفقود",  # a time of day
        "وصلا إلى المنطقة في وقت سابق اليوم لحضور المراسم",
        "وأوضح في بيان صحفي اليوم أن الخطة تضم",
    ],
)
def test_bare_today_with_a_tense_or_a_time_of_day(text):
    [mention] = find_dates(text, TUESDAY)
    assert "اليوم" in mention.text and mention.value.isoformat() == "2024-04-23"
    assert mention.relative
    assert find_dates(text, None) == []


@pytest.mark.parametrize(
    "text",
    [
        "لكن المأساة اليوم تتعلق بدخول تنظيمات متطرفة",  # nowadays: a nominal sentence
        "القطاع يضم اليوم أكثر من 3000 مجمع",  # the present tense
        "تمكن عباقرة الموسيقى من نقلها منذ العصور الوسطى حتى اليوم",
        "يكاد لا يوجد رجل ملم بتاريخ المنطقة من القدم إلى اليوم",
        "أقيم حفل بمناسبة اليوم العالمي للمرأة",  # a named day
        "وقعت تونس خلال اليوم الثاني من المنتدى",
        "وقال إن سيأتي اليوم الذي يتجرع فيه الألم",
        "تنتج المملكة 9,9 مليون برميل في اليوم",  # per day
        'وفقا لما نقلته صحيفة "اليوم"',  # a title
        "ومنذ ذلك اليوم وأنا لم أتوقف عن القراءة",
        "لكنها أسهمت في نشوء تيارات معاكسة، والتحول اليوم يكمن في الخروج عنها",
    ],
)
def test_bare_today_meaning_nowadays_or_another_day_is_no_date(text):
    assert find_dates(text, TUESDAY) == []


def test_today_with_a_weekday_after_a_comma_or_in_brackets():
    assert _values("كشف الوزير اليوم، الثلاثاء عن") == [("اليوم، الثلاثاء", "2024-04-23")]
    assert _values("وصل صباح اليوم (الثلاثاء) إلى جدة")[-1] == ("اليوم (الثلاثاء)", "2024-04-23")


def test_the_weekdays_of_a_broadcast_schedule_are_the_next_ones():
    friday = dt.date(2018, 3, 16)
    text = "البث الأول السبت 10:30 غرينتش، ويعاد السبت 22:30 غرينتش، والأحد 16:00، والجمعة 02:30"
    assert [m.value.isoformat() for m in find_dates(text, friday)] == [
        "2018-03-17", "2018-03-17", "2018-03-18", "2018-03-23"]
    # Without a clock time a bare weekday is still the last one.
    assert _values("التقى الوزير الجمعة نظيره", friday) == [("الجمعة", "2018-03-16")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سميث (1999) ناقش نوعين من المذاهب", [("1999", "1999")]),  # a citation
        ("قدم فيلم “طنجة مدينة دولية” 1946 من إخراج", [("1946", "1946")]),  # after a title
        ("بلغ عدد السكان (2000 نسمة)", []),
        ('رفع شعار "لا للتهميش" 2000 مرة', []),  # a count after a quote
    ],
)
def test_a_year_in_brackets_or_after_a_title(text, expected):
    assert _values(text, None) == expected


def test_a_day_and_month_called_next_or_last_count_the_day():
    sunday = dt.date(2018, 3, 11)
    assert _values("حفل يوم 16 مارس المقبل", sunday) == [("16 مارس المقبل", "2018-03-16")]
    assert _values("في 3 مارس الماضي", sunday) == [("3 مارس الماضي", "2018-03-03")]
    assert _values("في 20 مارس الماضي", sunday) == [("20 مارس الماضي", "2017-03-20")]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # Ramadan 1439 ran from 16 May to 14 June 2018: only the year is common to its days.
        ("لعرضه خلال شهر رمضان القادم", dt.date(2018, 3, 22), ("شهر رمضان القادم", "2018")),
        # Said during Ramadan 1438 (27 May – 25 June 2017), "last Ramadan" is 1437's.
        ("عرض في رمضان الماضي", dt.date(2017, 6, 1), ("رمضان الماضي", "2016")),
        # Ramadan 1436 ended on 16 July 2015: its last ten days are 7–16 July.
        ("ونحن في العشر الأواخر من رمضان", dt.date(2015, 7, 21),
         ("العشر الأواخر من رمضان", "2015-07")),
        ("خلال الأيام الخمسة الأولى من شهر رمضان", dt.date(2017, 5, 31),
         ("الأيام الخمسة الأولى من شهر رمضان", "2017-05")),
    ],
)
def test_a_hijri_month_said_relative_to_the_reference(text, reference, expected):
    assert _values(text, reference) == [expected]
    assert _values(text, None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("من 12 إلى 15 أفريل 2017 بتنظيم", [("12", "2017-04-12"), ("15 أفريل 2017", "2017-04-15")]),
        ("ما بين 13 و18 يونيو 2022", [("13", "2022-06-13"), ("18 يونيو 2022", "2022-06-18")]),
        ("من 28 إلى 3 مارس 2020", [("28", "2020-02-28"), ("3 مارس 2020", "2020-03-03")]),
        ("ما بين عامي 1932 و1945، ثم", [("1932", "1932"), ("1945", "1945")]),
        ("في الفترة من 2011 إلى 2014", [("2011", "2011"), ("2014", "2014")]),
        ("خلال النصف الأول من 2014", [("2014", "2014")]),
        ("أكثر من 2000 شخص", []),
        ("يتراوح بين 2000 و2010 دولارات", []),
        ("في موازنة السنة المالية 2018-2019", []),
    ],
)
def test_ranges_of_days_and_years(text, expected):
    assert _values(text, None) == expected


def test_a_range_of_days_in_a_relative_month_needs_the_reference():
    assert _values("بين 16 و21 ماي الجاري", None) == []
    assert _values("بين 16 و21 ماي الجاري", dt.date(2022, 5, 3)) == [
        ("16", "2022-05-16"), ("21 ماي الجاري", "2022-05-21")]


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("عملنا لحماية الصحافة وجعلها تنمو يبدأ اليوم", True),  # a scheduled event's present
        ("وأبلغ الوزير قناة فوكس نيوز اليوم قائلا", True),
        ("التقنيات الصوتية التي صارت متطورة جدا اليوم", False),  # becoming: nowadays
        ("لكن الإرادة كانت أقوى، ما جعلها اليوم تقول", False),
        ("«لما كنا نحن هنا اليوم»، وكانت تشير إلى الأزمة", False),  # a verb past the quote
        ("وقد تمت اليوم إحالته إلى الفرقة الوطنية", True),
        ("ولا زالت هذه الإشكالية مطروحة اليوم بحدة", False),
        ("أنهى المدير زيارته تونس اليوم وأكد تمسك شركته", True),  # a listed verb after it
        ("فوسائل التواصل اليوم أتاحت فرصا نادرة", False),  # only a verb form after it
        ("قناة تبث برامجها على مدار اليوم، كما تقدم خدمة", False),  # all day long
        ('قال ممثل المنظمة لـ "الجوهرة اف أم" اليوم إنه', True),  # a quote before it only
        ("ويلفت إلى أننا وصلنا اليوم إلى حالة", False),  # يلفت: a present tense
        ("وهذا سيجعل الرد واضحا بعد اليوم", False),  # from now on
    ],
)
def test_bare_today_cues_and_vetoes(text, today):
    found = _values(text)
    assert found == ([("اليوم", "2024-04-23")] if today else [])
