"""The compact posting formats and codec store what Whoosh reads back."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term

from desktop_app.core.search import formats as formats_mod
from desktop_app.core.search.analysis import iter_terms, sourcebook_analyzer, token_end
from desktop_app.core.search.codec import INLINE_LIMIT, SourcebookCodec
from desktop_app.core.search.formats import (
    CompactPositions,
    CompactStarts,
    decode_numbers,
    decode_varints,
    encode_numbers,
    encode_varints,
)
from desktop_app.core.search.schema import build_schema


def test_varints_round_trip_small_and_large_numbers() -> None:
    numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 2**31 + 5, 7]
    data = encode_varints(numbers)
    assert decode_varints(data) == numbers
    assert len(encode_varints([5, 100])) == 2  # one byte each below 128


def test_starts_format_matches_the_analyzer_tokens_and_ends_are_found_again() -> None:
    text = "Traffickers, trafficking: মানবাধিকার লঙ্ঘন; 哈哈哈 and trafficking again"
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in sourcebook_analyzer()(text, positions=True, chars=True)
    ]
    fmt = CompactStarts()
    decoded = {
        term: fmt.decode_starts(value)
        for term, _, _, value in fmt.word_values(text, sourcebook_analyzer())
    }
    for term, pos, start, end in tokens:
        assert (pos, start) in decoded[term]
        assert token_end(text, start) == end
    assert len(decoded["traffick"]) == 3
    # Overlapping bigrams of the same term (哈哈 at 0-2 and 1-3) survive.
    first = text.index("哈哈哈")
    assert [start for _, start in decoded["哈哈"]] == [first, first + 1]
    assert fmt.decode_positions(fmt.encode([(3, 10), (9, 50)])) == [3, 9]


MIXED_ALPHABET = [*"ab Z9_-.,'\n", *"人权组织日本", *"ধর্মীয়", "\u200d"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MIXED_ALPHABET), max_size=40))
def test_token_end_agrees_with_the_tokenizer_on_any_text(text: str) -> None:
    for _, start, end in iter_terms(text):
        assert token_end(text, start) == end


def test_positions_format_round_trips() -> None:
    fmt = CompactPositions()
    value = fmt.encode([0, 4, 900])
    assert fmt.decode_positions(value) == [0, 4, 900]
    assert fmt.decode_frequency(value) == 3


def test_codec_blocks_read_back_with_weights_and_positions(tmp_path: Path) -> None:
    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    writer = ix.writer(codec=SourcebookCodec())
    # More documents than one posting block (128) with varying frequencies.
    for number in range(300):
        text = " ".join(["bondage"] * (number % 4 + 1) + [f"w{number}"])
        writer.add_document(key=f"document:{number}", kind="document", doc=str(number), text=text)
    writer.commit()
    with ix.searcher() as searcher:
        postings = searcher.postings("text", "bondag")
        weights = dict(postings.items_as("weight"))
        assert len(weights) == 300
        assert [weights[n] for n in range(8)] == [1, 2, 3, 4, 1, 2, 3, 4]
        docnum = searcher.document_number(key="document:7")
        spans = searcher.postings("text", "bondag")
        spans.skip_to(docnum)
        assert [s[0] for s in spans.value_as("starts")] == [0, 1, 2, 3]
        assert len(list(searcher.docs_for_query(Term("text", "w299")))) == 1


def test_short_posting_lists_live_in_the_term_dictionary(tmp_path: Path) -> None:
    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    writer = ix.writer(codec=SourcebookCodec())
    for number in range(INLINE_LIMIT + 2):
        rare = "জামিন জামিন" if number < 2 else ""
        writer.add_document(kind="document", doc=str(number), text=f"bondage {rare} case")
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert reader.term_info("text", "জামিন").is_inlined()
        assert not reader.term_info("text", "bondag").is_inlined()  # INLINE_LIMIT + 2 records
        rare = searcher.postings("text", "জামিন")
        assert rare.id() == 0
        assert rare.weight() == 2
        assert rare.value_as("starts") == [(1, 8), (2, 14)]
        assert len(list(searcher.docs_for_query(Term("text", "জামিন")))) == 2


def test_small_pickles_lose_only_their_frame_header() -> None:
    value = ((5,), (1,), (b"\x01\x02",))
    small = formats_mod.dumps4(value)
    assert small[2] != pickle.FRAME[0]
    assert pickle.loads(small) == value
    big = tuple(range(50_000))  # several frames: left as pickle wrote it
    assert formats_mod.dumps4(big) == pickle.dumps(big, 4)


def test_our_writer_records_the_same_term_statistics_as_stock_whoosh(tmp_path: Path) -> None:
    from whoosh.codec.whoosh3 import W3Codec

    texts = [
        " ".join(["bondage"] * (n % 5 + 1) + ["debt"] * (n % 3) + [f"case{n}"] * (n % 2 + 1))
        for n in range(400)
    ]
    stats = []
    for name, codec in (("stock", W3Codec()), ("ours", SourcebookCodec())):
        folder = tmp_path / name
        folder.mkdir()
        ix = FileStorage(str(folder)).create_index(build_schema())
        writer = ix.writer(codec=codec)
        for number, text in enumerate(texts):
            writer.add_document(kind="document", doc=str(number), text=text, title=text[:20])
        writer.commit()
        with ix.reader() as reader:
            stats.append(
                {
                    (field, term): (
                        info.weight(),
                        info.doc_frequency(),
                        info.min_length(),
                        info.max_length(),
                        info.max_weight(),
                        info.min_id(),
                        info.max_id(),
                    )
                    for field, term, info in (
                        (f, t, reader.term_info(f, t)) for f, t in reader.all_terms()
                    )
                }
            )
            lengths = [reader.doc_field_length(d, "text") for d in range(len(texts))]
        stats.append(lengths)
    stock, stock_lengths, ours, our_lengths = stats
    assert ours == stock
    assert our_lengths == stock_lengths


def test_segments_with_inlined_postings_merge(tmp_path: Path) -> None:
    # Many small commits: Whoosh merges the small segments, reading the
    # inlined postings of ID fields (no values) and of text fields back.
    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    for number in range(15):
        writer = ix.writer(codec=SourcebookCodec())
        writer.add_document(
            kind="document", doc=str(number), lang="bn", text=f"জামিন case{number} bondage"
        )
        writer.commit()
    assert len(ix._segments()) < 15, "small segments were merged"
    with ix.searcher() as searcher:
        assert len(list(searcher.docs_for_query(Term("doc", "7")))) == 1
        assert len(list(searcher.docs_for_query(Term("lang", "bn")))) == 15
        rare = searcher.postings("text", "case7")
        assert rare.value_as("starts") == [(1, 6)]


def test_numbers_round_trip_through_utf8_including_surrogates_and_huge_ones() -> None:
    numbers = [1, 0, 127, 128, 2047, 2048, 0xD800, 0xDFFF, 65_535, 0x10FFFF]
    data = encode_numbers(numbers)
    assert data[0] == 1  # the count comes first, as one byte
    assert decode_numbers(data) == numbers
    assert len(encode_numbers([5, 100])) == 2
    huge = [2, 5, 3_000_000, 7]  # a character offset past U+10FFFF
    data = encode_numbers(huge)
    assert data[0] == 0  # written as LEB128 varints after a zero byte
    assert decode_numbers(data) == huge
    fmt = CompactStarts()
    value = fmt.encode([(0, 3), (4_000, 2_000_000)])
    assert fmt.decode_starts(value) == [(0, 3), (4_000, 2_000_000)]
    assert fmt.decode_positions(value) == [0, 4_000]
    assert fmt.decode_frequency(value) == 2
