"""JSONL back-fills: field mapping, cleaning, bad lines, gzip, caps and streaming."""

from __future__ import annotations

import gzip
import io
import itertools
import json
from pathlib import Path

import pytest

from nashra.errors import ParseError
from nashra.ingest.inputs import InputItem
from nashra.ingest.jsonl import clean_body, parse_record, read_lines
from nashra.ingest.records import batches
from nashra.ingest.sniff import looks_like_jsonl
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

FIXTURE = Path(__file__).parent.parent / "fixtures" / "jsonl" / "backfill.jsonl"
NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news"


def _ingest(db: str, *paths: Path, **options):
    with SqliteStore(db) as store:
        report = ingest(store, [InputItem(str(p), p) for p in paths], **options)
        articles = {store.get_article(i).article.external_id: store.get_article(i).article
                    for i in report.article_ids}
    return report, articles


def _record(**fields) -> bytes:
    return json.dumps({"title": "عنوان", "text": "نص الخبر.", **fields}, ensure_ascii=False).encode()


def test_fixture_maps_fields_and_reports_bad_lines_by_number(db_path):
    report, articles = _ingest(db_path, FIXTURE)
    assert (report.ingested, report.duplicates, report.failed) == (3, 0, 3)
    assert [e.input for e in report.errors] == [f"{FIXTURE}:{n}" for n in (2, 4, 7)]
    assert "not valid JSON" in report.errors[0].error
    assert report.errors[1].error == "no text"
    assert "not an object" in report.errors[2].error

    first = articles["w-1"]
    assert first.title == "افتتاح معرض الكتاب في وجدة"
    assert first.paragraphs == ["افتتح صباح اليوم معرض الكتاب في دورته الجديدة.", "وشارك فيه ناشرون من عدة بلدان."]
    assert (first.source_name, first.published_at, first.category) == ("صدى الشرق", "2024-04-23", "culture")
    assert (first.url, first.source_domain) == ("https://www.sada-charq.example/culture/1", "sada-charq.example")
    assert first.origin == f"{FIXTURE}:1"

    second = articles["w-2"]  # the alternative field names
    assert second.title.startswith("ارتفاع منسوب")
    assert second.source_name == "منبر الجنوب"
    assert second.published_at == "2024-03-02T09:15:00Z"
    assert second.url == "https://minbar-janoub.example/a/2"
    assert len(second.paragraphs) == 2

    third = articles["3"]
    assert third.published_at == "2024-04-23"  # read from Arabic, not guessed
    assert third.url is None and third.source_domain is None


def test_reingest_reports_duplicates(db_path):
    _ingest(db_path, FIXTURE)
    report, _ = _ingest(db_path, FIXTURE)
    assert (report.ingested, report.duplicates, report.failed) == (0, 3, 3)


def test_gzip_is_sniffed_by_magic_not_name(db_path, tmp_path):
    packed = tmp_path / "backfill.data"
    packed.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    report, articles = _ingest(db_path, packed)
    assert (report.ingested, report.failed) == (3, 3)
    assert report.errors[0].input == f"{packed}:2"
    assert set(articles) == {"w-1", "w-2", "3"}


def test_truncated_gzip_keeps_what_was_read(db_path, tmp_path):
    lines = b"".join(_record(id=str(i), title=f"عنوان رقم {i}").replace(b"\n", b"") + b"\n" for i in range(2000))
    packed = gzip.compress(lines)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    report, _ = _ingest(db_path, cut)
    assert 0 < report.ingested < 2000
    assert report.failed == 1 and "truncated" in report.errors[0].error


def test_streamed_inputs_have_no_file_cap_but_a_record_cap(db_path, tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        for i in range(300):
            out.write(_record(id=str(i), title=f"عنوان رقم {i}") + b"\n")
        out.write(_record(id="huge", text="كلمة " * 5000) + b"\n")  # line 301
        out.write(_record(id="after", title="عنوان بعد السطر الكبير") + b"\n")
    report, articles = _ingest(db_path, path, max_bytes=4096, max_record_bytes=8192)
    assert path.stat().st_size > 4096
    assert report.ingested == 301 and "after" in articles
    assert [(e.input, e.error) for e in report.errors] == [(f"{path}:301", "record over the cap of 8,192 bytes")]


def test_workers_give_the_same_outcome(tmp_path):
    serial, _ = _ingest(str(tmp_path / "serial.db"), FIXTURE, batch_size=2)
    parallel, _ = _ingest(str(tmp_path / "parallel.db"), FIXTURE, batch_size=2, workers=2)
    assert parallel.to_json() == serial.to_json()


def test_text_pages_and_jsonl_mixed_keep_input_order(db_path, fixture_pages, tmp_path):
    page = fixture_pages / "aggregator.txt"
    done: list[str] = []
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(page), page), InputItem(str(FIXTURE), FIXTURE)],
                        on_input_done=done.append)
    assert report.ingested == 4
    assert done == [str(page), str(FIXTURE)]


class _CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.consumed += len(line)
        return line


def test_record_batches_are_read_lazily():
    line = _record(text="نص " * 300) + b"\n"
    stream = _CountingStream(line * 20_000)
    batched = batches(read_lines(stream), origin="s")
    first = next(batched)
    assert 0 < len(first.records) <= 256
    assert stream.consumed <= 2 * 1024 * 1024, "only about one batch is read ahead"
    assert sum(len(b.records) for b in itertools.chain([first], batched)) == 20_000


def test_sniffing_jsonl_by_content():
    assert looks_like_jsonl(FIXTURE.read_bytes())
    assert looks_like_jsonl(b"\xef\xbb\xbf" + _record())
    assert not looks_like_jsonl(b'{\n  "title": "x"\n}\n')  # pretty-printed JSON
    assert not looks_like_jsonl("عنوان\nنص".encode())
    assert not looks_like_jsonl(b"[1, 2]\n")


def test_clean_body_separates_paragraphs_with_one_blank_line():
    assert clean_body(" أ  ب \r\n\r\n\nج\u00a0د\nأ ب\n") == "أ ب\n\nج د"


def test_record_errors_name_the_line():
    with pytest.raises(ParseError) as caught:
        parse_record(b'{"title": "x", "text": {"nested": 1}}', origin="f.jsonl", number=9)
    assert caught.value.input == "f.jsonl:9" and "not text" in caught.value.reason
    with pytest.raises(ParseError, match="UTF-8"):
        parse_record(_record().replace("عنوان".encode(), "عنوان".encode("cp1256")), origin="f", number=1)


@pytest.mark.parametrize("name", ["ant-v2.1-multisource", "saudinewsnet", "ant-v1.1-jawharafm", "hespress-aljazeera-2022"])
def test_shared_news_records_parse(name):
    folder = NEWS / name
    files = sorted(folder.glob("*.jsonl.gz")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"../shared/data/news is not present ({folder})")
    with gzip.open(files[0], "rb") as stream:
        for number, line in enumerate(itertools.islice(stream, 200), 1):
            article = parse_record(line, origin=name, number=number)
            assert article.title and article.paragraphs and article.external_id
            assert "\n\n\n" not in article.body


def test_cli_reports_bad_lines_and_exits_1(db_path):
    from click.testing import CliRunner

    from nashra.cli import cli

    result = CliRunner().invoke(cli, ["--db", db_path, "ingest", str(FIXTURE), "--json", "--max-record-bytes", "100000"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (report["ingested"], report["failed"]) == (3, 3)
    assert report["errors"][0]["input"] == f"{FIXTURE}:2"


def test_a_json_document_is_refused_saying_what_would_be_read(db_path, tmp_path):
    listing = tmp_path / "articles.json"
    listing.write_text(json.dumps([{"title": "عنوان", "text": "نص"}], ensure_ascii=False, indent=2), encoding="utf-8")
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(listing), listing)])
    [failure] = report.errors
    assert failure.input == str(listing)
    assert "JSON Lines" in failure.error
    assert report.ingested == 0
