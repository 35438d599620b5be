"""The one form mixin that keeps case data out of what people type, and the audit entry for a confirmation."""

import logging
from dataclasses import dataclass

from django import forms

logger = logging.getLogger(__name__)

# Fields of these kinds are typed, but are not free text: their own validation says what they may hold.
NOT_FREE_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.UUIDField, forms.RegexField)


def free_text_fields(fields, exempt=()):
    """The names of the fields a person types free text into: every CharField drawn as a text box or area, apart
    from emails, web addresses, hidden and password fields, and those `exempt` names (with its reason)."""
    for name, field in fields.items():
        if name in exempt or not isinstance(field, forms.CharField) or isinstance(field, NOT_FREE_TEXT):
            continue
        if isinstance(field.widget, (forms.HiddenInput, forms.PasswordInput)) or field.disabled:
            continue
        if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
            yield name


@dataclass(frozen=True)
class Finding:
    name: str
    label: str
    kinds: str
    text: str
    matches: list  # the Match of each stretch that looks like case data, marked on the page (|case_data_marked)


@dataclass(frozen=True)
class Confirmation:
    """The editor's word that flagged text is not case data: which fields, and why."""

    fields: str
    reason: str


class CaseDataCheck:
    """Form mixin: free text (`free_text_fields`) that looks like case data about a person is an error until the
    editor ticks the confirmation and gives a reason. Put it first among the form's bases. Every form with free text
    uses it (tests/foundation/test_case_data_everywhere.py reads them all).

    - `case_data_exempt`: {field name: why it is not checked}, e.g. a venue's own postcode field.
    - `case_data_confirmable = False`: the text cannot be confirmed, only changed (the public's forms: nobody there
      can vouch for it).

    The confirmation is read from the raw POST (`case_data_confirmed`, `case_data_reason`), so it never joins
    `cleaned_data`. Validation writes nothing: a valid confirmed form carries `case_data` (a `Confirmation`, else
    None), which the view hands to the service that saves, and the service records it with `confirmation_record`.
    """

    CONFIRM = "case_data_confirmed"
    REASON = "case_data_reason"
    case_data_exempt = {}
    case_data_confirmable = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_data_findings = []
        self.case_data = None

    @property
    def case_data_confirmation(self):
        """The reason the editor gave, once confirmed ("" otherwise)."""
        return self.case_data.reason if self.case_data else ""

    def case_data_label(self, name):
        label = str(self.fields[name].label or name.replace("_", " ").capitalize())
        return f"Notes on item {label}" if name.startswith("item_") else label

    def case_data_fields(self):
        return list(free_text_fields(self.fields, self.case_data_exempt))

    @property
    def case_data_confirm_name(self):
        """The confirmation's field name, with the form's prefix (includes/case_data.html draws it)."""
        return self.add_prefix(self.CONFIRM)

    @property
    def case_data_reason_name(self):
        return self.add_prefix(self.REASON)

    def case_data_posted(self):
        if not self.case_data_confirmable:
            return False, ""
        return self.data.get(self.case_data_confirm_name) in ("on", "true", "1", "yes"), (
            self.data.get(self.case_data_reason_name) or ""
        ).strip()

    def clean(self):
        from . import describe, find

        data = super().clean()
        findings = []
        for name in self.case_data_fields():
            text = data.get(name) or ""
            matches = find(text) if isinstance(text, str) else []
            if matches:
                label = self.case_data_label(name)
                findings.append(Finding(name, label, describe(matches), text, matches))
        self.case_data_findings = findings
        self.case_data = None
        if not findings:
            return data
        confirmed, reason = self.case_data_posted()
        if confirmed and reason:
            self.case_data = Confirmation(", ".join(f.label for f in findings), reason)
            return data
        for finding in findings:
            if self.case_data_confirmable:
                message = "Remove it, or confirm it is not case data and give a reason"
            else:
                message = "Remove the details about a person"
            self.add_error(
                finding.name,
                f"{finding.label} looks like it contains case data about a person: {finding.kinds}. {message}",
            )
        if confirmed:
            self.add_error(None, "Enter the reason the text is not case data about a person")
        return data


def confirmation_record(subject, confirmation):
    """The editor's word that the text is not case data, in the audit trail of `subject` (the record saved, or the
    record it belongs to). Services that save a checked form's text call this in their transaction; None does
    nothing."""
    from auditlog.models import LogEntry

    if confirmation is None:
        return None
    if subject is None or getattr(subject, "pk", None) is None:
        # A service that takes a confirmation names a saved record for it: one that does not is a bug, said loudly.
        raise ValueError("A case-data confirmation needs a saved record to be recorded against")
    return LogEntry.objects.log_create(
        subject,
        action=LogEntry.Action.UPDATE,
        changes={"case data confirmed": ["", f"{confirmation.fields}: {confirmation.reason}"]},
        force_log=True,
    )
