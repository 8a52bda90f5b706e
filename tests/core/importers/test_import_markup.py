"""Markdown and saved web pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from desktop_app.core.importers import import_file

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ministers pledge action on trafficking | The Daily Example</title>
<meta property="og:title" content="Ministers pledge action on trafficking">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://daily.example/news/trafficking-pledge">
<meta name="author" content="Farhana Akter">
<meta property="article:published_time" content="2022-07-31T09:00:00+06:00">
<script>window.tracker = "SCRIPT-SHOULD-NOT-APPEAR";</script>
<link rel="stylesheet" href="https://cdn.example/site.css">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAV-WORLD-LINK</a></li></ul></nav>
<div class="ad">ADVERT-SHOULD-NOT-APPEAR buy now</div>
<article>
<h1>Ministers pledge action on trafficking</h1>
<p>Home Minister Asaduzzaman Khan Kamal on Saturday said the government has a zero-tolerance
policy on human trafficking, speaking at a national consultation in Dhaka.</p>
<p>"The fight against trafficking requires multi-stakeholder engagement," he said, adding that
awareness campaigns would continue across the country through the digital space.</p>
<h2>Regional cooperation</h2>
<p>Foreign Minister AK Abdul Momen noted that the region must cooperate more closely to protect
migrant workers from exploitation by unscrupulous recruitment agencies and their sub-agents.</p>
<ul><li>Stronger border checks at every crossing point</li>
<li>Faster trials for trafficking cases in special tribunals</li></ul>
<blockquote><p>Nobody should be sold, the UN Resident Coordinator told the meeting.</p></blockquote>
<p>The IOM chief of mission said safe migration is possible when workers know their rights and
employers are held responsible for what happens in their supply chains.</p>
</article>
<section class="comments"><h3>Comments</h3><p>COMMENT-SHOULD-NOT-APPEAR great article</p></section>
<footer>FOOTER-SHOULD-NOT-APPEAR Copyright</footer>
<img src="https://tracker.example/pixel.gif">
</body></html>
"""


def test_markdown_blocks_without_markup(tmp_path: Path, well_formed, blocks_of) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "---\ntitle: Field notes\ndate: 2023-01-09\n---\n"
        "# Visit to *Cox's Bazar*\n\nWe met **twelve** families.\n\n"
        "- Debt\n  - Interest\n1. First\n2. Second\n\n> They took our papers.\n\n"
        "See [the report](https://example.org) ![a photo](p.png)\n",
        "utf-8",
    )
    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "md"
    assert doc.metadata.title == "Field notes"
    assert doc.metadata.published == "2023-01-09"
    assert blocks_of(doc) == [
        ("heading", "Visit to Cox's Bazar", 1),
        ("paragraph", "We met twelve families.", 0),
        ("list_item", "Debt", 0),
        ("list_item", "Interest", 1),
        ("list_item", "1. First", 0),
        ("list_item", "2. Second", 0),
        ("quote", "They took our papers.", 0),
        ("paragraph", "See the report a photo", 0),
    ]


def test_markdown_title_comes_from_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("# Brief on wage theft\n\nText.\n", "utf-8")
    assert import_file(path).metadata.title == "Brief on wage theft"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_html_article_main_text_and_metadata(
    tmp_path: Path, no_network: None, well_formed, blocks_of
) -> None:
    path = tmp_path / "page.txt"  # chosen by content, not name
    path.write_text(ARTICLE_PAGE, "utf-8")
    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "html"
    for junk in ("SCRIPT-", "NAV-WORLD", "ADVERT-", "COMMENT-", "FOOTER-"):
        assert junk not in doc.text
    assert "zero-tolerance policy on human trafficking" in doc.text
    blocks = blocks_of(doc)
    assert ("heading", "Regional cooperation", 2) in blocks
    assert ("list_item", "Stronger border checks at every crossing point", 0) in blocks
    assert any(kind == "quote" and "Nobody should be sold" in text for kind, text, _ in blocks)
    meta = doc.metadata
    assert meta.title == "Ministers pledge action on trafficking"
    assert meta.source == "The Daily Example"
    assert meta.author == "Farhana Akter"
    assert meta.published == "2022-07-31"
    assert meta.url == "https://daily.example/news/trafficking-pledge"
    assert meta.language == "en"


def test_html_page_without_an_article_keeps_its_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "stub.html"
    path.write_text("<html><body><div>Only a short note here.</div></body></html>", "utf-8")
    doc = import_file(path)
    assert "Only a short note here." in doc.text
