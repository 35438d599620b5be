"""Taking case data out of a record after it was saved: the passage becomes "[redacted]" everywhere the record keeps it.

The guard (`common.casedata`) stops case data at the form; what got past it, or was confirmed wrongly, an admin
takes out here, from any record, a held meeting's and approved minutes' included. Each app registers the records it
holds (`register`, from its `AppConfig.ready`): where a record's text lives (the record and its parts: a meeting's
items, actions, guests and every version of its minutes), and what to render again once it changed (its PDFs).

`record_redact` replaces the passage (in any letter case) in every one of those texts, scrubs it from the audit
trail's copies (django-auditlog's diffs, serialised rows and names of entries, which keep old values), then writes one
audit entry on the record that says who redacted, when and why, without the passage. The texts are changed with
`QuerySet.update`, so no new diff quotes the passage.
"""

import json
import re
from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from common.forms import GOVUKForm

REDACTED = "[redacted]"
MIN_PASSAGE = 3


@dataclass(frozen=True)
class Redactable:
    model: type
    label: str  # what the record is called on the screen, e.g. "meeting"
    texts: object  # texts(record) -> [(row, [field, ...])]: where the record's text lives
    after: object  # after(record): render again what was made from it (PDFs), or None
    url: object  # url(record): the record's page, where the screen returns to


_registry = {}


def register(model, *, label, texts, after=None, url=None):
    """Let admins redact `model`'s records (see the module docstring)."""
    _registry[model._meta.label_lower] = Redactable(model, label, texts, after, url)


def redactable(model_or_label):
    key = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _registry.get(key)


def redact_url(record):
    """The redaction screen for `record`, or None if its kind cannot be redacted."""
    from django.urls import reverse

    if redactable(type(record)) is None:
        return None
    return reverse("redact", args=[record._meta.label_lower, record.pk])


def _pattern(passage):
    return re.compile(re.escape(passage), re.IGNORECASE)


def _replace(value, pattern):
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern) for k, v in value.items()}
    return value


def occurrences(record, passage):
    """Where `passage` is in the record's texts: [(row, field, count)]."""
    entry = redactable(type(record))
    pattern = _pattern(passage)
    found = []
    for row, fields in entry.texts(record):
        for field in fields:
            value = getattr(row, field)
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) if value else ""
            count = len(pattern.findall(text))
            if count:
                found.append((row, field, count))
    return found


def _scrub_audit_trail(passage):
    """Every audit entry quoting the passage keeps its other words, with "[redacted]" in its place."""
    from auditlog.models import LogEntry

    pattern = _pattern(passage)
    escaped = json.dumps(passage, ensure_ascii=False)[1:-1]
    columns = ("object_repr", "changes_text", "changes", "serialized_data", "additional_data")
    quoting = Q(pk__in=[])
    for text in {passage, escaped}:
        for column in columns:
            quoting |= Q(**{f"{column}__icontains": text})
    entries = list(LogEntry.objects.filter(quoting))
    for entry in entries:
        for column in columns:
            setattr(entry, column, _replace(getattr(entry, column), pattern))
    LogEntry.objects.bulk_update(entries, columns)
    return len(entries)


@transaction.atomic
def record_redact(*, record, passage, reason, by):
    """Replace `passage` with "[redacted]" in every text of `record`; returns how many places changed."""
    from auditlog.models import LogEntry

    entry = redactable(type(record))
    if entry is None:
        raise ValidationError("This kind of record cannot be redacted here")
    passage, reason = (passage or "").strip(), (reason or "").strip()
    if len(passage) < MIN_PASSAGE:
        raise ValidationError({"passage": f"Enter the passage to take out, at least {MIN_PASSAGE} characters"})
    if not reason:
        raise ValidationError({"reason": "Enter why the passage is taken out"})
    if _pattern(passage).search(reason):
        raise ValidationError({"reason": "Give the reason without repeating the passage"})
    found = occurrences(record, passage)
    if not found:
        raise ValidationError({"passage": f"The passage is not in this {entry.label}: copy it exactly as it reads"})
    pattern = _pattern(passage)
    places = 0
    changed = {}
    for row, field, count in found:
        changed.setdefault((type(row), row.pk), (row, {}))[1][field] = _replace(getattr(row, field), pattern)
        places += count
    for row, values in changed.values():
        type(row)._base_manager.filter(pk=row.pk).update(**values)
        for field, value in values.items():
            setattr(row, field, value)
    _scrub_audit_trail(passage)
    LogEntry.objects.log_create(
        record,
        action=LogEntry.Action.UPDATE,
        changes={"redacted": ["", f"{places} place{'s' if places != 1 else ''}: {reason}"]},
        force_log=True,
        actor=by,
    )
    if entry.after is not None:
        entry.after(record)
    return places


class RedactForm(GOVUKForm, forms.Form):
    passage = forms.CharField(
        label="Passage to take out",
        max_length=500,
        help_text="Copy it exactly as it reads, for example a name. Every place it appears in this record becomes "
        "[redacted].",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label="Why it is taken out",
        max_length=300,
        help_text="Kept in the audit trail with your name and the time. Do not repeat the passage.",
    )


def content_type_of(label):
    app_label, model = label.split(".", 1)
    return ContentType.objects.get_by_natural_key(app_label, model)
