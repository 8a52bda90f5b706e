"""Word lists the rules rely on: speech cues, titles, honorifics, group nouns.

Kept in one place so that tuning the extractor means editing data, not code.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


# Speech verbs that may introduce or follow a direct quote. Past, present and
# -ing forms are listed explicitly: stemming would admit nouns ("notes").
DIRECT_CUES: frozenset[str] = _words(
    """
    charged echoed blasted slammed fumed mocked
    reported
    points insisting
    acknowledged acknowledges added added: adding adds admits admitted affirmed
    affirms agreed agrees announced announces argued argues arguing asked asking
    asks assured assures boasted boasts bragged cautioned cautions chimed claimed
    claims commented commenting comments complained complains conceded concedes
    concluded concludes continued continues continuing countered counters cracked
    cried declared declares declaring demanded emailed emphasised emphasises
    emphasized emphasizes exclaimed exclaims explained explaining explains gloated
    highlighted highlights insisted insisting insists interjected joked jokes
    lamented laments maintained maintains marveled marvelled mused muses noted notes
    noting observed observes offered pleaded pledged pledges pointed posted
    predicted predicts pressed promised promises quipped quips reassured recalled
    recalling recalls recounted reiterated reiterates remarked remarks replied
    replies replying responded responding responds retorted said say saying says
    scoffed shouted shouts snapped stated states stating stressed stresses stressing
    suggested suggests telling tells testified texted thundered told tweeted
    tweeting tweets urged urges urging vowed vows warned warning warns wondered
    writes writing wrote yelled yells
    """
)

# Cues for reported (indirect) speech: "X said that ...". Narrower on purpose.
INDIRECT_CUES: frozenset[str] = _words(
    """
    charged echoed blasted slammed fumed mocked
    reported
    points insisting
    acknowledged acknowledges added adds admits admitted affirmed affirms announced
    announces argued argues asserted asserts claimed claims confirmed confirms
    declared declares emphasised emphasises emphasized emphasizes explained explains
    highlighted insisted insists maintained maintains noted notes observed observes
    reiterated reiterates said says stated states stressed stresses tells told
    underlined underscored warned warns
    """
)

# Appeals: "X called on the government to ...".
APPEAL_CUES: tuple[str, ...] = (
    "called on",
    "calls on",
    "called upon",
    "calls upon",
    "urged",
    "urges",
    "appealed to",
    "appeals to",
)


# Words a speaker phrase may hold between name and cue ("X also said").
ADVERBS: frozenset[str] = _words(
    """
    will would often usually always never may might
    additionally again already also angrily bluntly earlier firmly flatly further
    had has have later once previously privately publicly recently repeatedly
    separately simply still then today tonight yesterday
    """
)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Words of a time or place adverbial between speaker and cue ("on Saturday").
TIME_WORDS: frozenset[str] = _words(
    """
    a afternoon early evening friday in interview last late monday month morning
    night on saturday statement sunday this thursday tuesday wednesday week weekend
    year
    """
)

# Honorifics and abbreviated titles, with and without their period.
HONORIFICS: frozenset[str] = _words(
    """
    adm adm. capt capt. col col. dame dr dr. fr fr. gen gen. gov gov. hon hon. lady
    lord lt lt. maj maj. miss mr mr. mrs mrs. ms ms. prof prof. professor rep rep.
    rev rev. sen sen. sgt sgt. sheikh sir
    """
)

FEMALE_HONORIFICS: frozenset[str] = frozenset(["dame", "lady", "miss", "mrs", "mrs.", "ms", "ms."])

MALE_HONORIFICS: frozenset[str] = frozenset(["lord", "mr", "mr.", "sir"])


# Title words. A capitalised word in this set is role, not name.
ROLE_WORDS: frozenset[str] = _words(
    """
    acting additional administrator admiral adviser advisor affaires ambassador
    analyst anchor archbishop assistant associate attorney auditor bishop campaign
    candidate captain cardinal chair chairman chairmen chairperson chairwoman
    chancellor charge chargé chief co-founder co-ordinator cofounder colonel
    columnist commander commissioner communications congressman congresswoman consul
    consultant coordinator correspondent counsel current d'affaires dean delegate
    democrat democratic democratic-nominee department department's deputy director
    directors economist editor envoy executive expert finance foreign former founder
    general governor head high home home-minister host imam incoming inspector
    interior joint judge junior justice king lawmaker leader lecturer legislator
    lieutenant major manager marshal mayor member members minister ministers
    ministry ministry's mission mp mps nominee office officer officer-in-charge
    ombudsman outgoing permanent policy pope premier president press presumptive
    prime prince princess principal professor queen rabbi rapporteur rector
    registrar reporter representative republican researcher resident retired
    secretaries secretary senator senators senior sergeant speaker special spokesman
    spokesperson spokeswoman state superintendent treasurer trustee vice
    vice-chancellor
    """
)

# Words naming an institution: part of a role phrase, never of a name.
ORG_WORDS: frozenset[str] = _words(
    """
    affairs agency army association authority bank board bureau commission
    commission's committee council council's court department department's division
    embassy federation forum foundation government group house institute migration
    ministry ministry's nations network office organisation organization party
    police states union university
    """
)

# Small words that may join the parts of a title or name ("Chief of Mission").
CONNECTORS: frozenset[str] = _words(
    """
    al and at bin da de del della du for in la le of on the to van von
    """
)

# Head nouns of role-only mentions ("the minister", "a spokesman").
ROLE_HEADS: frozenset[str] = _words(
    """
    adviser advisor aide aides ambassador analyst candidate chair chairman
    chairwoman chief commissioner congressman congresswoman consultant coordinator
    director envoy governor judge justice lawmaker leader manager mayor minister
    nominee officer official operative premier president representative secretary
    secretary-general senator source sources spokesman spokesperson spokeswoman
    staffer strategist surrogate
    """
)

# Plural nouns that name a group speaker ("Participants called on ...").
GROUP_WORDS: frozenset[str] = _words(
    """
    activists analysts attendees campaigners delegates discussants experts lawmakers
    legislators officials organisers organizers panelists panellists participants
    protesters protestors researchers residents speakers stakeholders survivors
    witnesses
    """
)


PRONOUNS: dict[str, str] = {"he": "m", "she": "f", "they": "p"}


# Capitalised words that start a sentence but never a speaker phrase.
SENTENCE_STARTERS: frozenset[str] = _words(
    """
    good oh yes no well unless perhaps what why how who where dear poor ah alas
    addressing after again also although and as asked at because before besides but
    by during earlier for from furthermore hence here however if in indeed instead
    later likewise meanwhile moreover nevertheless nonetheless now on referring
    responding separately similarly since so speaking still that then there these
    this those though thus to when while with yet
    """
)

# Words that make a capitalised phrase a document or thing, not a person.
NON_PERSON_HEADS: frozenset[str] = _words(
    """
    act analysis article articles bill book books data document documents email
    emails index law letter memo order page paper papers poll polls post report
    reports research review site statement statements studies study survey surveys
    tweet tweets website
    """
)

# Words that are never a name even when capitalised (calendar, pronouns).
NOT_NAME: frozenset[str] = _words(
    """
    christ jesus
    a an april august december february friday god he her his i it its january july
    june march may monday my november october our saturday september she sunday the
    their they thursday tuesday we wednesday you your
    """
)


# Words that never sit inside a speaker's title.
FUNCTION_WORDS: frozenset[str] = _words(
    """
    that which who whom whose when where while under was is were are has had have be
    been not but if as after before about with without by from into over than then
    """
)

# Particles inside personal names ("Fathi Bin Shatwan", "Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = _words(
    """
    bin bint ibn al el de da del della van von der den la le du dos das di abu
    """
)

# Cues of more than one word (tried before the single words).
MULTIWORD_CUES: tuple[str, ...] = (
    "shot back",
    "fired back",
    "went on",
    "goes on",
    "pointed out",
    "points out",
    "chimed in",
    "put it",
)


# Nouns for people, beyond titles: heads of described speakers ("the announcer",
# "a friend"). Words ending in a person suffix (-er, -or, -ist …) count too.
PERSON_NOUNS: frozenset[str] = _words(
    """
    administration campaign company host mogul pope star tycoon heavyweight
    adult aide ally boy brother child citizen cousin critic daughter delegate doctor
    family father fan friend girl guard guest husband insider judge kid lady man
    member migrant mother narrator neighbor neighbour nurse parent pastor patient
    person police priest refugee relative resident sister son source spokesman
    spokesperson spokeswoman staff student survivor teacher victim veteran voice
    wife witness woman worker youth
    """
)
PERSON_SUFFIXES: tuple[str, ...] = (
    "er",
    "or",
    "ist",
    "ian",
    "ant",
    "ent",
    "man",
    "woman",
    "person",
    "eer",
    "ee",
    "ive",
)
