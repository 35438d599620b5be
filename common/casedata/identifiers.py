"""The shapes of a person's identifiers: a date of birth, an NHS number, a National Insurance number, a postcode.

Each pattern reads normalised text (`normalise.py`: one kind of space, dash, slash and dot), and allows the
separators people type between the groups of a number: spaces, dots, slashes or dashes.
"""

import re

# Between the groups of a number: nothing, spaces, or one dot, slash or dash with spaces either side.
SEP = r"(?:\s*[./-]\s*|\s+)?"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})"
    r"|\d{4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DOB_WORD = r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?)"
DOB = re.compile(
    rf"\b{_DOB_WORD}\s*(?:[:\-=]|is|was)?\s*{_DATE}(?!\d)"
    rf"|(?<!\d){_DATE}\s*[(\[,]?\s*{_DOB_WORD}(?![a-z])"
    rf"|\bborn\s+(?:in\s+)?{_MONTH}\.?\s+\d{{4}}\b",
    re.IGNORECASE,
)
# Ten digits, together or in groups of 3-3-4, not part of a longer number.
NHS = re.compile(rf"(?<![\d+])(\d{{3}}){SEP}(\d{{3}}){SEP}(\d{{4}})(?![\d])")
# Two prefix letters (D, F, I, Q, U, V never; O never second), six digits, suffix A-D.
NINO = re.compile(
    rf"\b(?!BG|GB|KN|NK|NT|TN|ZZ)([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]){SEP}(\d{{2}}){SEP}(\d{{2}}){SEP}(\d{{2}})"
    rf"{SEP}([A-D])\b",
    re.IGNORECASE,
)
POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

# A ten-digit number right after one of these words is the partnership's own reference, not a person's NHS number:
# "grant reference 1234567890", "Invoice 9434765919", "purchase order 401-023-2137".
REFERENCE_WORDS = re.compile(
    r"\b(?:ref(?:erence)?|refs|grant|invoice|inv|order|PO|purchase|account|acct|contract|project|tel|telephone"
    r"|phone|mobile|fax|call|ring|ISBN|charity|company|registration|reg|licen[cs]e|serial|ticket|booking|transaction"
    r"|cheque|budget|cost\s+cent(?:re|er)|supplier|vendor|payment|PO\s+number)\b[\s.:#/-]*(?:no\.?|number|num)?"
    r"[\s.:#/-]*$",
    re.IGNORECASE,
)
NHS_WORD = re.compile(r"\b(?:NHS|CHI|patient|hospital\s+number)\b[^.\n]{0,20}$", re.IGNORECASE)


def nhs_number_is_valid(digits):
    """The Modulus 11 check: weights 10..2 on the first nine digits; 11 - remainder is the tenth (11 means 0)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _is_reference(text, start):
    before = text[max(0, start - 40) : start]
    return bool(REFERENCE_WORDS.search(before)) and not NHS_WORD.search(before)


def find_identifiers(text):
    """(kind, start, end) for each identifier in normalised `text`."""
    found = [("dob", m.start(), m.end()) for m in DOB.finditer(text)]
    found += [
        ("nhs", m.start(), m.end())
        for m in NHS.finditer(text)
        if nhs_number_is_valid(m.group(1) + m.group(2) + m.group(3)) and not _is_reference(text, m.start())
    ]
    found += [("nino", m.start(), m.end()) for m in NINO.finditer(text)]
    found += [("postcode", m.start(), m.end()) for m in POSTCODE.finditer(text)]
    return found
