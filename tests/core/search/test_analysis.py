"""The analyzer keeps words whole in every script our users read.

Sentences are short excerpts of ../shared/corpus/multilingual news (BNLPC,
Hindi dailies, Nepali news, SaudiNewsNet, THUCNews) and the Dhaka seed report.
"""

from __future__ import annotations

from whoosh.analysis import StandardAnalyzer

from desktop_app.core.search.analysis import analyze, sourcebook_analyzer

BENGALI = "হাইকোর্ট থেকে জামিন পেয়েছেন সাবেক মন্ত্রী আবদুল লতিফ সিদ্দিকী।"
HINDI = "देशभर में जारी लॉकडाउन के बाद भी कोरोना के नए मामलों में तेजी से बढ़ोतरी हो रही है।"
NEPALI = "काठमाडौंमा पहिलो पटक स्ट्रबेरीको व्यवसायिक खेती सुरु भएको छ ।"
ARABIC = "يكون نوري المالكي نائب الرئيس العراقي قد سدد ضربة قاضية"
CHINESE = "吴尊以电影新人的姿态第一次走上大银幕主演影片"
ENGLISH = "The government has a zero-tolerance policy on human trafficking."


def test_bengali_words_keep_their_vowel_signs_where_the_stock_analyzer_breaks_them() -> None:
    stock = [t.text for t in StandardAnalyzer()("মানবাধিকার লঙ্ঘন")]
    assert stock != ["মানবাধিকার", "লঙ্ঘন"]  # the bug this analyzer exists for
    assert analyze("মানবাধিকার লঙ্ঘন") == ["মানবাধিকার", "লঙ্ঘন"]
    assert analyze(BENGALI)[:4] == ["হাইকোর্ট", "থেকে", "জামিন", "পেয়েছেন"]


def test_bengali_zero_width_joiner_stays_inside_the_word() -> None:
    # র‍্যাব (RAB) is written with a ZWJ between ra and the virama.
    assert analyze("র\u200d্যাব সদস্য") == ["র\u200d্যাব", "সদস্য"]


def test_hindi_and_nepali_conjuncts_and_vowel_signs_are_kept() -> None:
    hindi = analyze(HINDI)
    assert "लॉकडाउन" in hindi
    assert "बढ़ोतरी" in hindi
    assert "।" not in hindi  # the danda is punctuation
    assert analyze(NEPALI)[:4] == ["काठमाडौंमा", "पहिलो", "पटक", "स्ट्रबेरीको"]
    assert analyze("प्रधानमंत्री") == ["प्रधानमंत्री"]


def test_arabic_diacritics_tatweel_and_alef_forms_are_optional() -> None:
    plain = analyze(ARABIC)
    assert plain[:3] == ["يكون", "نوري", "المالكي"]
    with_marks = analyze("الْمَالِكِيّ")
    assert with_marks == ["المالكي"]
    assert analyze("العـــربية") == analyze("العربية")  # tatweel
    assert analyze("أحمد") == analyze("احمد")


def test_chinese_is_split_into_overlapping_bigrams() -> None:
    terms = analyze(CHINESE)
    assert terms[:4] == ["吴尊", "尊以", "以电", "电影"]
    assert all(len(t) == 2 for t in terms)
    assert analyze("人") == ["人"]


def test_mixed_latin_and_chinese_are_separated() -> None:
    assert analyze("COVID-19疫情") == ["covid", "19", "疫情"]


def test_english_is_case_folded_and_stemmed() -> None:
    assert analyze(ENGLISH) == [
        "the",
        "govern",
        "has",
        "a",
        "zero",
        "toler",
        "polici",
        "on",
        "human",
        "traffick",
    ]
    assert analyze("Traffickers TRAFFICKING") == ["traffick", "traffick"]
    assert analyze("Straße") == ["strasse"]


def test_character_offsets_point_into_the_original_text() -> None:
    text = "Dhaka: মানবাধিকার 人权组织 policies"
    tokens = [
        (t.text, t.startchar, t.endchar)
        for t in sourcebook_analyzer()(text, positions=True, chars=True)
    ]
    for term, start, end in tokens:
        original = text[start:end]
        assert analyze(original) == [term] or len(term) == 2  # bigrams are their own text
    assert tokens[1] == ("মানবাধিকার", 7, 17)
    assert tokens[-1][1:] == (text.index("policies"), len(text))


def test_overlong_tokens_and_punctuation_are_not_indexed() -> None:
    assert analyze("x" * 200 + " ok — «» ... !!") == ["ok"]
