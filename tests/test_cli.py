"""The CLI as a user runs it: JSON output per the contract, exit statuses, bad inputs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nashra.cli import cli


def run(db: str, *args: str) -> tuple[int, object]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    output = result.stdout
    try:
        return result.exit_code, json.loads(output)
    except json.JSONDecodeError:
        return result.exit_code, output


def test_ingest_show_search_on_the_seeds(seeds, db_path):
    paths = [str(p) for p in seeds["_paths"].values()]
    code, report = run(db_path, "ingest", *paths, "--json")
    assert code == 0
    assert report == {"ingested": 2, "duplicates": 0, "failed": 0, "errors": []}
    code, again = run(db_path, "ingest", *paths, "--json")
    assert (code, again["ingested"], again["duplicates"]) == (0, 0, 2)

    for query in seeds["cross_document"]["search_finds_both"]:
        code, hits = run(db_path, "search", query, "--json")
        assert code == 0 and len(hits) == 2, query
        assert set(hits[0]) == {"id", "title", "source", "published_at", "url", "snippet", "score", "story_id"}

    code, hits = run(db_path, "search", "دارمانان", "--json")
    for hit in hits:
        code, article = run(db_path, "show", hit["id"], "--json")
        assert code == 0
        expected = next(v for k, v in seeds.items() if k.endswith(".txt") and v["title"] == article["title"])
        assert article["source"]["name"] == expected["source_name"]
        assert article["published_at"] == expected["published_date"]
        assert len(article["body"].split("\n\n")) == expected["body_paragraphs"]


def test_show_json_has_the_contract_fields(fixture_pages, db_path):
    run(db_path, "ingest", str(fixture_pages / "aggregator.txt"))
    code, hits = run(db_path, "search", "آسفي", "--json")
    code, article = run(db_path, "show", hits[0]["id"], "--json")
    assert code == 0
    assert set(article) >= {
        "id", "url", "source", "title", "published_at", "published_estimate", "body", "language",
        "category", "images", "related_links", "story_id", "storyline_id", "entities", "dates",
        "variety", "duplicates",
    }
    assert article["source"] == {"name": "صوت الساحل", "domain": None}
    assert article["published_at"] == "2025-03-05"


def test_search_filters(fixture_pages, db_path):
    run(db_path, "ingest", str(fixture_pages))
    _, hits = run(db_path, "search", "المنتخب", "--json", "--source", "مرصد الشمال")
    assert [h["source"] for h in hits] == ["مرصد الشمال"]
    _, hits = run(db_path, "search", "المنتخب", "--json", "--source", "صوت الساحل")
    assert hits == []
    _, hits = run(db_path, "search", "المنتخب", "--json", "--since", "2025-12-01")
    assert hits == []


def test_source_option_names_the_outlet_of_pages_without_one(fixture_pages, db_path):
    run(db_path, "ingest", str(fixture_pages), "--source", "مصدر يدوي")
    _, hits = run(db_path, "search", "الربط البحري", "--json")
    assert hits[0]["source"] == "مصدر يدوي"
    _, hits = run(db_path, "search", "آسفي", "--json")
    assert hits[0]["source"] == "صوت الساحل"  # the byline still names its own outlet


def test_usage_errors_exit_2(db_path):
    assert run(db_path, "ingest")[0] == 2
    assert run(db_path, "search", "x", "--limit", "0")[0] == 2
    assert run(db_path, "search", "x", "--since", "yesterday")[0] == 2
    assert run(db_path, "frobnicate")[0] == 2


def test_show_unknown_id_exits_1(db_path):
    assert run(db_path, "show", "0000000000000000")[0] == 1


def _write_bad_folder(folder: Path, good_page: Path) -> dict[str, str]:
    """A folder of mixed inputs; returns the expected error fragment per bad file name."""
    folder.mkdir()
    text = good_page.read_text(encoding="utf-8")
    (folder / "good-utf8.txt").write_text(text, encoding="utf-8")
    # Each copy names another city, so that each is a distinct article.
    (folder / "good-cp1256.txt").write_bytes(text.replace("آسفي", "الصويرة").encode("cp1256"))
    legacy = "\n".join(line for line in text.splitlines() if "\u00a0" not in line)
    (folder / "good-iso8859-6.txt").write_bytes(legacy.replace("آسفي", "تطوان").encode("iso-8859-6"))
    (folder / "good-bom.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("آسفي", "الجديدة").encode())
    (folder / "good-utf16.txt").write_bytes(text.replace("آسفي", "القنيطرة").encode("utf-16"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (folder / "huge.txt").write_bytes(("كلمة " * 3000).encode())
    return {"empty.txt": "empty", "image.png": "PNG", "huge.txt": "cap"}


def test_bad_input_folder(fixture_pages, db_path, tmp_path):
    folder = tmp_path / "mixed"
    expected_errors = _write_bad_folder(folder, fixture_pages / "aggregator.txt")
    missing = str(tmp_path / "does-not-exist.txt")
    code, report = run(db_path, "ingest", str(folder), missing, "--max-bytes", "20000", "--json")
    assert code == 1
    errors = {Path(e["input"]).name: e["error"] for e in report["errors"]}
    for name, fragment in expected_errors.items():
        assert fragment.lower() in errors[name].lower(), (name, errors.get(name))
    assert "no such file" in errors["does-not-exist.txt"]
    assert report["failed"] == len(expected_errors) + 1
    assert report["ingested"] == 5
    for city in ("آسفي", "الصويرة", "تطوان", "الجديدة", "القنيطرة"):
        _, hits = run(db_path, "search", city, "--json")
        assert hits, city
        assert all("افتتاح محطة" in h["title"] for h in hits)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(fixture_pages, db_path, tmp_path):
    locked = tmp_path / "locked.txt"
    shutil.copy(fixture_pages / "aggregator.txt", locked)
    locked.chmod(0)
    code, report = run(db_path, "ingest", str(locked), "--json")
    assert code == 1
    assert "permission" in report["errors"][0]["error"].lower()


def test_analyze_json_per_the_contract(db_path):
    code, result = run(db_path, "analyze", "وقال دارمانان أمس الإثنين بالرباط", "--date", "2024-04-23", "--json")
    assert code == 0
    assert set(result) == {"normalized", "tokens", "stems", "dates", "entities", "variety"}
    assert len(result["tokens"]) == len(result["stems"])
    [found] = result["dates"]
    assert (found["text"], found["value"]) == ("أمس الإثنين", "2024-04-22")
    assert "وقال دارمانان أمس الإثنين بالرباط"[found["start"]:found["end"]] == found["text"]


def test_analyze_reads_stdin():
    result = CliRunner().invoke(cli, ["analyze", "-", "--json"], input="واش غادي تمشي للدار البيضاء دابا؟")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["variety"] == "darija"


def test_seed_body_dates_and_estimate_are_stored(seeds, db_path):
    run(db_path, "ingest", *[str(p) for p in seeds["_paths"].values()])
    _, hits = run(db_path, "search", "دارمانان", "--json")
    shown = {a["title"]: a for a in (run(db_path, "show", h["id"], "--json")[1] for h in hits)}
    first = shown[seeds["000_d293e16fee17fffa.txt"]["title"]]
    yesterday = next(d for d in first["dates"] if d["text"] == "أمس الإثنين")
    assert yesterday["value"] == "2024-04-22"
    assert first["body"][yesterday["start"]:yesterday["end"]] == "أمس الإثنين"
    assert first["published_estimate"] is None and first["variety"] == "msa"
    second = shown[seeds["003_4173c69650e6ce3a.txt"]["title"]]
    values = {d["text"]: d["value"] for d in second["dates"]}
    assert values["أبريل/نيسان 2024"] == "2024-04"
    assert values["يناير/كانون الثاني 2024"] == "2024-01"
    assert second["published_at"] is None
    assert second["published_estimate"]["value"].startswith("2025")
    assert second["published_estimate"]["basis"]


def test_no_language_skips_the_language_stage(fixture_pages, db_path):
    run(db_path, "ingest", str(fixture_pages / "darija.txt"), "--no-language")
    _, hits = run(db_path, "search", "الفلاحة", "--json")
    _, article = run(db_path, "show", hits[0]["id"], "--json")
    assert article["variety"] is None and article["dates"] == []
    other = db_path + ".2"
    run(other, "ingest", str(fixture_pages / "darija.txt"))
    _, hits = run(other, "search", "الفلاحة", "--json")
    _, article = run(other, "show", hits[0]["id"], "--json")
    assert article["variety"] == "darija"


def test_analyze_finds_entities_and_links_mentions_of_one_person(db_path):
    text = "وقال وزير الداخلية الفرنسي جيرالد دارمانان في الرباط إن التعاون ممتاز، وأكد دارمانان ذلك أمس"
    code, result = run(db_path, "analyze", text, "--json")
    assert code == 0
    by_text = {e["text"]: e for e in result["entities"]}
    assert by_text["الرباط"]["type"] == "LOC"
    assert by_text["جيرالد دارمانان"]["type"] == "PER"
    assert by_text["دارمانان"]["entity_id"] == by_text["جيرالد دارمانان"]["entity_id"]


def test_serve_with_several_worker_processes(fixture_pages, db_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    run(db_path, "ingest", str(fixture_pages / "aggregator.txt"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "nashra", "--db", db_path, "serve", "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200 and 'lang="ar"' in response.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_ingest_waits_while_another_run_holds_the_connect_stage(fixture_pages, db_path):
    import subprocess
    import sys
    import time

    from nashra.store.sqlite import SqliteStore

    holder = SqliteStore(db_path)
    holder.claim_stages()
    child = subprocess.Popen(
        [sys.executable, "-m", "nashra", "--db", db_path, "ingest", str(fixture_pages / "aggregator.txt"), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        waiting = child.stderr.readline()
        assert "waiting" in waiting and f"pid {os.getpid()}" in waiting
        time.sleep(0.5)
        assert child.poll() is None  # still waiting: nothing placed behind the holder's back
        holder.close()
        stdout, _ = child.communicate(timeout=120)
    finally:
        holder.close()
        child.kill()
    assert child.returncode == 0 and json.loads(stdout)["ingested"] == 1
    code, hits = run(db_path, "search", "آسفي", "--json")
    assert hits[0]["story_id"]
