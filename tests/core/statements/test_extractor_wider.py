"""Issue 16: mixed statements, more direct forms, described speakers, other languages, bad input."""

# ruff: noqa: E501 - the fixtures are news sentences, one per line as in real files

from __future__ import annotations

import time

from desktop_app.core.statements.extractor import extract, is_described
from desktop_app.core.statements.grouping import Line, group_lines


def _one(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    found = extract(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, [(f.kind, f.quote) for f in found]
    return found[0]


def test_reported_speech_with_quoted_words_is_mixed_with_the_quoted_words_marked() -> None:
    text = "Donald Trump, 70, spoke in Ohio.\n\nTrump says voter fraud “would be one hell of a way to lose.”\n"
    found = _one(text)
    assert found.kind == "mixed"
    assert found.quote == "voter fraud “would be one hell of a way to lose.”"
    [(start, end)] = found.quoted
    assert text[start:end] == "would be one hell of a way to lose."
    assert found.entity is not None and found.entity.name == "Trump"


def test_a_clause_that_is_only_a_quote_is_direct() -> None:
    found = _one('Minister Kamal Hossain said that "the law protects every worker."\n')
    assert (found.kind, found.quote) == ("direct", "the law protects every worker.")


def test_cue_and_colon_then_the_quote_in_the_next_paragraph() -> None:
    found = _one(
        'Caddell continued:\n\n"The health issue is partisan, and that is all there is to it."\n'
    )
    assert found.entity is not None and found.entity.name == "Caddell"


def test_says_of_someone_then_the_quote() -> None:
    text = "Home Minister Asaduzzaman Khan Kamal says of Dhaka, “They will face the law.”\n"
    assert _one(text).entity.name == "Asaduzzaman Khan Kamal"  # type: ignore[union-attr]


def test_a_quote_resumed_after_its_cue_keeps_the_speaker() -> None:
    text = "“We have rescued 300 victims,” Sultana Parvin said, “and most were children.”\n"
    found = extract(text)
    assert [f.quote for f in found] == ["We have rescued 300 victims", "and most were children."]
    assert {f.entity.name for f in found if f.entity} == {"Sultana Parvin"}


def test_british_single_quotes_are_quotes_and_apostrophes_are_not() -> None:
    text = "‘Brokers don’t stop at the border,’ said Sultana Parvin, director of the shelter.\n"
    assert _one(text).quote == "Brokers don’t stop at the border"


def test_transcript_lines_name_their_speaker() -> None:
    text = (
        "Mr. Kamal opened the meeting.\n\nKAMAL: We will end trafficking this year.\n\n"
        'NOTE: the minutes follow.\n\nLabour Minister Imran Ahmad: "Recruitment fees must go."\n'
    )
    found = extract(text)
    assert [(f.quote, f.entity.name if f.entity else None) for f in found] == [
        ("We will end trafficking this year.", "Kamal"),
        ("Recruitment fees must go.", "Imran Ahmad"),
    ]


def test_a_described_speaker_is_kept_as_written_and_never_a_person() -> None:
    found = _one("A spokesman said, “The ministry will publish the list.”\n")
    assert is_described(found) and found.entity is None
    assert found.mention is not None and found.mention.text == "A spokesman"


def test_things_are_not_described_speakers() -> None:
    assert extract('"Line 1 of the song," and the music went on.\n') == []


def test_no_speaker_near_a_quote_gives_nothing() -> None:
    assert extract("The banner read “Stop trafficking now” in red letters.\n") == []


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = 'Sultana Parvin said, "They told us “wait” and we waited for a year."\n'
    assert _one(text).quote == "They told us “wait” and we waited for a year."


def test_a_quote_left_open_across_a_page_break_ends_at_its_paragraph() -> None:
    text = 'Sultana Parvin said, "The shelter is full, the court is slow,\n\n\f12\n\nand nobody came.\n'
    found = extract(text)
    assert [f.quote for f in found] == ["The shelter is full, the court is slow"]


def test_mixed_scripts_in_one_sentence_keep_exact_offsets() -> None:
    text = "Sultana Parvin said, “The word দালাল means broker, وسيط in Arabic.”\n"
    found = _one(text)
    assert text[found.start : found.end] == found.quote
    assert "দালাল" in found.quote and "وسيط" in found.quote


def test_ten_thousand_quote_marks_take_linear_time() -> None:
    """Four times the text takes about four times the CPU time (bound: under 8×).

    A quadratic pass would take 16×, so the bound leaves room for a busy CI
    machine (a 2× bound on two sizes failed there once on noise alone). The
    best of three runs of each size, so that a garbage collection does not
    decide; benchmarks/statements_speed.py measures the 5 MB case itself.
    """
    para = 'He waved a sign, "no" and "yes", then left. '
    quarter = (para * 1100 + "\n\n") * 6  # about 0.3 MB, ~10,000 quote marks per MB
    timings = []
    for text in (quarter, quarter * 4):
        runs = []
        for _ in range(3):
            started = time.process_time()
            extract(text)
            runs.append(time.process_time() - started)
        timings.append(min(runs))
    assert timings[1] < 8 * max(timings[0], 0.02)


def test_bengali_direct_and_reported_statements_with_speakers() -> None:
    text = (
        "নৌযান শ্রমিক ফেডারেশনের সভাপতি শাহ আলম ভূইয়া বলেন, “আগামী এক মাসের মধ্যে মজুরি নির্ধারণ করা হবে।”\n\n"
        "তিনি বলেন, শ্রমিকদের দাবি মেনে নেওয়া হয়েছে।\n"
    )
    found = extract(text, language="bn")
    assert [f.kind for f in found] == ["direct", "indirect"]
    assert {f.entity.name for f in found if f.entity} == {"শাহ আলম ভূইয়া"}
    assert all(text[f.start : f.end] == f.quote for f in found)


def test_hindi_reported_statement_after_ne_kaha_ki() -> None:
    text = "स्वास्थ्य मंत्रालय के संयुक्त सचिव लव अग्रवाल ने कहा कि देश में दवा की कोई कमी नहीं है।\n"
    found = _one(text, language="hi")
    assert found.quote == "देश में दवा की कोई कमी नहीं है"
    assert found.entity is not None and found.entity.name == "लव अग्रवाल"


def test_arabic_quotes_in_guillemets_keep_code_point_offsets() -> None:
    text = "وقال وزير النقل بدر محمد باسلمه للصحافيين: «إنها بداية العمليات في المطار».\n"
    found = _one(text, language="ar")
    assert found.quote == "إنها بداية العمليات في المطار"
    assert text[found.start : found.end] == found.quote
    assert found.entity is not None and "باسلمه" in found.entity.name


def test_the_same_line_in_two_documents_is_one_group_and_a_different_line_is_not() -> None:
    lines = [
        Line(1, 10, 7, "“We will end trafficking by 2030,”"),
        Line(2, 11, 7, "We will end trafficking by 2030."),
        Line(3, 12, 7, "We will end human trafficking by 2030"),  # a small edit
        Line(4, 12, 8, "We will end trafficking by 2030"),  # another speaker
        Line(5, 13, 7, "We will not end trafficking soon"),
    ]
    groups = group_lines(lines)
    assert groups == {1: 1, 2: 1, 3: 1, 4: None, 5: None}
