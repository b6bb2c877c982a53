"""Reading documents: every format, every bad input, and batches that go on past errors."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from tally.documents import (
    MAX_DOCUMENT_BYTES,
    count_records,
    decode_bytes,
    html_to_text,
    make_document,
    parse_date,
    read_path,
    read_paths,
)
from tally.errors import InputError
from tally.feeds import parse_feed
from tally.markup import parse_page
from tally.records import Document

REPORT = (
    "Gunmen killed four farmers near the village of Tarka on Tuesday, a local official said.\n\n"
    "The official said the attackers arrived on motorcycles and set fire to two granaries."
)


def docs_and_errors(items) -> tuple[list[Document], list[InputError]]:
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def only_document(path: Path, **kwargs) -> Document:
    docs, errors = docs_and_errors(read_path(path, **kwargs))
    assert errors == [] and len(docs) == 1, errors
    return docs[0]


def only_error(path: Path, **kwargs) -> InputError:
    docs, errors = docs_and_errors(read_path(path, **kwargs))
    assert docs == [] and len(errors) == 1, docs
    return errors[0]


# --------------------------------------------------------------------------- make_document


def test_make_document_normalises_and_hashes() -> None:
    doc = make_document("Shelling \u201chit\u201d the market \u2014 three killed.  ", title=" Market ")
    assert doc.text == 'Shelling "hit" the market - three killed.'
    assert doc.title == "Market"
    assert len(doc.id) == 16 and doc.text_sha256.startswith(doc.id)
    assert doc.raw_sha256 != doc.text_sha256  # raw keeps the curly quotes and the dash


def test_same_text_gives_same_id_and_raw_bytes_differ(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT.replace("\n", "\r\n"), encoding="utf-8")
    first, second = (only_document(tmp_path / n) for n in ("a.txt", "b.txt"))
    assert first.id == second.id and first.text_sha256 == second.text_sha256
    assert first.raw_sha256 != second.raw_sha256
    assert only_document(tmp_path / "a.txt").id == first.id


def test_make_document_refuses_empty_text() -> None:
    with pytest.raises(InputError, match="no text"):
        make_document(" \n\u200b\n ", origin="note.txt")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-09-06", dt.date(2021, 9, 6)),
        ("2021-09-06T23:30:00-05:00", dt.date(2021, 9, 6)),
        ("2021-09-06T10:00:00Z", dt.date(2021, 9, 6)),
        ("Mon, 06 Sep 2021 16:45:00 +0000", dt.date(2021, 9, 6)),
        ("6 September 2021", dt.date(2021, 9, 6)),
    ],
)
def test_parse_date_accepts_absolute_dates(value: str, expected: dt.date) -> None:
    assert parse_date(value, "x.txt") == expected


@pytest.mark.parametrize("value", ["soon", "yesterday", "3 days ago", "Tuesday", "September 2021", ""])
def test_parse_date_refuses_relative_partial_and_garbage(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_date(value, "feed.xml:item 2")
    assert str(info.value) == f"feed.xml:item 2: date {value!r} does not parse"


# --------------------------------------------------------------------------- decoding


def test_decode_utf8_with_and_without_bom() -> None:
    text = "Aleppo \u2013 Al-Qa\u2019im"
    assert decode_bytes(text.encode("utf-8"), "a") == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "a") == text


def test_decode_utf16_with_bom_both_orders() -> None:
    text = "Two civilians were wounded in Mosul."
    assert decode_bytes(text.encode("utf-16"), "a") == text
    assert decode_bytes(b"\xfe\xff" + text.encode("utf-16-be"), "a") == text


def test_decode_cp1252() -> None:
    raw = "The \u201cmonitor\u201d said caf\u00e9 owners in Dara\u2019a fled \u2014 six died.".encode("cp1252")
    assert decode_bytes(raw, "a") == "The \u201cmonitor\u201d said caf\u00e9 owners in Dara\u2019a fled \u2014 six died."


def test_decode_prefers_cp1252_for_short_western_text() -> None:
    # charset-normalizer alone reads these bytes as cp1250 ("Na\u010fve")
    assert decode_bytes(b"Na\xefve \x93report\x94", "a") == "Na\u00efve \u201creport\u201d"


def test_decode_refuses_empty_and_binary() -> None:
    with pytest.raises(InputError, match="a.txt: empty file"):
        decode_bytes(b"", "a.txt")
    with pytest.raises(InputError, match="b.txt: binary file, not text"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "b.txt")
    with pytest.raises(InputError, match="binary file, not text"):
        decode_bytes(bytes(range(1, 32)) * 20, "c.txt")


# --------------------------------------------------------------------------- plain text


def test_text_with_header_block(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Title: Four farmers killed near Tarka\nPublisher: Plains Monitor\nPublished: 2023-05-02\n"
        "URL: https://example.org/tarka\n\n" + REPORT,
        encoding="utf-8",
    )
    doc = only_document(path, published=dt.date(2020, 1, 1))
    assert (doc.title, doc.publisher, doc.url) == ("Four farmers killed near Tarka", "Plains Monitor", "https://example.org/tarka")
    assert doc.published == dt.date(2023, 5, 2)  # the document's own date wins
    assert doc.text.startswith("Four farmers killed near Tarka\n\nGunmen killed")
    assert "Publisher:" not in doc.text and doc.origin == str(path)


def test_text_header_source_is_publisher(tmp_path: Path) -> None:
    path = tmp_path / "brief"  # no extension: plain text
    path.write_text("Source: Valley Wire\nDate: 4 June 2022\n\n" + REPORT, encoding="utf-8")
    doc = only_document(path)
    assert doc.publisher == "Valley Wire" and doc.published == dt.date(2022, 6, 4) and doc.title is None


def test_text_title_line_stays_in_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("Four Farmers Killed Near Tarka\n\n" + REPORT, encoding="utf-8")
    doc = only_document(path, published=dt.date(2023, 5, 3))
    assert doc.title == "Four Farmers Killed Near Tarka"
    assert doc.text[: len(doc.title)] == doc.title
    assert doc.published == dt.date(2023, 5, 3)  # no date of its own: the argument applies


def test_text_without_title_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(REPORT, encoding="utf-8")  # first line ends with a period
    assert only_document(path).title is None


def test_text_header_with_bad_date_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Title: Raid\nPublished: the day after\n\n" + REPORT, encoding="utf-8")
    error = only_error(path)
    assert str(path) in str(error) and "'the day after' does not parse" in str(error)


def test_cp1252_and_utf16_files_read(tmp_path: Path) -> None:
    text = "Caf\u00e9 owner among dead\n\nThe \u201cattack\u201d killed three \u2014 police said."
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "u.txt").write_bytes(text.encode("utf-16"))
    for name in ("w.txt", "u.txt"):
        doc = only_document(tmp_path / name)
        assert doc.title == "Caf\u00e9 owner among dead"
        assert doc.text.endswith('The "attack" killed three - police said.')


# --------------------------------------------------------------------------- HTML


def test_html_metadata_and_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<!doctype html><html lang="en-GB"><head><title>Tarka attack | Plains Monitor</title>
        <meta property="og:title" content="Four farmers killed near Tarka">
        <meta property="og:site_name" content="Plains Monitor">
        <meta property="article:published_time" content="2023-05-02T08:15:00+01:00">
        <style>p { color: red }</style><script>var tracking = 1;</script></head>
        <body><nav><a href="/">Home</a> Sections</nav>
        <article><h1>Four farmers killed near Tarka</h1>
        <p>Gunmen killed <b>four</b> farmers&nbsp;near Tarka.</p><p>Two granaries burned.</p></article>
        <footer>Copyright Plains Monitor</footer></body></html>""",
        encoding="utf-8",
    )
    doc = only_document(path)
    assert doc.title == "Four farmers killed near Tarka" and doc.publisher == "Plains Monitor"
    assert doc.published == dt.date(2023, 5, 2) and doc.language == "en"
    assert doc.text == "Four farmers killed near Tarka\n\nGunmen killed four farmers near Tarka.\n\nTwo granaries burned."


def test_html_time_element_and_title_fallback(tmp_path: Path) -> None:
    path = tmp_path / "t.htm"
    path.write_text(
        "<html><head><title>Checkpoint attack</title></head><body><div>Soldiers at a checkpoint were "
        "fired on.<br>One was wounded.</div><time datetime='2022-11-30'>30 Nov</time></body></html>",
        encoding="utf-8",
    )
    doc = only_document(path)
    assert doc.title == "Checkpoint attack" and doc.published == dt.date(2022, 11, 30)
    assert "fired on.\nOne was wounded." in doc.text


def test_broken_html_still_gives_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<html><body><p>Mortar rounds fell on the <b>market<p>Five people were hurt</td></div", encoding="utf-8")
    doc = only_document(path)
    assert "Mortar rounds fell on the market" in doc.text and "Five people were hurt" in doc.text


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>", encoding="utf-8")
    error = only_error(path)
    assert str(path) in str(error) and "no text" in str(error)


def test_parse_page_reads_metadata_without_a_date_parse() -> None:
    html = '<html lang="fr-FR"><head><title>Raid</title></head><body><time datetime="soon">x</time><p>Police raided a camp.</p></body></html>'
    page = parse_page(html, "raid.html")
    assert (page.title, page.date_text, page.language, page.url) == ("Raid", "soon", "fr", None)
    assert page.text.endswith("Police raided a camp.")
    with pytest.raises(InputError, match="no text found"):
        parse_page("<html><body><script>x()</script></body></html>", "empty.html")


def test_html_to_text_on_a_fragment() -> None:
    assert html_to_text("<p>One &amp; two</p><p>three</p>") == "One & two\n\nthree"


# --------------------------------------------------------------------------- JSON


def test_jsonl_bad_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "A roadside bomb killed two soldiers.", "published": "2021-03-04", "url": "https://example.org/a1"}),
        "{not json",
        "",
        json.dumps({"body": "Police arrested eleven protesters.", "title": "Arrests", "publisher": "City Desk"}),
        json.dumps({"headline": "no text here"}),
        json.dumps({"content": "A drone strike hit a convoy.", "published": "next week sometime"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, errors = docs_and_errors(read_path(path, published=dt.date(2021, 3, 10)))
    assert [d.text for d in docs] == ["A roadside bomb killed two soldiers.", "Police arrested eleven protesters."]
    assert docs[0].published == dt.date(2021, 3, 4) and docs[1].published == dt.date(2021, 3, 10)
    assert docs[0].origin == f"{path}:line 1 (id a1)" and docs[0].url == "https://example.org/a1"
    assert (docs[1].title, docs[1].publisher) == ("Arrests", "City Desk")
    assert [e.source for e in errors] == [f"{path}:line 2", f"{path}:line 5", f"{path}:line 6"]
    assert "not valid JSON" in str(errors[0])
    assert "no text field" in str(errors[1]) and "headline" in str(errors[1])
    assert "'next week sometime' does not parse" in str(errors[2])


def test_json_object_and_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": "Rebels shelled the airport.", "date": "2019-08-01"}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"text": "Clashes in the north."}, 5, {"content": "A curfew was declared."}]), encoding="utf-8")
    (tmp_path / "bad.json").write_text("[{\"text\": ", encoding="utf-8")
    docs, errors = docs_and_errors(read_path(tmp_path))  # sorted: bad, many, one
    assert [d.text for d in docs] == ["Clashes in the north.", "A curfew was declared.", "Rebels shelled the airport."]
    assert docs[2].published == dt.date(2019, 8, 1)
    assert "bad.json" in str(errors[0]) and "not valid JSON" in str(errors[0])
    assert str(errors[1]).startswith(f"{tmp_path / 'many.json'}:item 2: ")


# --------------------------------------------------------------------------- CSV


def test_csv_rows_are_documents(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "event_id,event_date,notes,source\n"
        'E1,21 March 2020,"On 21 March, militants attacked a post, killing 3.",Wire One\n'
        "E2,,Security forces detained two men.,Wire Two\n"
        "E3,the spring,Protesters blocked a road.,Wire Three\n"
        ",,,\n"
        "E5,2020-03-22,,Wire Five\n",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(read_path(path, published=dt.date(2020, 3, 30)))
    assert [d.origin for d in docs] == [f"{path}:row 1", f"{path}:row 2"]
    assert docs[0].text == "On 21 March, militants attacked a post, killing 3." and docs[0].publisher == "Wire One"
    assert docs[0].published == dt.date(2020, 3, 21) and docs[1].published == dt.date(2020, 3, 30)
    assert errors[0].source == f"{path}:row 3" and "'the spring' does not parse" in str(errors[0])
    assert errors[1].source == f"{path}:row 5" and "no text" in str(errors[1])


def test_tsv_with_named_text_column(tmp_path: Path) -> None:
    path = tmp_path / "snippets.tsv"
    path.write_text('id\tSnippet\tLabel\n7\tA "car bomb" exploded outside a bank.\tSUIC_BOMB\n', encoding="utf-8")
    doc = only_document(path, text_column="snippet")
    assert doc.text == 'A "car bomb" exploded outside a bank.' and doc.origin == f"{path}:row 1 (id 7)"


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("when,where\n2020-01-01,Tarka\n", encoding="utf-8")
    error = only_error(path)
    assert str(path) in str(error) and "columns present: when, where" in str(error)
    named = only_error(path, text_column="story")
    assert "'story'" in str(named) and "columns present: when, where" in str(named)


def _sources(items) -> list[str]:
    return [item.source if isinstance(item, InputError) else item.origin for item in items]


@pytest.mark.parametrize("name, content, records", [
    ("rows.csv", "notes,source\n" + "".join(f'"Gunmen killed {n} people in Tarka.",Wire {n}\n' if n != 4 else ",\n"
                                             for n in range(1, 12)), 11),
    ("lines.jsonl", "".join(json.dumps({"text": f"Gunmen killed {n} people in Tarka."}) + "\n" if n not in (3, 7)
                            else ("{broken\n" if n == 3 else "\n") for n in range(1, 12)), 11),
])
def test_slices_of_a_collection_read_as_the_whole_file(tmp_path: Path, name: str, content: str, records: int) -> None:
    """`tally.scale` cuts large files into record slices: together they read as the file does."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert count_records(path) == records
    whole = list(read_path(path, published=dt.date(2020, 3, 30)))
    sliced = [item for start in range(1, records + 1, 4)
              for item in read_path(path, published=dt.date(2020, 3, 30), records=(start, min(start + 4, records + 1)))]
    assert _sources(sliced) == _sources(whole) and len(whole) == 10  # a blank record yields nothing
    assert [d.text for d in sliced if isinstance(d, Document)] == [d.text for d in whole if isinstance(d, Document)]
    assert _sources(read_path(path, records=(5, 7))) == [f"{path}:{'row' if name.endswith('csv') else 'line'} {n}"
                                                         for n in (5, 6)]


def test_an_error_of_the_whole_file_is_reported_by_its_first_slice_alone(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("when,where\n" + "2020-01-01,Tarka\n" * 6, encoding="utf-8")
    assert count_records(path) == 6
    assert [str(path)] == _sources(read_path(path, records=(1, 4)))
    assert [] == _sources(read_path(path, records=(4, 7)))
    assert count_records(tmp_path / "notes.txt") is None and count_records(tmp_path / "missing.jsonl") is None


# --------------------------------------------------------------------------- feeds


def test_rss_items(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
        <title>Border Desk</title>
        <item><title>Shelling near crossing</title><link>https://example.org/1</link>
          <description>&lt;p&gt;Artillery hit the &lt;b&gt;crossing&lt;/b&gt;; one guard died.&lt;/p&gt;</description>
          <pubDate>Tue, 14 Feb 2023 06:00:00 GMT</pubDate></item>
        <item><title>Aid convoy stopped</title><link>https://example.org/2</link>
          <content:encoded><![CDATA[<p>Fighters stopped an aid convoy.</p>]]></content:encoded></item>
        <item><title>Odd date</title><description>Text.</description><pubDate>whenever</pubDate></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(read_path(path, published=dt.date(2023, 2, 20)))
    assert [d.text for d in docs] == ["Artillery hit the crossing; one guard died.", "Fighters stopped an aid convoy."]
    assert [d.published for d in docs] == [dt.date(2023, 2, 14), dt.date(2023, 2, 20)]
    assert (docs[0].title, docs[0].url, docs[0].publisher) == ("Shelling near crossing", "https://example.org/1", "Border Desk")
    assert docs[1].origin == f"{path}:item 2"
    assert errors[0].source == f"{path}:item 3" and "'whenever' does not parse" in str(errors[0])


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor Updates</title>
        <entry><title>Air strike on depot</title><link rel="alternate" href="https://example.org/e1"/>
          <updated>2024-01-09T12:00:00Z</updated><published>2024-01-08T21:00:00Z</published>
          <content type="html">&lt;p&gt;An air strike destroyed a fuel depot.&lt;/p&gt;</content></entry>
        <entry><title>Sniper fire</title><summary>A sniper wounded a boy.</summary></entry>
        </feed>""",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(read_path(path))
    assert errors == []
    assert [d.text for d in docs] == ["An air strike destroyed a fuel depot.", "A sniper wounded a boy."]
    assert docs[0].published == dt.date(2024, 1, 8) and docs[0].url == "https://example.org/e1"
    assert docs[1].published is None and docs[1].publisher == "Monitor Updates"


def test_parse_feed_entry_without_body_falls_back_to_title() -> None:
    raw = b"<rss><channel><title>Desk</title><item><title>Two <b>killed</b> at checkpoint</title></item></channel></rss>"
    [entry] = parse_feed(raw, "desk.rss")
    assert (entry.source, entry.text, entry.title) == ("desk.rss:item 1", "Two killed at checkpoint", "Two killed at checkpoint")
    assert (entry.publisher, entry.url, entry.date_text) == ("Desk", None, None)
    with pytest.raises(InputError, match="empty file"):
        parse_feed(b"  \n", "blank.rss")


def test_xml_that_is_not_a_feed_or_not_well_formed(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("<articles><article>x</article></articles>", encoding="utf-8")
    (tmp_path / "b.xml").write_text("<rss><channel><item>", encoding="utf-8")
    (tmp_path / "c.xml").write_text('<!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>', encoding="utf-8")
    docs, errors = docs_and_errors(read_path(tmp_path))
    assert docs == []
    assert ["neither RSS nor Atom" in str(errors[0]), "not well-formed XML" in str(errors[1]), "entity" in str(errors[2])] == [True] * 3


# --------------------------------------------------------------------------- batches


def test_bad_inputs_in_one_batch_and_good_files_still_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: written in an instant, 50 MB on stat
        handle.write(REPORT.encode("utf-8"))
        handle.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    unknown = tmp_path / "scan.pdf"
    unknown.write_bytes(b"%PDF-1.4")
    started = time.perf_counter()
    docs, errors = docs_and_errors(read_paths([empty, binary, huge, missing, unknown, good, str(good)]))
    assert time.perf_counter() - started < 2.0  # the big file is refused by its size, not read
    assert [d.origin for d in docs] == [str(good), str(good)] and docs[0].id == docs[1].id
    messages = [str(e) for e in errors]
    assert messages[0] == f"{empty}: empty file"
    assert messages[1] == f"{binary}: binary file, not text"
    assert messages[2].startswith(f"{huge}: file is 52,428,800 bytes") and f"{MAX_DOCUMENT_BYTES:,}" in messages[2]
    assert messages[3] == f"{missing}: no such file or directory"
    assert messages[4].startswith(f"{unknown}: unsupported file type '.pdf'")


def test_folder_is_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second report: a bridge was blown up.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First report: a school was shelled.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden report: should not be read.", encoding="utf-8")
    (tmp_path / ".git" / "HEAD.txt").write_text("Not a report.", encoding="utf-8")
    docs, errors = docs_and_errors(read_path(tmp_path))
    assert errors == []
    assert [d.text for d in docs] == ["First report: a school was shelled.", "Second report: a bridge was blown up."]


def test_folder_walk_skips_database_files_but_a_named_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("A mortar round hit a market in the town.", encoding="utf-8")
    names = ["tally.db", "tally.db-wal", "tally.db-shm", "tally.db-journal", "old.sqlite", "Old.SQLITE3"]
    for name in names:
        (tmp_path / name).write_bytes(b"SQLite format 3\x00" + bytes(64))
    docs, errors = docs_and_errors(read_path(tmp_path))
    assert errors == [] and [d.text for d in docs] == ["A mortar round hit a market in the town."]
    error = only_error(tmp_path / "tally.db-wal")
    assert error.source == str(tmp_path / "tally.db-wal")
    assert str(error).startswith(f"{tmp_path / 'tally.db-wal'}: unsupported file type '.db-wal'")


def test_published_argument_applies_only_where_no_date(tmp_path: Path) -> None:
    (tmp_path / "dated.txt").write_text("Published: 2018-07-01\n\n" + REPORT, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(REPORT + " More later.", encoding="utf-8")
    docs, _ = docs_and_errors(read_path(tmp_path, published=dt.date(2018, 7, 9)))
    assert [d.published for d in docs] == [dt.date(2018, 7, 1), dt.date(2018, 7, 9)]


def test_seed_article_reads(shared_dir: Path) -> None:
    doc = only_document(shared_dir / "examples" / "seed_article.txt")
    assert doc.title and doc.title.startswith("ISIS Releases Video")
    assert doc.text.startswith(doc.title) and "\u201c" not in doc.text
