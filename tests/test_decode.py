"""Bytes to text (nashra.ingest.decode): encodings, mislabelled charsets, bad inputs.

Every input is built here from Arabic sentences written for these tests; no binary fixtures.
"""

from __future__ import annotations

import doctest
import gzip
import io
import os
import random
import zipfile
from pathlib import Path

import pytest

from nashra.errors import DecodeError, InputError, InputTooLarge
from nashra.ingest import decode
from nashra.ingest.decode import binary_kind, decode_bytes, read_input

BYLINE = "نشر في الأيام 24 يوم 23 - 04 - 2024"
HEADLINE = "المغرب وفرنسا يعززان التعاون الأمني"
PARAGRAPH = (
    "أعلن وزير الداخلية الفرنسي، خلال زيارته إلى الرباط يوم الإثنين، عن اتفاق جديد مع نظيره "
    "المغربي لتعزيز التعاون الأمني في مجال مكافحة الإرهاب والهجرة غير النظامية. وقال الوزير "
    "إن البلدين سيعقدان اجتماعا كل ستة أشهر لتقييم ما تحقق، مشيرا إلى أن العلاقات بين الرباط "
    "وباريس تعرف مرحلة جديدة بعد سنوات من الفتور. فهل تصمد هذه الثقة؟ يتساءل مراقبون؛ "
    "ويجيب آخرون بأن المصالح المشتركة أقوى من الخلافات."
)
ARABIC_TEXTS = [BYLINE, HEADLINE, PARAGRAPH]
FRENCH = (
    "Le ministre français de l'Intérieur a annoncé à Rabat un accord renforçant la coopération "
    "sécuritaire. État des lieux : « une étape décisive », selon la déléguée. Côté marocain, on "
    "évoque une réunion tous les six mois."
)
ENGLISH_WITH_QUOTES = "The minister said: \u201cwe are building trust\u201d \u2013 a new chapter."

LEGACY_ARABIC = ["cp1256", "iso8859-6"]
# Words for random sentences: letters that both Arabic code pages can encode, every letter of
# the alphabet, the definite article and the particles news copy is made of.
WORDS = (
    "في من على إلى عن مع أن قد لا ما بين بعد قبل حيث خلال ضد حول منذ حتى "
    "الحكومة الوزير الرئيس البرلمان المغرب الجزائر تونس مصر الأردن العراق فلسطين لبنان "
    "قال أعلن أكد أشار نفى كشف طالب دعا رفض وافق استقبل زار غادر "
    "اتفاق مشروع قانون ميزانية انتخابات احتجاج إضراب زلزال فيضانات جفاف أمطار "
    "الاقتصاد الصحة التعليم الأمن الطاقة الماء الزراعة السياحة الرياضة الثقافة "
    "جديد كبير مهم عاجل رسمي دولي وطني محلي شمال جنوب شرق غرب "
    "ظروف ذهب ثلاثة خمسة صغير ضغط غزة طائرة ئيس مؤتمر سؤال آلاف إذ شيء جزء يوم أمس اليوم "
    "والحكومة بالمغرب للتعاون فالرئيس كالعادة مسؤولية"
).split()
PUNCTUATION = ["", "", "", "،", ".", "؟", "؛", ":"]


def random_sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) + rng.choice(PUNCTUATION) for _ in range(rng.randint(4, 14))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(1, 2030)))
    return " ".join(words)


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ARABIC_TEXTS, ids=["byline", "headline", "paragraph"])
@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
     "cp1256", "iso8859-6"],
)
def test_arabic_text_round_trips_in_every_supported_encoding(text: str, encoding: str) -> None:
    # "utf-16"/"utf-32" write a byte-order mark; the -le/-be forms write none.
    assert decode_bytes(text.encode(encoding), origin="t.txt") == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_mark_is_removed(encoding: str) -> None:
    text = decode_bytes(HEADLINE.encode(encoding), origin="t.txt")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_spaces_is_recognised(encoding: str) -> None:
    # No ASCII at all, hence no NUL bytes: only the 06 high bytes of the Arabic block tell.
    word = "المغربوفرنسايعززانالتعاون"
    assert decode_bytes(word.encode(encoding), origin="t.txt") == word


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_of_plain_english(encoding: str) -> None:
    assert decode_bytes(ENGLISH_WITH_QUOTES.encode(encoding), origin="t.txt") == ENGLISH_WITH_QUOTES


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_french_page_in_a_western_code_page(encoding: str) -> None:
    assert decode_bytes(FRENCH.encode(encoding), origin="t.txt") == FRENCH


@pytest.mark.parametrize("body", [FRENCH, "Größere Sicherheitslücken wären möglich, hieß es."])
def test_latin1_page_whose_text_starts_after_kilobytes_of_markup(body: str) -> None:
    head = "<html><head><style>" + "p { margin: 0 auto; color: #333; }\n" * 120 + "</style></head>"
    page = f"{head}<body><p>{body}</p></body></html>"
    assert decode_bytes(page.encode("latin-1"), origin="p.html") == page


def test_mixed_arabic_and_french_in_windows_1256() -> None:
    # windows-1256 carries the French letters à â ç è é ê … alongside Arabic.
    text = (
        "قال الوزير إن «الشراكة مع فرنسا» ستتواصل. "
        "Le ministre a évoqué une coopération à long terme."
    )
    assert decode_bytes(text.encode("cp1256"), origin="t.txt") == text


def test_utf8_truncated_inside_the_last_character_keeps_the_rest() -> None:
    whole = PARAGRAPH.rstrip(".")  # ends in an Arabic letter, two bytes in UTF-8
    text = decode_bytes(whole.encode("utf-8")[:-1], origin="t.txt")
    assert text == whole[:-1] + "\ufffd"


def test_utf8_with_one_bad_byte_among_many_good_characters() -> None:
    data = PARAGRAPH.encode("utf-8") * 3
    cut = data.index(b" ", 500)
    damaged = data[:cut] + b"\xff" + data[cut:]
    expected = data[:cut].decode() + "\ufffd" + data[cut:].decode()
    assert decode_bytes(damaged, origin="t.txt") == expected


def test_windows_1256_bytes_are_not_mistaken_for_damaged_utf8() -> None:
    assert decode_bytes(PARAGRAPH.encode("cp1256"), origin="t.txt") == PARAGRAPH


def test_property_random_sentences_decode_back_in_each_legacy_code_page() -> None:
    rng = random.Random(20240423)
    failures = []
    for _ in range(400):
        sentence = random_sentence(rng)
        for encoding in LEGACY_ARABIC:
            got = decode_bytes(sentence.encode(encoding), origin="t.txt")
            if got != sentence:
                failures.append((encoding, sentence, got))
    assert failures == []


def test_property_random_paragraphs_decode_back_under_a_wrong_label() -> None:
    rng = random.Random(7)
    wrong = {"cp1256": "iso-8859-6", "iso8859-6": "windows-1256"}
    for _ in range(100):
        paragraph = " ".join(random_sentence(rng) for _ in range(5))
        for encoding in LEGACY_ARABIC:
            for label in (wrong[encoding], "iso-8859-1", "utf-8"):
                data = paragraph.encode(encoding)
                assert decode_bytes(data, origin="t", declared=label) == paragraph


# --- declared charsets --------------------------------------------------------------------


@pytest.mark.parametrize("text", [HEADLINE, PARAGRAPH], ids=["headline", "paragraph"])
@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("cp1256", "ISO-8859-1"),  # the classic: a windows-1256 page served as Latin-1
        ("cp1256", "windows-1252"),
        ("cp1256", "iso-8859-6"),
        ("cp1256", "utf-8"),
        ("iso8859-6", "windows-1256"),
        ("iso8859-6", "latin1"),
    ],
)
def test_wrong_declared_charset_is_detected(text: str, encoding: str, label: str) -> None:
    assert decode_bytes(text.encode(encoding), origin="t.html", declared=label) == text


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("cp1256", "windows-1256"), ("cp1256", "x-cp1256"), ("iso8859-6", "ISO-8859-6"),
     ("iso8859-6", "arabic"), ("iso8859-6", "iso-8859-6-i"), ("cp1256", '"Windows-1256"')],
)  # fmt: skip
def test_right_declared_charset_is_used(encoding: str, label: str) -> None:
    assert decode_bytes(PARAGRAPH.encode(encoding), origin="t.html", declared=label) == PARAGRAPH


def test_declared_western_charset_kept_for_a_french_page() -> None:
    assert decode_bytes(FRENCH.encode("cp1252"), origin="t", declared="iso-8859-1") == FRENCH


def test_declared_charset_outside_the_arabic_model_is_trusted_when_clean() -> None:
    russian = "Министр внутренних дел Франции посетил Рабат."
    assert decode_bytes(russian.encode("koi8-r"), origin="t", declared="KOI8-R") == russian


def test_declared_central_european_charset_is_trusted() -> None:
    polish = "Minister spraw wewnętrznych Francji odwiedził Rabat, żeby rozmawiać o współpracy."
    assert decode_bytes(polish.encode("cp1250"), origin="t", declared="windows-1250") == polish


@pytest.mark.parametrize("label", ["koi8-r", "iso-8859-2", "iso-8859-15", "utf-16", "gbk"])
def test_arabic_page_under_a_foreign_label_is_still_arabic(label: str) -> None:
    data = PARAGRAPH.encode("cp1256")
    assert decode_bytes(data, origin="t", declared=label) == PARAGRAPH


def test_unknown_declared_label_is_ignored() -> None:
    data = PARAGRAPH.encode("cp1256")
    assert decode_bytes(data, origin="t", declared="no-such-charset") == PARAGRAPH


def test_valid_utf8_wins_over_a_legacy_label() -> None:
    data = PARAGRAPH.encode("utf-8")
    assert decode_bytes(data, origin="t", declared="windows-1256") == PARAGRAPH


def test_module_examples() -> None:
    assert doctest.testmod(decode).failed == 0


# --- bad bytes ----------------------------------------------------------------------------


def test_empty_input() -> None:
    with pytest.raises(DecodeError) as caught:
        decode_bytes(b"", origin="empty.txt")
    assert caught.value.input == "empty.txt"
    assert caught.value.reason == "empty file"
    assert str(caught.value) == "empty.txt: empty file"


def test_byte_order_mark_alone_is_empty() -> None:
    with pytest.raises(DecodeError, match="empty file"):
        decode_bytes(b"\xef\xbb\xbf", origin="bom.txt")


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", PARAGRAPH)
    return buffer.getvalue()


BINARY = {
    "PNG image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32),
    "JPEG image": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(32),
    "GIF image": b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
    "PDF document": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "ZIP archive": _zip_bytes(),
    "GZIP archive": gzip.compress(PARAGRAPH.encode("utf-8")),
    "SQLite database": b"SQLite format 3\x00" + bytes(84),
    "WebP image": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
}


@pytest.mark.parametrize("kind", sorted(BINARY))
def test_binary_formats_are_named(kind: str) -> None:
    data = BINARY[kind]
    assert binary_kind(data) == kind
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data, origin="photo.txt")
    assert caught.value.reason == f"binary data ({kind})"


def test_text_is_not_taken_for_binary() -> None:
    for text in ARABIC_TEXTS + [FRENCH, "PK is a name", "ID card"]:
        assert binary_kind(text.encode("utf-8")) is None


def test_nul_heavy_data_is_binary() -> None:
    rng = random.Random(3)
    data = bytes(rng.choice([0, 0, 0, rng.randrange(256)]) for _ in range(3000))
    with pytest.raises(DecodeError, match=r"binary data \(contains NUL bytes\)"):
        decode_bytes(data, origin="blob.bin")


def test_text_with_many_nul_bytes_is_binary() -> None:
    data = PARAGRAPH.encode("utf-8") + b"\x00" * 40 + HEADLINE.encode("utf-8")
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(data, origin="odd.txt")


def test_a_few_stray_nul_bytes_in_a_long_page_are_dropped() -> None:
    # Saved web pages carry them (one in the real pages under ../shared/data/html has 22).
    page = "\n".join([PARAGRAPH] * 20)
    data = page.encode("utf-8")
    cut = data.index(b"\n")
    assert decode_bytes(data[:cut] + b"\x00" * 8 + data[cut:], origin="p.html") == page


def test_random_bytes_are_binary() -> None:
    data = random.Random(5).randbytes(5000)
    with pytest.raises(DecodeError, match="binary data"):
        decode_bytes(data, origin="noise")


def test_control_characters_without_nul_are_binary() -> None:
    rng = random.Random(11)
    data = bytes(rng.choice(b"\x01\x02\x03\x04\x05\x10\x11abc") for _ in range(2000))
    with pytest.raises(DecodeError, match="control characters"):
        decode_bytes(data, origin="ctl")


def test_a_few_control_characters_in_text_are_kept() -> None:
    text = PARAGRAPH + "\x1a"  # an old DOS end-of-file mark
    assert decode_bytes(text.encode("utf-8"), origin="dos.txt") == text


def test_utf16_bom_over_binary_is_binary() -> None:
    data = b"\xff\xfe" + b"\x01\x00\x02\x00\x03\x00\x04\x00A\x00" * 100
    with pytest.raises(DecodeError, match="binary data"):
        decode_bytes(data, origin="x")


def test_undecodable_bytes() -> None:
    # Only symbols (¡¢£¤¥ …) in every code page: no reading looks like text.
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode_bytes(bytes(range(0xA1, 0xC0)) * 3, origin="sym.txt")


def test_one_odd_byte_in_an_ascii_page_is_not_undecodable() -> None:
    page = b"<html><!-- stats D\xc8but --><p>" + b"plain English text. " * 50 + b"</p></html>"
    text = decode_bytes(page, origin="p.html")
    assert text.endswith("plain English text. </p></html>") and len(text) == len(page)


def test_invalid_utf16_after_a_bom() -> None:
    data = b"\xff\xfe" + b"\x00\xd8\x41\x00" * 50  # unpaired surrogates
    with pytest.raises(DecodeError, match="undecodable bytes: invalid UTF-16-LE"):
        decode_bytes(data, origin="x")


# --- reading files ------------------------------------------------------------------------


def test_read_input_returns_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    data = PARAGRAPH.encode("cp1256")
    path.write_bytes(data)
    assert read_input(path, max_bytes=len(data)) == data


def test_over_the_cap_names_size_and_cap_in_human_units(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (3 * 1024 * 1024 + 512 * 1024))
    with pytest.raises(InputTooLarge) as caught:
        read_input(path, max_bytes=2 * 1024 * 1024)
    assert caught.value.input == str(path)
    assert caught.value.reason == "file is 3.5 MiB, over the size cap of 2.0 MiB"


def test_just_over_the_cap_shows_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"a" * 2049)
    with pytest.raises(InputTooLarge, match=r"2,049 bytes, over the size cap of 2,048 bytes"):
        read_input(path, max_bytes=2048)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024**3)  # sparse: 50 GiB that would take minutes to read
    with pytest.raises(InputTooLarge, match=r"file is 50\.0 GiB, over the size cap of 10\.0 MiB"):
        read_input(path, max_bytes=10 * 1024**2)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "page.txt"
    with pytest.raises(InputError) as caught:
        read_input(path, max_bytes=1000)
    assert type(caught.value) is InputError
    assert str(caught.value) == f"{path}: no such file or directory"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_input(tmp_path, max_bytes=1000)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_input(path, max_bytes=1000)  # reading would block forever


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file, chmod 000 included")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(PARAGRAPH.encode("utf-8"))
    path.chmod(0)
    try:
        with pytest.raises(InputError) as caught:
            read_input(path, max_bytes=100_000)
    finally:
        path.chmod(0o600)
    assert str(caught.value) == f"{path}: cannot read: permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can enter any directory")
def test_path_inside_unreadable_directory(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "page.txt").write_bytes(b"x")
    folder.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot access: permission denied"):
            read_input(folder / "page.txt", max_bytes=100)
    finally:
        folder.chmod(0o700)


def test_os_refusal_to_read_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chmod tests above skip under root (as CI often runs); this one fakes the OS's refusal.
    path = tmp_path / "secret.txt"
    path.write_bytes(b"x")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_input(path, max_bytes=100)
    assert str(caught.value) == f"{path}: cannot read: permission denied"
