"""No case data about individuals in our free text.

Records about people referred to Prevent or Channel belong in the national case systems, never in this app.
`find(text)` spots the shapes case data usually takes (a date of birth, an NHS number, a National Insurance
number, a full postcode); `CaseDataCheck` makes a form refuse such text until the editor confirms, with a
reason, that it is not about a person. The confirmation goes to the audit trail.
"""

import logging
import re
from dataclasses import dataclass

from auditlog.models import LogEntry
from django import forms

logger = logging.getLogger(__name__)

KINDS = {
    "dob": "a date of birth",
    "nhs": "an NHS number",
    "nino": "a National Insurance number",
    "postcode": "a postcode",
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DOB_WORD = r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?)"
_DOB = re.compile(
    rf"\b{_DOB_WORD}\s*(?:[:\-\u2013=]|is|was)?\s*{_DATE}(?!\d)"
    rf"|(?<!\d){_DATE}\s*[(\[,]?\s*{_DOB_WORD}(?![a-z])",
    re.IGNORECASE,
)
# Ten digits, together or spaced 3-3-4, not part of a longer number.
_NHS = re.compile(r"(?<![\d+])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\d])")
# Two prefix letters (D, F, I, Q, U, V never; O never second), six digits, suffix A-D.
_NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?(\d{2})\s?(\d{2})\s?(\d{2})\s?([A-D])\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str

    @property
    def description(self):
        return KINDS[self.kind]


def nhs_number_is_valid(digits):
    """The Modulus 11 check: weights 10..2 on the first nine digits; 11 - remainder is the tenth (11 means 0)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find(text):
    """Every stretch of `text` that looks like case data about a person, in order, without overlaps."""
    if not text:
        return []
    found = [Match("dob", m.start(), m.end(), m.group()) for m in _DOB.finditer(text)]
    found += [
        Match("nhs", m.start(), m.end(), m.group())
        for m in _NHS.finditer(text)
        if nhs_number_is_valid(m.group(1) + m.group(3) + m.group(4))
    ]
    found += [Match("nino", m.start(), m.end(), m.group()) for m in _NINO.finditer(text)]
    found += [Match("postcode", m.start(), m.end(), m.group()) for m in _POSTCODE.finditer(text)]
    found.sort(key=lambda m: (m.start, -m.end))
    kept = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def describe(matches):
    kinds = list(dict.fromkeys(m.description for m in matches))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


@dataclass(frozen=True)
class Finding:
    name: str
    label: str
    kinds: str
    text: str
    matches: list  # the Match of each stretch that looks like case data, marked on the page (|case_data_marked)


class CaseDataCheck:
    """Form mixin: free text (every CharField drawn as a Textarea) that looks like case data about a person is an
    error until the editor ticks the confirmation and gives a reason. Put it first among the form's bases.

    The confirmation is read from the raw POST (`case_data_confirmed`, `case_data_reason`), so it never joins
    `cleaned_data` and the services that take `**cleaned_data` are untouched. Pass `case_data_subject=` (the record
    the text belongs to, or its parent for a new one) to say where the audit entry goes; the form's saved
    `instance` comes first. A form with neither records nothing and logs an error: that is a bug in the form.
    """

    CONFIRM = "case_data_confirmed"
    REASON = "case_data_reason"

    def __init__(self, *args, case_data_subject=None, **kwargs):
        self.case_data_subject = case_data_subject
        super().__init__(*args, **kwargs)
        self.case_data_findings = []
        self.case_data_confirmation = ""

    def case_data_label(self, name):
        label = str(self.fields[name].label or name.replace("_", " ").capitalize())
        return f"Notes on item {label}" if name.startswith("item_") else label

    def _case_data_fields(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
                yield name

    @property
    def case_data_confirm_name(self):
        """The confirmation's field name, with the form's prefix (includes/case_data.html draws it)."""
        return self.add_prefix(self.CONFIRM)

    @property
    def case_data_reason_name(self):
        return self.add_prefix(self.REASON)

    def case_data_posted(self):
        return self.data.get(self.case_data_confirm_name) in ("on", "true", "1", "yes"), (
            self.data.get(self.case_data_reason_name) or ""
        ).strip()

    def clean(self):
        data = super().clean()
        findings = []
        for name in self._case_data_fields():
            text = data.get(name) or ""
            matches = find(text)
            if matches:
                label = self.case_data_label(name)
                findings.append(Finding(name, label, describe(matches), text, matches))
        if not findings:
            return data
        self.case_data_findings = findings
        confirmed, reason = self.case_data_posted()
        if confirmed and reason:
            self.case_data_confirmation = reason
            return data
        for finding in findings:
            self.add_error(
                finding.name,
                f"{finding.label} looks like it contains case data about a person: {finding.kinds}. "
                "Remove it, or confirm it is not case data and give a reason",
            )
        if confirmed:
            self.add_error(None, "Enter the reason the text is not case data about a person")
        return data

    def full_clean(self):
        super().full_clean()
        if self.case_data_confirmation and not self._errors:
            self.record_case_data_confirmation()

    def record_case_data_confirmation(self):
        """The editor's word that the text is not case data, in the audit trail of the record (or its parent).

        Written when the confirmed form validates: the confirmation is the editor's act, whether or not a later
        edit conflict makes them save again.
        """
        instance = getattr(self, "instance", None)
        subject = instance if getattr(instance, "pk", None) else self.case_data_subject
        if subject is None or not getattr(subject, "pk", None):
            # Every form that checks for case data names where its confirmation goes; one that does not is a bug,
            # said loudly in the log rather than with a lost page for the editor.
            logger.error("Case data confirmed in %s with no saved record to log it against", type(self).__name__)
            return None
        fields = ", ".join(f.label for f in self.case_data_findings)
        return LogEntry.objects.log_create(
            subject,
            action=LogEntry.Action.UPDATE,
            changes={"case data confirmed": ["", f"{fields}: {self.case_data_confirmation}"]},
            force_log=True,
        )
