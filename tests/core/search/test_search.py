"""Searching a real library: every script, filters, snippets, facets, changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop_app.core.errors import QueryError
from desktop_app.core.library import Library
from tests.core.search.helpers import add_document, add_statement

DHAKA = (
    "date 2022-07-31 Terming the human trafficking as a serious human rights violation, "
    "Home Minister Asaduzzaman Khan Kamal on Saturday said that the government has a "
    "zero-tolerance policy on human trafficking issues.\n\n"
    '"Human trafficking is a serious human rights violation. The government has a '
    'zero-tolerance policy on human trafficking," he said.\n\n'
    "Speaking at the consultation, Foreign Minister Dr. A.K. Abdul Momen, commented, "
    '"We need to keep in mind that human trafficking is a trans-boundary crime, and the '
    'traffickers may possess better technology than it is available in a particular country."'
)
POLICY = (
    "The ministry published its migration policy. Officials said there would be zero "
    "tolerance for brokers who charge recruitment fees, a form of debt bondage."
)
BENGALI = "ধর্মীয় অনুভূতিতে আঘাতের অভিযোগে করা আরও ১০ মামলায় হাইকোর্ট থেকে জামিন পেয়েছেন সাবেক মন্ত্রী।"
BENGALI_2 = "সমুদ্রবন্দরগুলোকে ৩ নম্বর সতর্কতা ও নদীবন্দরগুলোকে ২ নম্বর সতর্কতা দিয়ে আবহাওয়া অধিদফতর জানিয়েছে।"
CHINESE = (
    "吴尊不再走偶像路线：我本来就不是大明星。2008年，吴尊以电影新人的姿态第一次走上大银幕主演影片。"
)
ARABIC = "يكون نوري المالكي نائب الرئيس العراقي قد سدد ضربة قاضية لأي تقارب بين بغداد والرياض."


@dataclass
class Ids:
    dhaka: int
    policy: int
    bengali: int
    bengali_2: int
    chinese: int
    arabic: int
    kamal: int
    momen: int


@pytest.fixture
def ids(library: Library) -> Ids:
    db = library.context.db
    dhaka = add_document(
        db,
        DHAKA,
        title="National consultation in Dhaka",
        published="2022-07-31",
        tags=("trafficking", "Bangladesh"),
        page_starts=(0, 200, 400),
    )
    policy = add_document(db, POLICY, title="Migration policy", published="2021-03-02")
    bengali = add_document(db, BENGALI, title="লতিফ সিদ্দিকী জামিন", language="bn")
    bengali_2 = add_document(db, BENGALI_2, title="সমুদ্র বন্দরে সতর্কতা", language="bn")
    chinese = add_document(db, CHINESE, title="吴尊", language="zh", published="2013-05-01")
    arabic = add_document(db, ARABIC, title="المالكي", language="ar", published="2015-07-23")
    kamal = add_statement(
        db,
        dhaka,
        DHAKA,
        "Human trafficking is a serious human rights violation.",
        speaker="Asaduzzaman Khan Kamal",
        role="Home Minister",
        aliases=("Kamal",),
    )
    momen = add_statement(
        db,
        dhaka,
        DHAKA,
        "We need to keep in mind that human trafficking is a trans-boundary crime",
        speaker="A.K. Abdul Momen",
        role="Foreign Minister",
    )
    library.sync_index()
    return Ids(dhaka, policy, bengali, bengali_2, chinese, arabic, kamal, momen)


def _docs(library: Library, query: str, **kwargs: object) -> set[int]:
    return {h.doc_id for h in library.search(query, **kwargs).hits}  # type: ignore[arg-type]


def test_a_bengali_word_finds_only_the_bengali_article_that_has_it(
    library: Library, ids: Ids
) -> None:
    assert _docs(library, "জামিন") == {ids.bengali}
    assert _docs(library, "সতর্কতা") == {ids.bengali_2}


def test_a_two_character_chinese_word_finds_the_chinese_article(library: Library, ids: Ids) -> None:
    assert _docs(library, "电影") == {ids.chinese}
    assert _docs(library, "大银幕") == {ids.chinese}
    assert _docs(library, "银行") == set()


def test_arabic_matches_with_and_without_diacritics(library: Library, ids: Ids) -> None:
    assert _docs(library, "المالكي") == {ids.arabic}
    assert _docs(library, "الْمَالِكِيّ") == {ids.arabic}


def test_an_exact_phrase_finds_the_dhaka_report_only(library: Library, ids: Ids) -> None:
    results = library.search('"zero-tolerance policy"', kind="document")
    assert [h.doc_id for h in results.hits] == [ids.dhaka]
    # The words apart are in the migration policy too.
    assert _docs(library, "zero tolerance policy", kind="document") == {ids.dhaka, ids.policy}


def test_stemming_finds_other_forms_of_a_word(library: Library, ids: Ids) -> None:
    assert ids.dhaka in _docs(library, "trafficker")
    assert ids.policy in _docs(library, "policies")


def test_speaker_filter_narrows_to_that_speakers_statements(library: Library, ids: Ids) -> None:
    results = library.search("speaker:kamal trafficking")
    assert [(h.kind, h.statement_id) for h in results.hits] == [("statement", ids.kamal)]
    assert results.hits[0].snippet.startswith("Asaduzzaman Khan Kamal: ")
    role = library.search('speaker:"foreign minister"')
    assert [h.statement_id for h in role.hits] == [ids.momen]


def test_date_filters_narrow_by_year_month_and_range(library: Library, ids: Ids) -> None:
    assert _docs(library, "date:2022 kind:document") == {ids.dhaka}
    assert _docs(library, "date:2022-07 kind:document") == {ids.dhaka}
    assert _docs(library, "date:2022-08 kind:document") == set()
    assert _docs(library, "date:[2013 to 2015-12-31] kind:document") == {ids.chinese, ids.arabic}
    assert _docs(library, "policy date:[2021-01-01 to 2021-12-31]") == {ids.policy}


def test_lang_and_doc_filters(library: Library, ids: Ids) -> None:
    assert _docs(library, "lang:bn kind:document") == {ids.bengali, ids.bengali_2}
    assert _docs(library, f"doc:{ids.policy} policy") == {ids.policy}


def test_json_has_exactly_the_documented_shape(library: Library, ids: Ids) -> None:
    data = library.search("trafficking").to_json()
    assert set(data) == {"total", "facets", "hits"}
    assert data["total"] == len(data["hits"]) == 3  # the report and both statements
    for hit in data["hits"]:
        assert set(hit) == {
            "kind",
            "doc_id",
            "annotation_id",
            "statement_id",
            "title",
            "snippet",
            "page",
            "offset",
            "score",
        }
    document = next(h for h in data["hits"] if h["kind"] == "document")
    assert document["annotation_id"] is None and document["statement_id"] is None
    statement = next(h for h in data["hits"] if h["kind"] == "statement")
    assert statement["annotation_id"] is None and isinstance(statement["statement_id"], int)


def test_snippets_mark_matches_and_the_offset_and_page_locate_the_hit(
    library: Library, ids: Ids
) -> None:
    hit = library.search("technology", kind="document").hits[0]
    assert "<b>technology</b>" in hit.snippet
    assert "<b>" not in hit.snippet_text and "technology" in hit.snippet_text
    assert hit.offset is not None
    assert DHAKA[hit.offset : hit.offset + len("technology")] == "technology"
    assert hit.page == 3  # pages start at 0, 200 and 400; the word is past 400
    a, b = hit.marks[0]
    assert hit.snippet_text[a:b] == "technology"


def test_snippet_text_is_html_escaped(library: Library) -> None:
    add_document(library.context.db, "The <script>alert(1)</script> tag & its payload.", title="x")
    library.sync_index()
    hit = library.search("payload").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<b>payload</b>" in hit.snippet


def test_facets_count_all_matches_by_kind_year_tag_and_language(library: Library, ids: Ids) -> None:
    facets = library.search("trafficking OR policy OR 电影").facets
    assert facets["kind"] == {"document": 3, "statement": 2}
    assert facets["year"] == {"2022": 3, "2013": 1, "2021": 1}
    assert facets["tag"] == {"bangladesh": 3, "trafficking": 3}
    assert facets["lang"] == {"en": 4, "zh": 1}


def test_title_words_rank_a_document_above_one_that_only_mentions_them(
    library: Library, ids: Ids
) -> None:
    hits = library.search("migration", kind="document").hits
    assert hits[0].doc_id == ids.policy


def test_annotations_are_found_by_text_note_tag_and_colour(library: Library, ids: Ids) -> None:
    start = POLICY.index("debt bondage")
    note = library.annotate(
        ids.policy,
        start,
        start + len("debt bondage"),
        color="green",
        note="Brokers' fees: see online recruitment chapter",
        tags=["Online recruitment"],
    ).annotation
    found = library.search('tag:"online recruitment"').hits
    assert [(h.kind, h.annotation_id) for h in found] == [("annotation", note.id)]
    assert found[0].offset == start
    assert note.id in {h.annotation_id for h in library.search("brokers kind:annotation").hits}
    assert library.search("color:green").total == 1
    assert library.search("color:yellow").total == 0
    edited = library.search("kind:annotation bondage").hits[0]
    assert "<b>bondage</b>" in edited.snippet


def test_edits_deletes_and_trash_reach_the_index(library: Library, ids: Ids) -> None:
    start = POLICY.index("recruitment fees")
    note = library.annotate(ids.policy, start, start + 16, note="first thought").annotation
    assert library.search("thought").total == 1
    library.edit_annotation(note.id, note="second idea")
    assert library.search("thought").total == 0
    assert library.search("idea").total == 1
    library.delete_annotation(note.id)
    assert library.search("idea").total == 0
    library.restore_annotation(note.id)
    assert library.search("idea").total == 1

    library.trash_documents([ids.policy])
    assert ids.policy not in _docs(library, "policy OR idea")
    library.restore_documents([ids.policy])
    assert {h.kind for h in library.search("idea OR policy").hits} >= {"document", "annotation"}


def test_retagging_and_retitling_a_document_updates_its_records(library: Library, ids: Ids) -> None:
    library.set_document_tags(ids.dhaka, ["labour migration"])
    assert library.search('tag:"labour migration" kind:statement').total == 2
    assert library.search("tag:trafficking").total == 0
    library.update_metadata(ids.dhaka, title="Dhaka talks on trafficking")
    assert library.search("title:talks kind:statement").total == 2


def test_quick_search_matches_the_word_being_typed(library: Library, ids: Ids) -> None:
    assert ids.dhaka in {h.doc_id for h in library.quick_search("human traffi").hits}
    assert ids.dhaka in {h.doc_id for h in library.quick_search("zero-tolerance policy").hits}
    assert library.quick_search("সতর্").hits[0].doc_id == ids.bengali_2


def test_quick_search_counts_facets_of_its_own_matches_when_asked(
    library: Library, ids: Ids
) -> None:
    assert library.quick_search("traffi").facets == {}
    typed = library.quick_search("traffi", facets=True)
    spelled_out = library.search("(traffi OR traffi*)")
    assert typed.total == spelled_out.total > 0
    assert typed.facets == spelled_out.facets
    assert typed.facets["kind"] == {"statement": 2, "document": 1}


def test_quick_search_never_raises_on_half_typed_queries(library: Library, ids: Ids) -> None:
    for text in ("", "date:20", "color:", '"zero-tol', "(traffick", "-", "speaker:"):
        results = library.quick_search(text)
        assert results.total >= 0
    assert library.quick_search("date:20").error is not None


def test_search_raises_query_error_for_bad_queries(library: Library, ids: Ids) -> None:
    with pytest.raises(QueryError):
        library.search("")
    with pytest.raises(QueryError):
        library.search("colour:green")


def test_a_new_version_of_a_document_gets_fresh_snippets(library: Library) -> None:
    from desktop_app.core.store import documents_repo
    from desktop_app.core.types import Block, BlockKind, ImportedDocument

    doc_id = add_document(library.context.db, "Old text about brick kilns.", title="Kilns")
    library.sync_index()
    assert "<b>kilns</b>" in library.quick_search("kilns").hits[0].snippet
    new_text = "A new version: debt bondage in kilns and farms."
    with library.context.db.conn:
        documents_repo.replace_document(
            library.context.db,
            doc_id,
            ImportedDocument(new_text, [Block(BlockKind.PARAGRAPH, 0, len(new_text))], "txt"),
            sha256="f" * 64,
            original_name="kilns-v2.txt",
            file_ext=".txt",
            file_size=len(new_text),
        )
    library.sync_index()
    hit = library.quick_search("kilns").hits[0]
    assert hit.snippet_text.startswith("A new version")
    assert new_text[hit.offset :].startswith("kilns")


def test_a_chinese_word_of_three_characters_is_marked_whole(library: Library) -> None:
    add_document(library.context.db, CHINESE, title="吴尊", language="zh")
    library.sync_index()
    hit = library.search("大明星").hits[0]
    assert "<b>大明星</b>" in hit.snippet
    start, end = hit.marks[0]
    assert hit.snippet_text[start:end] == "大明星"
