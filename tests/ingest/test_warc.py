"""WARC back-fills: HTML captures become articles, everything else is passed over."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the WARC reader needs warcio")
pytest.importorskip("trafilatura", reason="WARC captures are read by the HTML reader (trafilatura)")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from nashra.ingest.inputs import InputItem  # noqa: E402
from nashra.ingest.warc import read_warc  # noqa: E402
from nashra.pipeline import ingest  # noqa: E402
from nashra.store.sqlite import SqliteStore  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
SHARED_WARC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "warc"

PARAGRAPHS = [
    "أعلنت وزارة التجهيز عن برنامج لإصلاح الطرق القروية في إقليم الحوز بميزانية تفوق مائتي مليون درهم.",
    "ويشمل البرنامج تهيئة أكثر من ثلاثمائة كيلومتر من المسالك التي تضررت خلال فصل الشتاء الماضي.",
    "وقال مسؤول جهوي إن الأشغال ستنطلق الشهر المقبل وستستمر إلى نهاية السنة الجارية.",
]


def _page(title: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    return html.encode("cp1256")  # the charset is only in the HTTP header


def _write_warc(path: Path, *, gzip: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(uri: str, payload: bytes, status: str = "200 OK", ctype: str = "text/html; charset=windows-1256"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-01T10:00:00Z"}))

        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        writer.write_record(writer.create_warc_record("https://hawz.example/a/1", "request",
                                                      payload=io.BytesIO(b"GET /a/1 HTTP/1.1\r\n\r\n")))
        response("https://hawz.example/a/1", _page("برنامج لإصلاح الطرق القروية في الحوز"))  # record 3
        response("https://hawz.example/missing", b"<html><body>not found</body></html>", status="404 Not Found")
        response("https://hawz.example/logo.jpg", b"\xff\xd8\xff\xe0jpeg", ctype="image/jpeg")
        response("https://hawz.example/empty", b"<html><body><nav>menu</nav></body></html>")  # record 6
        response("https://hawz.example/a/2", _page("الأشغال تنطلق الشهر المقبل في الحوز"))  # record 7


def _ingest(db: str, path: Path, **options):
    with SqliteStore(db) as store:
        report = ingest(store, [InputItem(str(path), path)], **options)
        articles = [store.get_article(i).article for i in report.article_ids]
    return report, articles


@pytest.mark.parametrize("gzip", [True, False])
def test_html_captures_become_articles(db_path, tmp_path, gzip):
    path = tmp_path / "crawl.warc"
    _write_warc(path, gzip=gzip)
    report, articles = _ingest(db_path, path)
    assert (report.ingested, report.failed) == (2, 1)
    assert [(e.input, e.error) for e in report.errors] == [(f"{path}:6", "no article text found in the page")]
    first = articles[0]
    assert first.title == "برنامج لإصلاح الطرق القروية في الحوز"  # windows-1256 from the HTTP header
    assert first.paragraphs == PARAGRAPHS
    assert (first.url, first.provenance["url"]) == ("https://hawz.example/a/1", "fetched-url")
    assert first.origin == f"{path}:3"


def test_crawl_time_is_the_warc_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path)
    with path.open("rb") as stream:
        pages = list(read_warc(stream))
    assert [p.number for p in pages] == [3, 6, 7]
    assert pages[0].parse(str(path)).crawled_at == dt.datetime(2024, 5, 1, 10, tzinfo=dt.timezone.utc)


def test_record_cap_and_damaged_stream(db_path, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path)
    report, _ = _ingest(db_path, path, max_record_bytes=200)
    assert report.ingested == 0
    assert f"{path}:3" in [e.input for e in report.errors]
    assert any("over the cap" in e.error for e in report.errors)

    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size - 200])
    report, _ = _ingest(str(tmp_path / "cut.db"), cut)
    assert report.ingested == 1 and any("damaged WARC" in e.error for e in report.errors)


def test_workers_give_the_same_outcome(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path)
    serial, _ = _ingest(str(tmp_path / "a.db"), path)
    parallel, _ = _ingest(str(tmp_path / "b.db"), path, workers=2)
    assert parallel.to_json() == serial.to_json()


def test_shared_warc_files_read_without_crashing(db_path):
    files = sorted(SHARED_WARC.glob("*.warc.gz"))
    if not files:
        pytest.skip(f"../shared/data/warc is not present ({SHARED_WARC})")
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(p), p) for p in files])
    assert report.ingested >= 20
    assert all(e.input.rsplit(":", 1)[-1].isdigit() for e in report.errors)
