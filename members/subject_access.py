"""UK GDPR right of access: everything the app holds about one person, in words, as JSON and as a readable PDF.

Each app registers what it holds (`members.data_protection.register_subject_access`); this module gathers the
sections and puts every row in words, as the person will read it: field names become labels ("Job title"),
dates and times are written the GOV.UK way ("7 December 2026, 10:00", local time, no microseconds), yes and no
are words, nothing empty is shown as "None", and the audit trail says what changed in labels and values
(`common.audit.describe_changes`), never raw field names or the internals of related records.
"""

import datetime
import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import formats, timezone

from common.audit import describe_changes
from common.pdf import render_pdf

from .data_protection import _emails_of, _join_requests_from, register_subject_access, subject_access_sections
from .models import Person

ACTIONS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Viewed or downloaded",
}


def label(key):
    """A key as a heading: "job_title" reads "Job title"; a key already in words stays as it is."""
    if " " in key or key[:1].isupper():
        return key
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def in_words(value):
    """A value as the person reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "j F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, dict):
        return {label(str(k)): in_words(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [in_words(v) for v in value]
    return str(value)


def subject_access_export(person):
    """Everything held about a person, in words, ready for JSON or the PDF."""
    sections = {title: [in_words(row) for row in collect(person)] for title, collect in subject_access_sections()}
    return {
        "About this export": {
            "Exported": in_words(timezone.now()),
            "About": person.name,
            "Record number": str(person.pk),
            "Held by": "the council, for the partnership",
        },
        "Sections": sections,
    }


def subject_access_json(person):
    return json.dumps(subject_access_export(person), ensure_ascii=False, indent=2)


def _cell(value):
    """(lines, text) for a table cell: a list becomes lines, a dictionary "label: value; …", the rest text."""
    if isinstance(value, list):
        return [str(line) for line in value], ""
    if isinstance(value, dict):
        return [], "; ".join(f"{k}: {v}" for k, v in value.items())
    return [], value


def subject_access_pdf(person):
    export = subject_access_export(person)
    sections = [
        (title, [[(key, *_cell(value)) for key, value in row.items()] for row in rows])
        for title, rows in export["Sections"].items()
    ]
    context = {"person": person, "about": export["About this export"].items(), "sections": sections}
    return render_pdf("pdf/subject_access.html", context)


# What `members` itself holds ---------------------------------------------------------------------


def _profile(person):
    return [
        {
            "name": person.name,
            "job_title": person.job_title,
            "email": person.email,
            "phone": person.phone,
            "organisation": str(person.organisation) if person.organisation_id else None,
            "role": person.get_role_display(),
            "status": person.get_status_display(),
            "term_start": person.term_start,
            "term_end": person.term_end,
            "sign_in": person.user.email if person.user_id else None,
            "last_signed_in": person.user.last_login if person.user_id else None,
        }
    ]


def _changes_in_words(entry, fields):
    if entry.action == LogEntry.Action.ACCESS:
        return [str((entry.changes_dict or {}).get("accessed", ["", ""])[1])]
    if entry.action == LogEntry.Action.UPDATE:
        return [f"{name}: {before or 'empty'} → {after or 'empty'}" for name, before, after in fields]
    values = [(name, after if entry.action == LogEntry.Action.CREATE else before) for name, before, after in fields]
    return [f"{name}: {value}" for name, value in values if value is not None]


def _audit_entries(person):
    about = Q(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)
    by = Q(actor_id=person.user_id) if person.user_id else Q(pk__in=[])
    entries = list(LogEntry.objects.filter(about | by).select_related("content_type", "actor").order_by("timestamp"))
    described = describe_changes(entries)
    rows = []
    for entry, fields in zip(entries, described, strict=True):
        model = entry.content_type.model_class()
        kind = str(model._meta.verbose_name).capitalize() if model else entry.content_type.name
        rows.append(
            {
                "When": entry.timestamp,
                "What happened": ACTIONS.get(entry.action, "Recorded"),
                "Record": f"{kind}: {entry.object_repr}",
                "By": (entry.actor.get_full_name() or entry.actor.email) if entry.actor_id else "The system",
                "From the address": entry.remote_addr,
                "Details": _changes_in_words(entry, fields),
            }
        )
    return rows


def _join_applications(person):
    return [
        {
            "sent": application.created_at,
            "name": application.name,
            "email": application.email,
            "phone": application.phone,
            "job_title": application.job_title,
            "joining": application.get_kind_display(),
            "organisation": application.organisation_name,
            "reason": application.reason,
            "status": application.get_status_display(),
            "decided": application.decided_at,
            "reason_for_declining": application.decline_reason,
        }
        for application in _join_requests_from(person, _emails_of(person)).order_by("created_at")
    ]


register_subject_access("Profile", _profile)
register_subject_access("Applications to join", _join_applications)
register_subject_access("Audit trail", _audit_entries)
