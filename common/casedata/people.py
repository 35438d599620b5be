"""Text that describes a person: a name together with an age, a school year, an address, a family detail, or the words
of a referral or a Channel case; or one person described by their age or initials and what happened to them.

Minutes name people all the time: members, with their roles and organisations, reporting figures about referrals.
What tells case text from minutes is how the name stands in the sentence. A member *reports*, *presents*, *will
circulate*; a case *was referred*, is discussed, has a mother and an age. So each sentence is read for the names in it
(a given name from `given_names.txt` and a surname, or a title such as "Mrs"), each name is placed (a speaker or
professional, or someone talked about), and a cue counts only when it belongs to a name talked about, or is attached
to the name itself ("Jamie Smith (15)", "Jamie Smith's mother", "Jamie Smith of 12 Oak Road").

Rules, not a model: the figures on the labelled sentences in tests/data are in docs/case-data.md.
"""

import functools
import pathlib
import re

_HERE = pathlib.Path(__file__).resolve().parent


def _words(text):
    return frozenset(text.split())


@functools.cache
def given_names():
    lines = (_HERE / "given_names.txt").read_text(encoding="utf-8").split()
    return frozenset(name.casefold() for name in lines)


# Given names that are also ordinary words at the start of a sentence or in a place's name: a name only with a
# surname after them.
AMBIGUOUS = _words(
    """may june april august will mark grace hope faith joy amber rose ruby jordan chase dawn summer autumn
    victoria florence paris lane dean miles guy bill sunny star art sterling hunter page reed cliff rich penny
    holly ivy iris daisy heather jade crystal brook river sky storm harmony patience prudence liberty christian
    justice major king prince earl baron noble chance destiny eve ray gene sandy rocky rusty wade drew don pat
    carol mason cooper hall park norman frank sue harry tom bob ben jack sam al max kit jo bud dale glen glenn
    royal early said mo ali"""
)

# Capitalised words that are never a surname after a given name: places, bodies, streets, times.
NOT_SURNAME = _words(
    """road rd street st avenue ave lane close drive way crescent gardens place court terrace grove walk row hill
    park square mews view rise parade college school academy university council trust police centre center house
    service services team panel board partnership hospital hub group network community church mosque temple
    gurdwara synagogue primary high special programme program project club library station office offices campus
    foundation association society unit authority forum committee review report plan day week month year quarter
    term festival conference event youth health nhs prevent channel home england wales britain city county
    borough january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday the and of for to in on at by with from as prison clinic surgery
    practice fire rescue policing probation care network's women women's men's men children children's"""
)

TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?"
PROFESSIONAL_TITLES = (
    r"(?:Dr|Doctor|Sergeant|Sgt|Inspector|Insp|Chief\s+Inspector|Superintendent|Supt|DS|DC|DI|DCI|PC|PCSO|Councillor"
    r"|Cllr|Professor|Prof|Rev|Reverend|Imam|Rabbi|Canon|Sir|Dame|Lord|Lady|Baroness)\.?"
)
_WORD = r"[A-Z][a-zA-Z]*(?:['-][A-Za-z]+)*"
_SURNAME = r"(?:(?:O'|Mc|Mac|D'|De|Di|Van|Von|Le|La|Al-|El-)?[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)*)"
_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|al|el|bin|ibn|ben|abu)\s+)"

FAMILY = (
    r"(?:mother|mum|mom|mam|father|dad|step-?(?:mother|father|mum|dad|brother|sister|son|daughter|parent)s?|parents?"
    r"|brothers?|sisters?|siblings?|half-(?:brother|sister)s?|sons?|daughters?|grand(?:mother|father|ma|pa|parents?"
    r"|son|daughter)s?|nan|nana|gran|uncles?|aunts?|auntie|cousins?|nephews?|nieces?|carers?|foster\s+carers?"
    r"|guardians?|family|wife|husband|partner|girlfriend|boyfriend|fiancée?|children|kids?|twin|household)"
)
_FAMILY = re.compile(rf"\b{FAMILY}\b", re.IGNORECASE)
_FAMILY_OF = re.compile(rf"\b{FAMILY}\s+of\s+$", re.IGNORECASE)
_POSSESSED_FAMILY = re.compile(
    rf"^\s+(?:(?:older|younger|elder|little|big|baby|twin|step|late)\s+)*{FAMILY}\b", re.IGNORECASE
)
_PRONOUN_FAMILY = re.compile(
    rf"\b(?:his|her|their)\s+(?:(?:older|younger|elder|little|big|baby|twin|late|own|two|three|estranged|former|new)"
    rf"\s+)*{FAMILY}\b",
    re.IGNORECASE,
)
_FAMILY_PHRASES = re.compile(
    r"\b(?:lives\s+with|living\s+with|looked[- ]after\s+child|in\s+care\b|foster\s+(?:carer|placement|care)"
    r"|known\s+to\s+children's\s+social\s+care|under\s+a\s+child\s+protection\s+plan|child\s+protection)",
    re.IGNORECASE,
)

_NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_NUMBER_WORDS += "seventeen eighteen nineteen twenty"
_NUM = rf"(?:\d{{1,2}}|{'|'.join(_NUMBER_WORDS.split())})"
# An age attached to a name, right after it: "(15)", ", 15,", ", aged 15", " aged 15", " is 15", "(age 12)".
_AGE_AFTER = re.compile(
    rf"^\s*(?:\(\s*(?:aged?\s*)?{_NUM}\s*(?:yrs?|years?(?:\s+old)?|y/?o)?\s*\)"
    rf"|,\s*(?:aged?\s+)?{_NUM}\s*(?:yrs?|years?\s+old|y/?o)?\s*(?:[,.;)]|$|and\b)"
    rf"|,?\s+aged?\s+{_NUM}\b(?!\s*(?:-|to|and)\s*\d)"
    rf"|\s+(?:is|was|turned|turns)\s+(?:now\s+|only\s+|just\s+)?{_NUM}(?:\s+years?\s+old)?\s*(?:[,.;]|$|and\b)"
    rf"|,?\s+(?:a|an)\s+{_NUM}[- ]years?[- ]old\b"
    rf"|,?\s+who\s+is\s+{_NUM}\b)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(rf"\b{_NUM}[- ]years?[- ]old\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
# An age anywhere: "aged 15", "15-year-old", "(15)"; never a range ("aged 11-15", "15-17 year olds").
_AGE_ANYWHERE = re.compile(
    rf"(?<![\d-])(?:\baged?\s+{_NUM}\b(?!\s*(?:-|to|and|or)\s*\d)|\b{_NUM}[- ]years?[- ]old\b(?!s)"
    rf"|\(\s*{_NUM}\s*\))(?!\s*(?:-|to)\s*\d)",
    re.IGNORECASE,
)
_SCHOOL_YEAR = r"(?:Year|Yr|Y)\s?(?:[1-9]|1[0-3])\b"
_SCHOOL_AFTER = re.compile(
    rf"^\s*(?:\(\s*{_SCHOOL_YEAR}\s*\)|,\s*{_SCHOOL_YEAR}|,?\s+(?:a|an)\s+{_SCHOOL_YEAR}\s+(?:pupil|student|learner|boy"
    rf"|girl)|,?\s+(?:who\s+is\s+|is\s+|currently\s+)?in\s+{_SCHOOL_YEAR}|,?\s+from\s+{_SCHOOL_YEAR})",
    re.IGNORECASE,
)
_SCHOOL_BEFORE = re.compile(rf"\b{_SCHOOL_YEAR}\s+(?:pupil|student|learner|boy|girl)\s+$", re.IGNORECASE)

_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|Place|Pl|Court|Ct"
    r"|Terrace|Tce|Grove|Walk|Row|Hill|Park|Square|Sq|Mews|View|Rise|Parade|Green|Vale|Wharf|Yard)"
)
_ADDRESS = re.compile(
    rf"(?:\b(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){{1,3}}"
    rf"{_STREET}\b"
)
_NAMED_STREET = re.compile(rf"\b(?:[A-Z][a-z']+\s+){{1,2}}{_STREET}\b")
_HOME = re.compile(
    r"\b(?:lives?\s+(?:at|on|in)|living\s+(?:at|on|in)|address|resides|residing|home\s+of|moved\s+(?:from|to)"
    r"|at\s+(?:his|her|their)\s+home|home\s+address)\b",
    re.IGNORECASE,
)
_VENUE_BEFORE = re.compile(
    r"(?:Centre|Center|Hall|House|College|School|Academy|Library|Office|Offices|Hub|Church|Mosque|Station|Building"
    r"|Campus|Club|Venue|venue|Park|Theatre|Museum|Hotel|Stadium|Chambers|Guildhall|Court|rear\s+of|held\s+at"
    r"|meeting\s+at|event\s+at|take\s+place\s+at|hosted\s+at|parking)[\s,:]*(?:on\s+)?$"
)

# What happens to someone in a case: referred, adopted, discussed at panel, at risk, arrested ...
CASE_WORDS = re.compile(
    r"\b(?:re-?refer\w*|refer(?:red|ral|rals|ring)?|channel|prevent|panel|cases?|adopted|radicali[sz]\w*"
    r"|extremis\w*|extreme|terroris\w*|terror|proscribed|arrest\w*|custody|prison|released|probation|groom\w*"
    r"|signposted|support\s+plan|intervention|mentor\w*|concerns?|worried|worries|at\s+risk|vulnerab\w*"
    r"|safeguarding|exclu(?:ded|sion)|weapons?|knife|knives|crossbow|guns?|bomb\w*|threat\w*|propaganda|manifesto"
    r"|swastikas?|disclos\w*|engag\w*|police|YOT|youth\s+offending|social\s+care|missing|travel\w*|Syria|far-right"
    r"|islamist|ideolog\w*|views|forums?|videos?|online\s+content|militia|shootings?|beheading\w*|anti-\w+"
    r"|antisemit\w*|hate|mental\s+health|early\s+help|escalat\w*|known\s+to|stopped|searched|suspicion)\b",
    re.IGNORECASE,
)

# A name followed by one of these is speaking or acting as a member: "Priya Raman reported ...".
SPEAKER_VERBS = _words(
    """said says reported reports noted notes asked asks presented presents explained explains confirmed confirms
    updated updates thanked thanks welcomed welcomes introduced introduces agreed agrees offered offers gave
    gives joined joins attended attends chaired chairs led leads proposed proposes suggested suggests
    highlighted highlights raised raises circulated circulates delivered delivers briefed briefs provided
    provides shared shares outlined outlines summarised summarises summarized reminded reminds informed informs
    queried queries challenged challenges requested requests commented comments added adds congratulated
    congratulates tabled seconded answered answers responded responds described describes reflected reflects
    advised advises recommended recommends emphasised emphasises stressed stresses acknowledged acknowledges
    declared declares apologised apologises sent sends left leaves hosted hosts wrote writes spoke speaks
    replied replies undertook undertakes will would shall should can
    could must might to sought seeks invited invites praised praises observed observes
    argued argues"""
)
# Before a name: the name is a member being thanked, welcomed, asked or listed.
_MEMBER_BEFORE = re.compile(
    r"\b(?:thanked|thank|thanks\s+to|welcomed|welcome|asked|invited|congratulated|from|with|by|chaired\s+by"
    r"|presented\s+by|led\s+by|and|apologies|present|attendees|attending|contact|email|emailed|ring|call|via|cc)"
    r"\s*[:,]?\s*$",
    re.IGNORECASE,
)
_LIST_OF_MEMBERS = re.compile(
    r"^\s*(?:apologies|present|attendees|attending|in\s+attendance|members\s+present|also\s+present|chair|minutes"
    r"\s+taken\s+by|guests?)\b",
    re.IGNORECASE,
)
_CASE_SUBJECT_BEFORE = re.compile(
    r"\b(?:young\s+person|yp|pupil|student|learner|child|patient|service\s+user|subject|client|resident|teenager"
    r"|boy|girl|son|daughter|man|woman|referral\s+(?:of|for|about|concerning|regarding)|(?:concerns?|worries)\s+"
    r"(?:about|over|regarding|around|for)|in\s+respect\s+of|case\s+of|support\s+for|home\s+of|referred)\s*[:,]?\s*$",
    re.IGNORECASE,
)
_PASSIVE_AFTER = re.compile(
    r"^\s*(?:(?:\([^)]{0,40}\)|,[^,]{0,40},)\s*)?(?:was|were|is|are|has|have|had|been|being|will\s+be|to\s+be"
    r"|remains?|continues?|'s)\b",
    re.IGNORECASE,
)
# A single person described without a name: "a 15-year-old boy", "one young person, aged 16", "Student A".
_ONE_PERSON = re.compile(
    rf"(?i:\b(?:a|an|one|the)\s+(?:(?:{_NUM}[- ]years?[- ]old|young|teenage|male|female|white|black|asian|british)\s+)+"
    r"(?:boy|girl|male|female|man|woman|young\s+person|pupil|student|child|teenager|person|individual|learner|adult"
    r"|youth|lad)\b"
    rf"|\b(?:a|an|one|the)\s+(?:boy|girl|man|woman|young\s+person|pupil|student|child|teenager|learner|individual)"
    rf"\s*,?\s*(?:\(\s*{_NUM}\s*\)|aged\s+{_NUM}\b|,?\s+(?:a|an)\s+{_NUM}[- ]years?[- ]old\b))"
    r"|\b(?i:young\s+person|yp|pupil|student|child|learner|subject|patient|client|case)\s+(?:[A-Z]{1,3}|[A-Z]\.[A-Z]\.)"
    r"(?=[\s,.(]|$)",
)
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bSgt)(?<!\bCllr)(?<!\bProf)(?<!\b[A-Z])"
    r"(?:[.!?;]+(?=\s+|$)|\n+)"
)

KINDS = {
    "age": "a name with an age",
    "school": "a name with a school year",
    "address": "a name with an address",
    "family": "a name with a family detail",
    "referral": "a name with referral or Channel words",
    "individual": "one person described by their age or initials",
}


# Words read either side of a name, and the longest stretch read as one sentence: a run-on "sentence" of 100 kB is
# read in pieces, so the time taken grows with the text, never with its square.
_BEFORE, _AFTER, _LONGEST = 48, 200, 600


def _before(sentence, name):
    return sentence[max(0, name.start - _BEFORE) : name.start]


def _after(sentence, name):
    return sentence[name.end : name.end + _AFTER]


def _pieces(text, start, end):
    while end - start > _LONGEST:
        cut = text.rfind(" ", start + _LONGEST // 2, start + _LONGEST)
        cut = cut if cut > start else start + _LONGEST
        yield start, cut
        start = cut
    if start < end:
        yield start, end


def _sentences(text):
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield from _pieces(text, start, end.end())
        start = end.end()
    if start < len(text):
        yield from _pieces(text, start, len(text))


_CAPITALISED = re.compile(rf"{_WORD}")
_TITLED = re.compile(rf"\b(?:{PROFESSIONAL_TITLES}|{TITLES})\s+(?:{_WORD}\s+){{0,2}}{_SURNAME}")


_UNLISTED_WITH_AGE = re.compile(
    rf"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+({_SURNAME})(?=\s*\(\s*{_NUM}\s*\)|,\s*(?:aged?\s+)?{_NUM}\s*,"
    rf"|,?\s+aged?\s+{_NUM}\b)"
)
_NOT_A_NAME = _words("the a an and or but of in on at to for from by with this that these those all some each every")


class Name:
    __slots__ = ("end", "professional", "single", "start")

    def __init__(self, start, end, *, professional=False, single=False):
        self.start, self.end, self.professional, self.single = start, end, professional, single


def _is_given(word):
    first = word.split("-")[0]
    return first.casefold() in given_names() and first[0].isupper()


def _names(sentence):
    """The names of people in one sentence, in order."""
    names, taken = [], set()
    for match in _TITLED.finditer(sentence):
        professional = not re.match(TITLES + r"\s", match.group())
        names.append(Name(match.start(), match.end(), professional=professional))
        taken.update(range(match.start(), match.end()))
    words = list(_CAPITALISED.finditer(sentence))
    index = 0
    while index < len(words):
        word = words[index]
        if word.start() in taken or not _is_given(word.group()):
            index += 1
            continue
        before = sentence[max(0, word.start() - 12) : word.start()]
        if re.search(r"\b(?:St|Saint)\.?\s+$", before):
            index += 1
            continue
        # Given names, then a surname: "Jamie Smith", "Ellie-Mae Robinson", "Mohammed Ali Khan", "Sam van Dijk".
        end_index = index
        while end_index + 1 < len(words) and _adjacent(sentence, words[end_index], words[end_index + 1]):
            following = words[end_index + 1].group()
            if following.casefold().rstrip("'s") in NOT_SURNAME or following.casefold() in NOT_SURNAME:
                break
            end_index += 1
            if not _is_given(following):
                break
        last = words[end_index]
        if end_index > index:
            names.append(Name(word.start(), last.end() - (2 if last.group().endswith("'s") else 0)))
        elif word.group().split("'")[0].casefold() not in AMBIGUOUS:
            names.append(Name(word.start(), word.end() - (2 if word.group().endswith("'s") else 0), single=True))
        index = end_index + 1
    # A name the list does not know still counts when an age is attached to it: "Kwabena Mensah (15)".
    for match in _UNLISTED_WITH_AGE.finditer(sentence):
        first, second = match.group(1), match.group(2)
        if match.start() in taken or any(name.start <= match.start() < name.end for name in names):
            continue
        if first.casefold() in NOT_SURNAME or second.casefold() in NOT_SURNAME or first.casefold() in _NOT_A_NAME:
            continue
        names.append(Name(match.start(), match.end()))
    names.sort(key=lambda name: name.start)
    return names


def _adjacent(sentence, first, second):
    gap = sentence[first.end() : second.start()]
    return re.fullmatch(rf"\s+{_PARTICLE}?", gap) is not None and not first.group().endswith("'s")


def _after_name(sentence, name):
    """The words after a name, past an appositive ("(Northport College)", ", the trust's lead,", "from probation")
    and a second name joined with "and"."""
    rest = sentence[name.end :]
    while True:
        skipped = re.match(
            r"^\s*(?:\([^)]*\)|,\s*(?:the|a|an|our|from|representing|of|who\s+is\s+the|head|lead|chair|manager"
            r"|coordinator|officer|cabinet|director)\b[^,]*,|from\s+(?:the\s+)?[\w'&]+(?:\s+[A-Z][\w'&]*)*"
            rf"|and\s+(?:{PROFESSIONAL_TITLES}\s+|{TITLES}\s+)?{_WORD}(?:\s+{_SURNAME})?)",
            rest,
        )
        if not skipped or not skipped.group().strip():
            return rest
        rest = rest[skipped.end() :]


def _is_speaker(sentence, name):
    rest = _after_name(sentence[: name.end + _AFTER], name).lstrip(" ,:")
    words = re.findall(r"[A-Za-z']+", rest[:60].lower())
    if not words:
        return False
    first, following = words[0], words[1] if len(words) > 1 else ""
    if first in ("has", "had", "have"):
        return following in SPEAKER_VERBS
    if first in ("will", "would", "shall", "should", "can", "could", "must", "might", "to"):
        return following not in ("be", "been", "not", "no", "now", "need", "continue", "remain", "stay", "go")
    return first in SPEAKER_VERBS


# After a member's name and "'s": what a member has at work, not what a case has.
_MEMBER_POSSESSIONS = re.compile(
    r"^'s\s+(?:\w+\s+)?(?:colleagues?|team|teams|report|update|presentation|organisation|service|office"
    r"|department|paper|papers|staff|deputy|successor|predecessor|role|post|work|question|questions|proposal|comments"
    r"|figures|slides|leadership|contribution|support|thanks|apologies|absence|behalf|term|retirement|agency|trust"
    r"|college|school's\s+staff|board|group)\b",
    re.IGNORECASE,
)


def _talked_about(sentence, name, is_list):
    if name.professional or is_list:
        return False
    before, after = _before(sentence, name), _after(sentence, name)
    if after.startswith("'s"):
        return not _MEMBER_POSSESSIONS.match(after)
    if _CASE_SUBJECT_BEFORE.search(before):
        return True
    if _MEMBER_BEFORE.search(before):
        return False
    return not _is_speaker(sentence, name)


def _attached(sentence, name):
    """The cue attached to the name itself, as (kind, end) or None."""
    after, before = _after(sentence, name), _before(sentence, name)
    possessive = after.startswith("'s")
    tail = after[2:] if possessive else after
    if match := _AGE_AFTER.match(tail):
        return "age", name.end + (2 if possessive else 0) + match.end()
    if _AGE_BEFORE.search(before):
        return "age", name.end
    if match := _SCHOOL_AFTER.match(tail):
        return "school", name.end + (2 if possessive else 0) + match.end()
    if _SCHOOL_BEFORE.search(before):
        return "school", name.end
    if possessive and (match := _POSSESSED_FAMILY.match(tail)):
        return "family", name.end + 2 + match.end()
    if _FAMILY_OF.search(before):
        return "family", name.end
    if match := re.match(r"^\s+(?:lives|lived|living)\s+with\b", after, re.IGNORECASE):
        return "family", name.end + match.end()
    if match := re.match(r"^(?:,\s*|\s+)(?:(?:of|lives|living|lived)\s+(?:at\s+|on\s+|in\s+)?)?", after, re.I):
        rest = after[match.end() :]
        if (found := _ADDRESS.match(rest)) or (found := _NAMED_STREET.match(rest)):
            return "address", name.end + match.end() + found.end()
    if possessive and re.match(r"^'s\s+(?:home\s+)?address\b", after):
        return "address", name.end + 10
    return None


def _sentence_cue(sentence):
    """A cue anywhere in the sentence, as (kind, start, end) or None: only counts for a name talked about."""
    if match := _AGE_ANYWHERE.search(sentence):
        return "age", match.start(), match.end()
    if (match := _PRONOUN_FAMILY.search(sentence)) or (match := _FAMILY_PHRASES.search(sentence)):
        return "family", match.start(), match.end()
    for match in _ADDRESS.finditer(sentence):
        if not _VENUE_BEFORE.search(sentence[: match.start()]):
            return "address", match.start(), match.end()
    if (match := _HOME.search(sentence)) and _NAMED_STREET.search(sentence[match.end() :]):
        return "address", match.start(), match.end()
    if match := re.search(rf"\b(?:in|from)\s+{_SCHOOL_YEAR}", sentence):
        return "school", match.start(), match.end()
    if match := CASE_WORDS.search(sentence):
        return "referral", match.start(), match.end()
    return None


def find_people(text):
    """(kind, start, end) for each stretch of normalised `text` that describes a person."""
    found = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        is_list = bool(_LIST_OF_MEMBERS.match(sentence))
        names = _names(sentence)
        hit = cue = None
        for name in names:
            attached = None if name.professional else _attached(sentence, name)
            if attached:
                hit = (attached[0], name.start, attached[1])
                break
            if name.single and not _PASSIVE_AFTER.match(_after(sentence, name)):
                continue  # a given name alone counts only with its cue attached or as the subject of what happened
            if _talked_about(sentence, name, is_list):
                if cue is None:
                    cue = _sentence_cue(sentence) or ()
                if cue:
                    hit = (cue[0], min(name.start, cue[1]), max(name.end, cue[2]))
                    break
        if hit is None and (match := _ONE_PERSON.search(sentence)):
            rest = sentence[: match.start()] + " " + sentence[match.end() :]
            if CASE_WORDS.search(rest) or _FAMILY.search(rest) or _AGE_ANYWHERE.search(match.group()):
                hit = ("individual", match.start(), match.end())
        if hit:
            found.append((hit[0], start + hit[1], start + hit[2]))
    return found
