"""The pure extractor on sentences written in the style of the seed report."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.statements.extractor import extract
from desktop_app.core.statements.mentions import parse_phrase
from desktop_app.core.types import Block, BlockKind


def _speakers(text: str, **kwargs: object) -> list[tuple[str, str | None, str]]:
    """(quote, resolved speaker name, kind) for every statement found."""
    return [
        (f.quote, f.entity.name if f.entity else None, f.kind)
        for f in extract(text, **kwargs)  # type: ignore[arg-type]
    ]


def test_leading_attribution_with_comma_gives_speaker_and_role() -> None:
    text = (
        'Labour Minister Nasreen Akter Chowdhury commented, "Recruitment fees push workers '
        'into debt bondage. We will end them."\n'
    )
    [found] = extract(text)
    assert found.quote == "Recruitment fees push workers into debt bondage. We will end them."
    assert found.cue == "commented"
    assert found.entity is not None
    assert (found.entity.name, found.entity.role) == ("Nasreen Akter Chowdhury", "Labour Minister")
    assert text[found.mention.start : found.mention.end] == (  # type: ignore[union-attr]
        "Labour Minister Nasreen Akter Chowdhury"
    )


def test_pronoun_after_quote_resolves_to_the_person_named_before() -> None:
    text = (
        "Home Minister Rafiqul Islam Khan opened the meeting in Dhaka on Monday.\n\n"
        '"Traffickers now recruit through social media apps," he said.\n'
    )
    assert _speakers(text) == [
        ("Traffickers now recruit through social media apps", "Rafiqul Islam Khan", "direct")
    ]


def test_quote_split_by_its_attribution_gives_two_statements_by_one_speaker() -> None:
    text = (
        '"We have rescued 300 victims this year," said Maria Santos, director of the shelter, '
        '"and most of them were children."\n'
    )
    found = _speakers(text)
    assert [q for q, _, _ in found] == [
        "We have rescued 300 victims this year",
        "and most of them were children.",
    ]
    assert {name for _, name, _ in found} == {"Maria Santos"}


def test_unclosed_quote_cut_by_he_said_adding_is_split_in_two() -> None:
    text = (
        "Foreign Secretary Jamal Uddin Ahmed spoke first.\n\n"
        '"Migration must be safe. Nobody should pay to work, he said, adding, "We will '
        'sign the compact this year."\n'
    )
    found = extract(text)
    assert [(f.quote, f.cue) for f in found] == [
        ("Migration must be safe. Nobody should pay to work", "said"),
        ("We will sign the compact this year.", "adding"),
    ]
    assert all(f.entity and f.entity.name == "Jamal Uddin Ahmed" for f in found)


def test_quote_left_open_ends_at_its_paragraph() -> None:
    text = (
        'Director General Sultana Parvin noted, "The law protects every migrant worker.\n\n'
        "Brokers still operate in many districts.\n\n"
        'Ambassador to Dhaka Peter Lindqvist said, "Sweden will fund two new shelters."\n'
    )
    found = _speakers(text)
    assert found == [
        ("The law protects every migrant worker.", "Sultana Parvin", "direct"),
        ("Sweden will fund two new shelters.", "Peter Lindqvist", "direct"),
    ]


def test_reported_speech_with_said_that_and_a_weekday() -> None:
    text = (
        "Terming forced labour a crime, State Minister Imran Ahmad on Sunday said that the "
        "government will inspect every recruiting agency.\n"
    )
    assert _speakers(text) == [
        ("the government will inspect every recruiting agency", "Imran Ahmad", "indirect")
    ]


def test_group_speakers_call_on_and_say() -> None:
    text = (
        "Participants in the dialogue called on employers to stop charging recruitment fees "
        "to workers.\n\n"
        "Speakers said the pandemic had pushed many families into debt.\n"
    )
    found = extract(text)
    assert [(f.entity.name, f.entity.is_group, f.cue) for f in found if f.entity] == [
        ("Participants in the dialogue", True, "called on"),
        ("Speakers", True, "said"),
    ]


def test_trailing_he_added_after_a_sentence_is_indirect_speech_of_the_last_speaker() -> None:
    text = (
        'IOM Chief of Mission Lena Morales said, "Safe migration saves lives."\n\n'
        "Most of the victims were recruited online by people they trusted, she added.\n"
    )
    found = extract(text)
    assert [(f.kind, f.cue, f.entity.name if f.entity else None) for f in found] == [
        ("direct", "said", "Lena Morales"),
        ("indirect", "she added", "Lena Morales"),
    ]


def test_according_to_a_named_person() -> None:
    text = "According to Inspector Karim Hossain, 40 brokers were arrested in May.\n"
    assert _speakers(text) == [("40 brokers were arrested in May", "Karim Hossain", "indirect")]


def test_a_document_is_not_a_speaker() -> None:
    text = (
        "The State Department's Trafficking in Persons Report 2022 highlighted significant "
        "progress in Bangladesh.\n\n"
        'The report stated that "prosecutions rose sharply in 2021."\n'
    )
    assert extract(text) == []


def test_pronoun_with_no_person_before_it_gives_nothing() -> None:
    text = '"The border is closed to everyone now," he said.\n'
    assert extract(text) == []
    assert len(extract(text, keep_unresolved=True)) == 1


def test_quote_without_speech_cue_gives_nothing() -> None:
    text = (
        'The campaign, called "Know Before You Go", reached 10,000 families.\n\n'
        '"Hello." "Goodbye." Nothing else happened.\n'
    )
    assert extract(text) == []


def test_inch_and_ditto_marks_are_not_quotes() -> None:
    text = (
        'The boxes measured 12" by 20" and the tallest man was 5\'11" in height.\n'
        'Rice    10 kg\nLentils  "    "\n\n'
        '"We found 14 workers locked inside," said Inspector Tania Rahman.\n'
    )
    assert _speakers(text) == [("We found 14 workers locked inside", "Tania Rahman", "direct")]


def test_quotes_in_headings_are_skipped() -> None:
    text = 'Minister says "no tolerance for traffickers"\n\nThe meeting ended at noon.\n'
    blocks = [Block(BlockKind.HEADING, 0, 44, 1), Block(BlockKind.PARAGRAPH, 46, 71)]
    assert extract(text, blocks) == []


def test_nested_single_quotes_stay_inside_the_statement() -> None:
    text = (
        "Justice Farah Kabir said, \"The victims told the court: 'we were sold twice'. "
        'That must never happen again."\n'
    )
    [found] = extract(text)
    assert "'we were sold twice'" in found.quote
    assert found.entity is not None and found.entity.name == "Farah Kabir"


def test_quote_continued_in_the_next_paragraph_keeps_its_speaker() -> None:
    text = (
        'Commissioner Ayesha Siddiqa said, "We have closed 12 fake agencies this year.\n\n'
        '"Next year we will move every licence online."\n'
    )
    found = _speakers(text)
    assert [name for _, name, _ in found] == ["Ayesha Siddiqa", "Ayesha Siddiqa"]


def test_role_only_mention_resolves_to_the_person_holding_that_role() -> None:
    text = (
        "Home Minister Kamal Uddin Chowdhury visited the camp.\n\n"
        '"Every child here will be registered," the minister said.\n'
    )
    assert _speakers(text) == [
        ("Every child here will be registered", "Kamal Uddin Chowdhury", "direct")
    ]


def test_surname_later_in_the_text_is_the_same_person() -> None:
    text = (
        'Senior Secretary Akhtar Jahan Mollah said, "Prosecutions doubled."\n\n'
        '"Convictions did not," Mollah added.\n'
    )
    first, second = extract(text)
    assert first.entity is not None and first.entity is second.entity


def test_offsets_are_code_points_even_after_characters_outside_the_bmp() -> None:
    text = "😀🇧🇩 Update.\n\n" + 'Advocate Selina Haque said, "Justice delayed is justice denied."\n'
    [found] = extract(text)
    assert text[found.start : found.end] == found.quote == "Justice delayed is justice denied."


def test_bengali_and_arabic_are_read_and_chinese_gives_nothing() -> None:
    bengali = 'স্বরাষ্ট্রমন্ত্রী আসাদুজ্জামান খান কামাল বলেন, "মানবপাচার একটি গুরুতর অপরাধ।"\n'
    chinese = "外交部发言人说：“我们坚决反对人口贩卖。”他还说“必须加强合作”。\n"
    arabic = 'وقال الوزير: "نحن ملتزمون بمكافحة الاتجار بالبشر."\n'
    [said] = extract(bengali)
    assert said.entity is not None and said.entity.name == "আসাদুজ্জামান খান কামাল"
    assert said.entity.role == "স্বরাষ্ট্রমন্ত্রী"
    assert extract(chinese) == []
    [minister] = extract(arabic)  # "the minister": described, no person made
    assert minister.entity is None and minister.mention is not None
    assert minister.mention.text == "الوزير"
    english_tagged_bn = 'Minister Amina Begum said, "We will act."\n'
    assert extract(english_tagged_bn, language="bn") == []


def test_text_without_quotes_or_cues_gives_nothing() -> None:
    assert extract("") == []
    assert extract("Bangladesh is a source, transit and destination country.\n") == []


def test_phrase_parsing_splits_organisation_role_and_name() -> None:
    mention = parse_phrase("IOM Chief of Mission Abdul Karim Sarker", 0)
    assert mention is not None
    assert (mention.organisation, mention.role, mention.name) == (
        "IOM",
        "Chief of Mission",
        "Abdul Karim Sarker",
    )
    mention = parse_phrase("UN Resident Coordinator in Nepal Anna Berg", 10)
    assert mention is not None
    assert (mention.organisation, mention.role, mention.name) == (
        "UN",
        "Resident Coordinator in Nepal",
        "Anna Berg",
    )
    assert (mention.start, mention.end) == (
        10,
        10 + len("UN Resident Coordinator in Nepal Anna Berg"),
    )
    mention = parse_phrase("Oil Minister Fathi Bin Shatwan", 0)
    assert mention is not None
    assert (mention.role, mention.name) == ("Oil Minister", "Fathi Bin Shatwan")
    mention = parse_phrase("Chief of Mission Ana de la Cruz", 0)
    assert mention is not None
    assert (mention.role, mention.name) == ("Chief of Mission", "Ana de la Cruz")
    mention = parse_phrase("ABN AMRO analyst John Brady", 0)
    assert mention is not None
    assert (mention.organisation, mention.role, mention.name) == (
        "ABN AMRO",
        "analyst",
        "John Brady",
    )
    assert parse_phrase("Iraq and Libya", 0) is None
    mention = parse_phrase("Labour Ministry's Joint Secretary Dr. Rina Das", 0)
    assert mention is not None
    assert (mention.organisation, mention.role, mention.name) == (
        "Labour Ministry",
        "Joint Secretary",
        "Rina Das",
    )


def test_a_megabyte_of_news_copy_yields_every_attributed_quote() -> None:
    """A 1 MB text is read whole; its speed is measured in benchmarks/statements_eval.py."""
    paragraph = (
        'Deputy Commissioner Rahim Uddin Sarker said, "Brokers took {n} passports this month. '
        'We will return every one." He added that the district has no shelter.\n\n'
        "Most of the {n} workers came from three villages in the north of the district, where "
        "the harvest failed twice and families borrowed from lenders at high rates.\n\n"
        "The consultation explored recent trends in recruitment through social media, the "
        "role of sub-agents and the weak enforcement of the licensing rules for agencies.\n\n"
        '"It is not safe," he said. "Nobody should travel without a contract."\n\n'
    )
    text = "".join(paragraph.format(n=n) for n in range(2500))
    assert len(text) > 1_000_000
    found = extract(text)
    assert len(found) >= 4 * 2500


_PIECES = [
    '"',
    "“",
    "”",
    "''",
    "'",
    ",",
    ".",
    ":",
    " ",
    "\n",
    "\n\n",
    "said",
    "he",
    "she",
    "they",
    "Minister",
    "Dr.",
    "A.K.",
    "Kamal",
    "Lena Morales",
    "the minister",
    "according to",
    "called on",
    "adding",
    "that",
    "5'11",
    "12",
    "😀",
    "বলেন",
    "说",
    "(D-N.Y.)",
    "Participants",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60))
@settings(max_examples=120, deadline=None)
def test_any_text_gives_statements_whose_offsets_hold(pieces: list[str]) -> None:
    """No crash on any mix of marks, names and cues; every span points into the text."""
    text = " ".join(pieces)
    for found in extract(text, keep_unresolved=True):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.quote
        if found.mention is not None:
            assert text[found.mention.start : found.mention.end] == found.mention.text
