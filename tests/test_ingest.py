"""Reading inputs: every format, the encodings, and every kind of bad input (files made in tmp_path)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest

from eventwatch.document import ArticleText
from eventwatch.ingest import MAX_ARTICLE_BYTES, IngestError, decode, open_source, read_source
from eventwatch.ingest.feeds import html_to_text

STORY = ("KYIV, Ukraine — Russian drones struck Dnipro overnight, the governor said. "
         "“We will rebuild,” he told reporters on Tuesday.")
PUBLISHED = dt.date(2024, 10, 22)


def read_all(path: Path | str, **options) -> list[ArticleText | IngestError]:
    return list(read_source(open_source(path), **options))


def read_one(path: Path | str, **options) -> ArticleText:
    items = read_all(path, **options)
    assert len(items) == 1
    if isinstance(items[0], IngestError):
        raise items[0]
    return items[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---- plain text and decoding


def test_text_keeps_the_exact_text_and_its_id_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", STORY)
    article = read_one(path, published=PUBLISHED)
    assert article.text == STORY
    assert article.id == hashlib.sha256(STORY.encode("utf-8")).hexdigest()[:16]
    assert article.published == PUBLISHED and article.origin == str(path)
    assert len(STORY.encode("utf-8")) > len(article.text)  # em dash and curly quotes: chars, not bytes


def test_a_utf8_bom_is_dropped_and_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    assert read_one(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode())).text == STORY
    assert read_one(write(tmp_path / "u16.txt", STORY.encode("utf-16"))).text == STORY


def test_a_windows_1252_file_is_detected_and_read_correctly(tmp_path: Path) -> None:
    text = ("Le président a déclaré « non » à l’accord. Les soldats ont été tués près de la frontière. " * 5)
    assert read_one(write(tmp_path / "legacy.txt", text.encode("cp1252"))).text == text


def test_an_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path / "short.txt", "Troops left the café.".encode("latin-1"))
    assert read_one(path, encoding="latin-1").text == "Troops left the café."


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty input"),
    (b"  \n\t\n", "empty input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary data"),
    (bytes(range(1, 9)) * 40 + b"some words", "binary data"),
    (b"The army said on Monday that " + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 30 + b" were killed.",
     "undecodable bytes"),
    (b"1234 5678 -- 42", "no letters"),
])
def test_bad_text_is_a_one_line_error_naming_the_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(IngestError, match=message) as caught:
        read_one(path)
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


def test_a_60_mb_file_is_refused_above_the_documented_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        for _ in range(60):
            stream.write(b"Rebels seized the town. " * (2**20 // 24))
    assert path.stat().st_size > 55 * 2**20 > MAX_ARTICLE_BYTES
    with pytest.raises(IngestError, match=r"huge.txt: larger than the 10 MiB limit for one article"):
        read_one(path)


def test_decode_refuses_undecodable_bytes_instead_of_guessing() -> None:
    with pytest.raises(IngestError, match="<x>: undecodable bytes"):
        decode(bytes(range(0x80, 0x100)) * 4, origin="<x>")


def test_standard_input_is_read_as_text() -> None:
    items = list(read_source(open_source("-"), stdin=io.BytesIO(STORY.encode()), published=PUBLISHED))
    assert [(a.text, a.origin, a.published) for a in items] == [(STORY, "<stdin>", PUBLISHED)]


def test_a_missing_file_cannot_be_opened() -> None:
    with pytest.raises(IngestError, match="^/no/such/story.txt: no such file or directory$"):
        open_source("/no/such/story.txt")


# ---- HTML

PAGE = """<html><head><title>Rebels take Kyaukme | Example News</title>
<meta property="og:title" content="Rebels take Kyaukme">
<meta property="og:url" content="https://example.org/news/kyaukme">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-09-16T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><p>Rebels seized the town of Kyaukme in northern Shan State on Sunday, residents said.
The fighting lasted four hours.</p>
<p>The military did not comment on the loss of the town, which lies on the main trade road to China.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_gives_the_article_text_and_its_metadata(tmp_path: Path) -> None:
    article = read_one(write(tmp_path / "page.html", PAGE), published=dt.date(2000, 1, 1))
    assert "Rebels seized the town of Kyaukme" in article.text and "trade road to China" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.title == "Rebels take Kyaukme"
    assert article.url == "https://example.org/news/kyaukme"
    assert article.source == "Example News"
    assert article.published == dt.date(2024, 9, 16)  # the page's own date beats --published


def test_html_with_no_article_body_is_an_error(tmp_path: Path) -> None:
    page = write(tmp_path / "menu.htm", "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a>"
                 "</nav><form><input name='q'></form><script>var x = 1;</script></body></html>")
    with pytest.raises(IngestError, match=f"^{page}: no article body found in the HTML$"):
        read_one(page)


# ---- JSON and JSONL


def test_a_json_article_keeps_its_id_date_and_unknown_fields(tmp_path: Path) -> None:
    obj = {"id": 8011115, "text": STORY, "published": "2025-03-14 20:30:26Z", "title": "T", "url": "u",
           "source": "Voice of America", "section": "Europe", "tags": ["a", "b"]}
    article = read_one(write(tmp_path / "a.json", json.dumps(obj)), published=PUBLISHED)
    assert (article.id, article.published, article.title, article.url, article.source) == (
        "8011115", dt.date(2025, 3, 14), "T", "u", "Voice of America")
    assert article.extra == {"section": "Europe", "tags": ["a", "b"]}
    undated = read_one(write(tmp_path / "b.json", json.dumps({"text": STORY})), published=PUBLISHED)
    assert undated.published == PUBLISHED and undated.id == hashlib.sha256(STORY.encode()).hexdigest()[:16]


@pytest.mark.parametrize(("content", "message"), [
    ('[{"text": "Rebels seized the town."}]', "expected a JSON object .*use a .jsonl file"),
    ('{"title": "no text"}', "no 'text' string"),
    ('{"text": "   "}', "empty 'text'"),
    ('{"text": "Rebels seized it.", "published": "last week"}', "'published' is not an ISO date"),
    ('{"text": "Rebels seized it.", "published": "2024-02-30"}', "'published' is not an ISO date"),
    ('{"text": "Rebels seized', "not valid JSON"),
])
def test_bad_json_articles_are_errors(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "bad.json", content)
    with pytest.raises(IngestError, match=message):
        read_one(path)


def test_jsonl_reports_broken_lines_with_their_number_and_keeps_the_good_ones(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": "Rebels seized Kyaukme."}),
             '{"id": "b", "text": "broken',
             "",
             json.dumps({"id": "c", "text": "Troops left Mandalay.", "published": "2024-09-15"}),
             json.dumps(["not", "an", "object"]),
             json.dumps({"id": "e", "text": "Police arrested 40 people."})]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = read_all(path, published=PUBLISHED)
    assert [i.id if isinstance(i, ArticleText) else str(i).split(": ")[0] for i in items] == [
        "a", f"{path}:2", "c", f"{path}:5", "e"]
    assert [i.published for i in items if isinstance(i, ArticleText)] == [PUBLISHED, dt.date(2024, 9, 15), PUBLISHED]
    assert "not valid JSON" in str(items[1]) and "expected a JSON object" in str(items[3])


def test_an_overlong_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    long_line = json.dumps({"id": "big", "text": "Rebels seized the town. " * 100})
    path = write(tmp_path / "batch.jsonl", "\n".join([long_line, json.dumps({"id": "ok", "text": "Troops left."})]))
    items = read_all(path, max_bytes=1000)
    assert isinstance(items[0], IngestError) and str(items[0]).startswith(f"{path}:1: line longer than")
    assert isinstance(items[1], ArticleText) and items[1].id == "ok"


# ---- directories


def test_a_directory_is_read_recursively_in_sorted_order_reporting_bad_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Troops left Mandalay.")
    write(root / "a" / "z.json", json.dumps({"id": "z", "text": "Police arrested 40 people."}))
    write(root / "a" / "empty.txt", "")
    write(root / "c.jsonl", json.dumps({"id": "c1", "text": "Rebels seized Kyaukme."}) + "\n{oops\n")
    write(root / "d.html", "<html><body><nav>Home</nav></body></html>")
    write(root / "notes.pdf", b"%PDF-1.4 \x00\x01")
    write(root / ".hidden.txt", "Should not be read.")
    write(root / ".git" / "x.txt", "Should not be read either.")
    items = read_all(root)
    summary = [i.text if isinstance(i, ArticleText) else f"error {Path(i.origin).relative_to(root)}" for i in items]
    assert summary == ["error a/empty.txt", "Police arrested 40 people.", "Troops left Mandalay.",
                       "Rebels seized Kyaukme.", "error c.jsonl:2", "error d.html"]


def test_an_empty_directory_is_an_error_item(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [item] = read_all(tmp_path / "empty")
    assert isinstance(item, IngestError) and "no readable files" in str(item)


# ---- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.org</link>
<item><title>Rebels take Kyaukme</title><link>https://example.org/1</link><guid>ex-1</guid>
<pubDate>Mon, 16 Sep 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Rebels seized the town of &lt;b&gt;Kyaukme&lt;/b&gt; on Sunday.&lt;/p&gt;&lt;p&gt;Residents fled.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/2</link><description></description></item>
<item><title>Curfew in Mandalay</title><link>https://example.org/3</link>
<description>The junta imposed a curfew in Mandalay.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:wire</id><updated>2024-06-26T10:00:00Z</updated>
<entry><title>Leaders meet in Brussels</title><id>urn:wire:1</id><link href="https://example.org/a"/>
<updated>2024-06-26T10:00:00Z</updated>
<content type="html">&lt;p&gt;Vucic and Kurti met in Brussels on Wednesday.&lt;/p&gt;</content></entry></feed>"""


def test_an_rss_feed_gives_one_article_per_entry_with_its_own_date_and_link(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)
    items = read_all(path, published=PUBLISHED)
    first, empty, third = items
    assert isinstance(first, ArticleText) and isinstance(third, ArticleText)
    assert first.text == "Rebels seized the town of Kyaukme on Sunday.\nResidents fled."
    assert (first.id, first.url, first.title, first.source, first.published) == (
        "ex-1", "https://example.org/1", "Rebels take Kyaukme", "Example Wire", dt.date(2024, 9, 16))
    assert isinstance(empty, IngestError) and str(empty) == f"{path}: entry 2: the feed entry has no text"
    assert third.published == PUBLISHED and third.url == "https://example.org/3"


def test_an_atom_feed_in_an_xml_file(tmp_path: Path) -> None:
    [entry] = read_all(write(tmp_path / "wire.xml", ATOM))
    assert isinstance(entry, ArticleText)
    assert (entry.text, entry.id, entry.url, entry.published) == (
        "Vucic and Kurti met in Brussels on Wednesday.", "urn:wire:1", "https://example.org/a", dt.date(2024, 6, 26))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title><item><title>x</title><description>&lol9;</description></item></channel></rss>"""


def test_a_billion_laughs_feed_is_refused_before_any_expansion(tmp_path: Path) -> None:
    path = write(tmp_path / "laughs.rss", BILLION_LAUGHS)
    with pytest.raises(IngestError, match=f"^{path}: unsafe XML refused \\(EntitiesForbidden\\)"):
        read_one(path)


def test_an_external_entity_feed_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "The password is swordfish.")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            "<description>Leaked: &xxe;</description></item></channel></rss>")
    path = write(tmp_path / "xxe.xml", feed)
    with pytest.raises(IngestError, match="unsafe XML refused") as caught:
        read_one(path)
    assert "swordfish" not in str(caught.value)


def test_xml_that_is_not_a_feed_or_not_well_formed_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not an RSS or Atom feed"):
        read_one(write(tmp_path / "config.xml", "<config><item>Rebels</item></config>"))
    with pytest.raises(IngestError, match="not well-formed XML"):
        read_one(write(tmp_path / "broken.rss", "<rss><channel><title>t</title>"))


def test_feed_html_becomes_plain_text_one_paragraph_per_line() -> None:
    assert html_to_text("<p>Troops  left\n the <i>city</i>.</p><br>Residents &amp; officials fled.") == (
        "Troops left the city.\nResidents & officials fled.")
