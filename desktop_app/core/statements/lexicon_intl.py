"""Word lists for attribution in Bengali, Hindi and Arabic.

Each language gives its speech cues (past and present forms as written in
news), the words that end a speaker phrase, titles, time words and pronouns.
Kept as data so that tuning means editing lists, not code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    # NFC as the document text is: য় (U+09DF) is stored as য + nukta.
    return frozenset(unicodedata.normalize("NFC", text).split())


def _nfc(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", i) for i in items)


@dataclass(frozen=True)
class Language:
    """What the rules need to know of one language."""

    code: str
    # Cues that follow the speaker (bn, hi: verb-final) or precede it (ar: verb-first).
    cues: tuple[str, ...]
    # Cues after which a reported clause opens ("that"): কি/कि, أن/إن.
    complementisers: frozenset[str]
    # "according to X": the pattern's parts (before or after the source).
    according: tuple[str, ...]
    titles: frozenset[str]
    pronouns: frozenset[str]
    # Words that end a speaker phrase scanning away from the cue (postpositions,
    # conjunctions, verbs): the speaker lies between such a word and the cue.
    stops: frozenset[str]
    time_words: frozenset[str]
    sentence_end: str
    verb_first: bool = False
    # Inflections a title word may carry ("কর্মকর্তাদের" is "কর্মকর্তা" + -দের).
    suffixes: tuple[str, ...] = ()
    # Words of the person or outlet spoken to, left out of the speaker.
    addressees: frozenset[str] = frozenset()
    # Words a full stop follows without ending the sentence (initials, "डॉ.").
    abbreviations: frozenset[str] = frozenset()
    # Cues split by a few words: a subject marker, then the verb ("ने अपने पत्र में कहा").
    split_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Heads of phrases that are documents or data, never speakers.
    not_speakers: frozenset[str] = frozenset()
    # Heads of a described speaker: "مصادر مطلعة" (informed sources), "a source".
    described: frozenset[str] = frozenset()
    # The cue marks its subject (Hindi ने, का): one word before it is a speaker.
    marked_subject: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "cues", _nfc(self.cues))
        object.__setattr__(self, "according", _nfc(self.according))


BENGALI = Language(
    code="bn",
    cues=(
        "অভিযোগ করেন",
        "অভিযোগ করেছেন",
        "দাবি করে",
        "দাবি করেছে",
        "জানিয়েছে",
        "বলেছে",
        "উল্লেখ করেন",
        "উল্লেখ করেছেন",
        "মন্তব্য করেন",
        "মন্তব্য করেছেন",
        "দাবি করেন",
        "দাবি করেছেন",
        "বলেছেন",
        "বলেন",
        "জানিয়েছেন",
        "জানান",
        "বলছেন",
        "বলেছিলেন",
    ),
    complementisers=_words("যে"),
    according=("মতে", "ভাষ্য অনুযায়ী", "ভাষ্যমতে", "অভিযোগ"),
    titles=_words(
        """
        মন্ত্রী প্রতিমন্ত্রী উপমন্ত্রী প্রধানমন্ত্রী রাষ্ট্রপতি সচিব সিনিয়র চেয়ারম্যান সভাপতি সম্পাদক
        সাধারণ ওসি পরিদর্শক জেনারেল অ্যাটর্নি বিচারপতি মুখপাত্র কর্মকর্তা নেতা নেতারা উপাচার্য
        মেয়র এমপি সাংসদ পরিচালক মহাপরিচালক কমিশনার অধ্যাপক ড. ডা. আইনজীবী উপদেষ্টা
        রাষ্ট্রদূত সদস্য প্রধান নির্বাহী ব্যবস্থাপনা সুপার পুলিশ কর্মকর্তারা সহকারী উপ-পরিচালক
        ডেপুটি সাবেক ভারপ্রাপ্ত কমান্ডার প্রতিনিধি সমন্বয়ক অধিনায়ক কোচ কাউন্সিলর স্পিকার
        অধ্যক্ষ আহ্বায়ক শিক্ষক চিকিৎসক শিক্ষাসচিব প্রভাষক নির্মাতা
        """
    ),
    pronouns=_words("তিনি উনি তাঁরা তারা তিনিও"),
    stops=_words(
        """
        পর সময় সময়ে বিষয়ে সম্পর্কে সঙ্গে সাথে থেকে জন্য নিয়ে কাছে সভায় অনুষ্ঠানে এবং ও
        কিন্তু তবে এ এই এসব সে কথা হলে বলে বলেও করে এক একজন সম্মেলনে বৈঠকে
        """
    ),
    time_words=_words(
        """
        আজ গতকাল সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার শনিবার রবিবার রোববার সকালে
        বিকেলে রাতে দুপুরে সন্ধ্যায় এ সময় আরও আরো এসময়
        """
    ),
    sentence_end="।?!",
    suffixes=("দের", "েরা", "রা", "ের", "কে", "র"),
    addressees=_words("বিডিনিউজ টোয়েন্টিফোর ডটকম সাংবাদিকদের প্রথম আলোকে"),
    not_speakers=_words("প্রতিবেদন প্রতিবেদনে জরিপ জরিপে তথ্য তথ্যমতে পরিসংখ্যান হিসাব হিসাবে"),
)

HINDI = Language(
    code="hi",
    cues=(
        "उन्होंने कहा",
        "उन्होंने बताया",
        "इन्होंने कहा",
        "ने कहा",
        "ने बताया",
        "ने दावा किया",
        "ने जानकारी दी",
        "ने आरोप लगाया",
        "का कहना है",
        "का कहना था",
        "ने स्पष्ट किया",
        "ने टिप्पणी की",
    ),
    complementisers=_words("कि"),
    according=("के मुताबिक", "के अनुसार"),
    titles=_words(
        """
        मंत्री प्रधानमंत्री मुख्यमंत्री राष्ट्रपति राज्यपाल सचिव संयुक्त अध्यक्ष प्रवक्ता अधिकारी
        निदेशक महानिदेशक आयुक्त विधायक सांसद डॉ. डॉ प्रोफेसर कलेक्टर जिलाधिकारी एसपी डीएम
        थानाध्यक्ष प्रभारी उपायुक्त महासचिव नेता सीईओ न्यायाधीश अधीक्षक पुलिस चिकित्सा
        मुख्य वरिष्ठ पूर्व उप सहायक प्रमुख कमिश्नर इंस्पेक्टर डीएसपी एसएसपी सीएमओ प्राचार्य कुलपति
        """
    ),
    pronouns=_words("उन्होंने इन्होंने उनका उनकी"),
    stops=_words(
        """
        में पर से बाद दौरान के की को और तथा व लेकिन यह वह इस उस साथ भी तो ही जब
        """
    ),
    time_words=_words(
        """
        आज कल सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार सुबह शाम रात दोपहर बुधवार
        """
    ),
    sentence_end="।?!.",
    suffixes=("ों", "ो"),
    addressees=_words("पत्रकारों मीडिया"),
    split_cues=(
        ("ने", ("कहा", "बताया")),
        ("उन्होंने", ("कहा", "बताया")),
    ),
    marked_subject=True,
    not_speakers=_words("आंकड़ों आंकड़े रिपोर्ट सर्वे अध्ययन सूची आदेश"),
    abbreviations=_words(
        """
        डॉ प्रो श्री मो ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी
        डब्ल्यू एक्स वाई जेड
        """
    ),
)

ARABIC = Language(
    code="ar",
    cues=(
        "قال",
        "قالت",
        "أكد",
        "أكدت",
        "أضاف",
        "أضافت",
        "صرح",
        "صرحت",
        "أوضح",
        "أوضحت",
        "أشار",
        "أشارت",
        "ذكر",
        "ذكرت",
        "شدد",
        "شددت",
        "لفت",
        "لفتت",
        "يقول",
        "تقول",
        "اعتبر",
        "اعتبرت",
        "أعلن",
        "أعلنت",
        "أفاد",
        "أفادت",
        "تابع",
        "تابعت",
        "كشف",
        "كشفت",
    ),
    complementisers=_words("إن أن إنه أنه إنها أنها إنهم أنهم"),
    according=("وفقا ل", "وفقاً ل", "بحسب", "حسب"),
    titles=_words(
        """
        وزير وزيرة رئيس رئيسة أمين مدير مديرة نائب المتحدث الناطق سفير سفيرة الأمير الملك
        الشيخ الدكتور د. اللواء العقيد العميد الفريق معالي سمو مستشار عضو الأمين المدير
        الرئيس الوزير النائب المستشار القائد قائد محافظ المحافظ عميد العميد المتحدثة
        رئيس_مجلس الركن صاحب السمو الملكي لاعب مدرب نجم حارس
        """
    ),
    pronouns=_words("معاليه سموه"),
    stops=_words(
        """
        في خلال عن على إلى من مع بعد قبل أمس اليوم لـ ل حول أثناء
        """
    ),
    time_words=_words("اليوم أمس"),
    sentence_end=".؟!",
    verb_first=True,
    not_speakers=_words("تقرير التقرير تقارير بيانات البيانات إحصائية الإحصائيات دراسة الدراسة"),
    described=_words(
        """
        مصدر مصادر المصدر المصادر مسؤول مسؤولون المسؤول شهود الشهود الأطباء أطباء طبيب
        متحدث مراقبون المراقبون خبراء الخبراء سكان السكان ناشطون الناشطون أحد
        """
    ),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (BENGALI, HINDI, ARABIC)}
