"""No case data about individuals in our free text.

Records about people referred to Prevent or Channel belong in the national case systems, never in this app.
`find(text)` spots the shapes case data takes: a person's identifiers (a date of birth, an NHS number, a National
Insurance number, a postcode; `identifiers.py`) and text that describes a person (a name with an age, a school year,
an address, a family detail or the words of a referral; `people.py`), read after `normalise.py` has folded the
spaces, dashes, slashes and dots people type. `CaseDataCheck` (`forms.py`) makes a form refuse such text until the
editor confirms, with a reason, that it is not about a person.
"""

from dataclasses import dataclass

from .forms import CaseDataCheck, Confirmation, Finding, confirmation_record, free_text_fields
from .identifiers import find_identifiers, nhs_number_is_valid
from .normalise import normalise
from .people import KINDS as PEOPLE_KINDS
from .people import find_people

KINDS = {
    "dob": "a date of birth",
    "nhs": "an NHS number",
    "nino": "a National Insurance number",
    "postcode": "a postcode",
    **PEOPLE_KINDS,
}

__all__ = [
    "KINDS",
    "CaseDataCheck",
    "Confirmation",
    "Finding",
    "Match",
    "confirmation_record",
    "describe",
    "find",
    "free_text_fields",
    "nhs_number_is_valid",
    "normalise",
]


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str

    @property
    def description(self):
        return KINDS[self.kind]


def find(text):
    """Every stretch of `text` that looks like case data about a person, in order, without overlaps; each span is
    the text as typed (invisible characters and all)."""
    if not text:
        return []
    folded = normalise(text)
    spans = find_identifiers(folded.text) + find_people(folded.text)
    found = []
    for kind, start, end in spans:
        start, end = folded.span(start, end)
        found.append(Match(kind, start, end, text[start:end]))
    found.sort(key=lambda m: (m.start, -m.end))
    kept = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def describe(matches):
    kinds = list(dict.fromkeys(m.description for m in matches))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
