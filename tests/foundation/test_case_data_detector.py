"""The case-data guard reads text as a person reads it, and tells a person's case from ordinary minutes.

The labelled sentences in tests/data (fictional, written by hand) are the yardstick: docs/case-data.md gives the
figures, and the bounds below keep them.
"""

import csv
import pathlib

import pytest

from common import casedata

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
SETS = ("case_data_sentences.csv", "case_data_sentences_held_out.csv")


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _score(rows):
    cases = [row for row in rows if row["label"] == "case"]
    ordinary = [row for row in rows if row["label"] == "ok"]
    caught = [row for row in cases if casedata.find(row["text"])]
    stopped = [row for row in ordinary if casedata.find(row["text"])]
    return cases, ordinary, caught, stopped


def kinds(text):
    return [m.kind for m in casedata.find(text)]


def test_the_labelled_set_has_at_least_200_sentences_of_both_kinds():
    rows = [row for name in SETS for row in _rows(name)]
    assert len(rows) >= 200
    assert {row["label"] for row in rows} == {"case", "ok"}
    assert sum(row["label"] == "case" for row in rows) >= 100
    assert sum(row["label"] == "ok" for row in rows) >= 100
    assert len({row["text"] for row in rows}) == len(rows), "each sentence once"


@pytest.mark.parametrize("name", SETS)
def test_recall_is_at_least_95_percent_and_false_positives_at_most_2_percent(name):
    cases, ordinary, caught, stopped = _score(_rows(name))
    missed = [row["text"] for row in cases if row not in caught]
    assert len(caught) / len(cases) >= 0.95, missed
    assert len(stopped) / len(ordinary) <= 0.02, [row["text"] for row in stopped]


@pytest.mark.parametrize(
    "text",
    [
        "Jamie Smith (15) was referred to Channel in November",
        "Referral of Jamie Smith, aged 15, of 12 Oak Road, to Channel",
    ],
)
def test_the_issues_examples_are_caught(text):
    assert casedata.find(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kacper Nowak, aged 14, has been discussed at the panel", "age"),
        ("Charlie Evans (Year 9) drew swastikas on his books", "school"),
        ("Jamie Smith of 12 Oak Road was visited by police", "address"),
        ("Jamie Smith's mother says he is online every night", "family"),
        ("Aiden Moss was referred by the hospital's safeguarding team", "referral"),
        ("A 14 year old girl was referred by her school", "individual"),
    ],
)
def test_each_way_text_describes_a_person_is_named(text, kind):
    assert kinds(text) == [kind]
    assert casedata.describe(casedata.find(text)) == casedata.KINDS[kind]


@pytest.mark.parametrize(
    "text",
    [
        "Priya Raman (Northport College) reported 12 Channel referrals from the college sector this year.",
        "Tom Hughes, the trust's Prevent lead, presented the new safeguarding policy.",
        "Dr Helen Carter thanked Sergeant Paul Davies for his update on Channel.",
        "Referrals of children aged 11-15 increased by 20%.",
        "The next meeting will be held at Northport Civic Centre, 1 Market Street, Northport.",
        "Kate Jones and Alex Morgan will meet the probation team to review referrals.",
    ],
)
def test_members_with_their_roles_counts_age_ranges_and_venues_pass(text):
    assert casedata.find(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("DOB 2010-03-14", "dob"),  # an ISO date of birth
        ("born 2009/11/02", "dob"),
        ("DOB 2010\u201103\u201114", "dob"),  # non-breaking hyphens
        ("NHS no. 943.476.5919", "nhs"),  # dots
        ("NHS 943/476/5919", "nhs"),  # slashes
        ("NHS 943\u2009476\u20095919", "nhs"),  # thin spaces
        ("NHS 943\u200b476\u200b5919", "nhs"),  # zero-width spaces
        ("NHS \uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19", "nhs"),  # full-width digits (NFKC)
        ("NI AB-12-34-56-C", "nino"),  # dashes
        ("NI AB 12 34 56 C", "nino"),  # spaces
        ("NI AB\u00a012\u00a034\u00a056\u00a0C", "nino"),  # non-breaking spaces
        ("NI AB\u200b123456\u200bC", "nino"),  # zero-width spaces
        ("lives at NP1\u00a04GZ", "postcode"),
        ("Jamie\u00a0Smith\u200b (15) was referred", "age"),
    ],
)
def test_separators_and_invisible_characters_do_not_step_round_the_guard(text, kind):
    assert kinds(text) == [kind]


def test_a_match_is_highlighted_where_it_was_typed_invisible_characters_and_all():
    text = "Note: NHS 943\u200b476\u200b5919 seen"
    (match,) = casedata.find(text)
    assert text[match.start : match.end] == match.text == "943\u200b476\u200b5919"


@pytest.mark.parametrize(
    "text",
    [
        "The board approved the grant reference 1234567890 for the schools programme.",
        "Grant ref: 943 476 5919 (Home Office Prevent funding).",
        "Invoice 9434765919 for the venue hire was paid.",
        "The purchase order 401-023-2137 covers the WRAP trainers.",
    ],
)
def test_a_reference_with_its_context_word_is_not_an_nhs_number(text):
    assert casedata.find(text) == []


def test_an_nhs_number_is_still_one_when_the_word_nhs_is_there_too():
    assert kinds("NHS number (reference 943 476 5919)") == ["nhs"]


def test_normalising_folds_spaces_dashes_slashes_and_dots_and_maps_back():
    folded = casedata.normalise("a\u00a0b\u2013c\u2215d\u2024e\u200bf")
    assert folded.text == "a b-c/d.ef"
    assert folded.span(8, 10) == (8, 11)  # "ef" spans the zero-width space between them
