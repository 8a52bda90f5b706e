"""Word lists the rules rely on: speech cues, titles, honorifics, group nouns.

Kept in one place so that tuning the extractor means editing data, not code.
"""

from __future__ import annotations

# Speech verbs that may introduce or follow a direct quote. Past, present and
# -ing forms are listed explicitly: stemming would admit nouns ("says" is
# fine, "saying" is a cue, but "notes" is also a noun).
DIRECT_CUES: frozenset[str] = frozenset(
    """
    said says say saying added adds adding noted notes noting commented comments
    commenting stated states stating told tells telling urged urges urging warned
    warns warning stressed stresses stressing affirmed affirms highlighted
    highlights explained explains explaining argued argues arguing asked asks
    asking insisted insists insisting declared declares declaring replied replies
    replying responded responds responding recalled recalls recalling wrote writes
    writing tweeted tweets tweeting continued continues continuing concluded
    concludes observed observes acknowledged acknowledges admitted admits announced
    announces emphasised emphasized emphasises emphasizes reiterated reiterates
    remarked remarks claimed claims maintained maintains suggested suggests
    cautioned cautions predicted predicts promised promises vowed vows pledged
    pledges agreed agrees joked jokes quipped quips shouted shouts yelled yells
    exclaimed exclaims boasted boasts complained complains conceded concedes
    countered counters lamented laments mused muses pointed assured assures
    told reassured pressed offered posted gloated recounted testified texted
    emailed cracked scoffed retorted chimed interjected snapped demanded
    wondered pleaded cried thundered bragged marveled marvelled added:
    """.split()
)

# Cues for reported (indirect) speech: "X said that ...". Narrower on purpose.
INDIRECT_CUES: frozenset[str] = frozenset(
    """
    said says stated states noted notes added adds stressed stresses affirmed
    affirms warned warns told tells explained explains argued argues insisted
    insists emphasised emphasized emphasises emphasizes acknowledged acknowledges
    announced announces confirmed confirms reiterated reiterates claimed claims
    maintained maintains observed observes underlined underscored highlighted
    asserted asserts admitted admits declared declares
    """.split()
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

# Words a speaker phrase may hold between name and cue ("X on Saturday said").
ADVERBS: frozenset[str] = frozenset(
    """
    also later then further previously once again recently earlier today
    yesterday tonight repeatedly has had have had already still separately
    additionally simply flatly bluntly firmly publicly privately angrily
    """.split()
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_WORDS: frozenset[str] = frozenset(
    [*WEEKDAYS, "morning", "afternoon", "evening", "night", "week", "month", "year",
     "weekend", "on", "last", "this", "late", "early", "in", "a", "statement", "interview"]
)

HONORIFICS: frozenset[str] = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
    sen sen. rep rep. gov gov. gen gen. lt lt. col col. capt capt. adm adm. sgt
    sgt. maj maj. hon hon. rev rev. fr fr. sheikh
    """.split()
)
FEMALE_HONORIFICS: frozenset[str] = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady"})
MALE_HONORIFICS: frozenset[str] = frozenset({"mr", "mr.", "sir", "lord"})

# Title words. A capitalised word in this set is role, not name.
ROLE_WORDS: frozenset[str] = frozenset(
    """
    minister ministers secretary secretaries president vice chairman chairwoman
    chair chairperson director directors coordinator co-ordinator ambassador
    commissioner chief head deputy acting senior junior general attorney
    governor mayor senator senators representative congressman congresswoman
    spokesman spokeswoman spokesperson officer adviser advisor counsel judge
    justice prime foreign home interior finance state home-minister principal
    manager executive founder cofounder co-founder leader candidate nominee
    speaker chancellor premier king queen prince princess pope bishop
    archbishop cardinal imam rabbi professor lecturer researcher analyst
    economist expert consultant delegate envoy consul high charge chargé
    d'affaires affaires administrator superintendent inspector commander
    colonel lieutenant captain sergeant major admiral marshal officer-in-charge
    resident mission member members mp mps legislator lawmaker campaign press
    communications policy trustee treasurer registrar auditor
    ombudsman rapporteur special permanent additional joint assistant associate
    chairmen ministry ministry's department department's office
    correspondent editor reporter columnist host anchor dean rector vice-chancellor
    republican democrat democratic republican democratic-nominee presumptive
    former retired incoming outgoing current
    """.split()
)

# Words naming an institution: part of a role phrase, never of a name.
ORG_WORDS: frozenset[str] = frozenset(
    """
    division department ministry office council commission committee network
    agency bureau organization organisation union nations states bank court
    police army house party embassy migration association foundation institute
    university group forum affairs federation board authority government
    ministry's department's commission's council's
    """.split()
)

CONNECTORS: frozenset[str] = frozenset(
    "of the to in for and on at de da del della van von bin al la le du".split()
)

# Head nouns of role-only mentions ("the minister", "a spokesman").
ROLE_HEADS: frozenset[str] = frozenset(
    """
    minister secretary president chairman chairwoman chair director coordinator
    ambassador commissioner chief governor mayor senator spokesman spokeswoman
    spokesperson officer adviser advisor judge justice official premier
    candidate nominee envoy representative congressman congresswoman leader
    lawmaker manager secretary-general source sources aide aides
    strategist operative staffer consultant analyst surrogate
    """.split()
)

# Plural nouns that name a group speaker ("Participants called on ...").
GROUP_WORDS: frozenset[str] = frozenset(
    """
    participants speakers delegates panelists panellists experts officials
    organisers organizers activists survivors witnesses residents campaigners
    lawmakers legislators analysts researchers protesters protestors
    stakeholders discussants attendees
    """.split()
)

PRONOUNS: dict[str, str] = {"he": "m", "she": "f", "they": "p"}

# Capitalised words that start a sentence but never a speaker phrase.
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    but and also however meanwhile yet so then still when while as after before
    speaking addressing earlier later instead moreover furthermore in on at
    during for to with from by if though although because since this that
    these those there here now again asked responding referring separately
    similarly likewise thus hence nonetheless nevertheless besides indeed
    """.split()
)

# Words that make a capitalised phrase a document or thing, not a person.
NON_PERSON_HEADS: frozenset[str] = frozenset(
    """
    report reports study studies survey surveys data statement statements
    document documents paper papers poll polls analysis index research review
    article articles book books website site page law act bill order letter
    memo email emails tweet tweets post
    """.split()
)

# Words that are never a name even when capitalised (calendar, pronouns).
NOT_NAME: frozenset[str] = frozenset(
    [
        *WEEKDAYS,
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "i", "we", "you", "it",
        "he", "she", "they", "his", "her", "their", "its", "our", "my", "your",
        "the", "a", "an", "god",
    ]
)
