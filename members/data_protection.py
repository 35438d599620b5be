"""UK GDPR duties: storage limitation (retention) and the right of access (subject access export).

Retention: former members' personal details are replaced with an anonymous label once
RETENTION_FORMER_MEMBER_DAYS have passed since their term ended, everywhere the app holds them
(the record and the audit trail's copies); the audit trail keeps that it happened.

Subject access: each app registers what it holds about a person (`register_subject_access`), so
this module gathers everything without importing the apps built on top of `members`.
"""

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Person

PERSONAL_FIELDS = ("name", "job_title", "email", "phone")
_subject_access_sections = []


def anonymous_label(person_pk):
    return f"Former member {person_pk}"


def retention_cutoff(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.RETENTION_FORMER_MEMBER_DAYS)


def people_due_for_anonymising(today=None):
    return Person.objects.filter(
        status=Person.Status.FORMER, term_end__lt=retention_cutoff(today), anonymised_at__isnull=True
    )


@transaction.atomic
def person_anonymise(*, person, reason="retention period ended"):
    """Replace a former member's personal details with an anonymous label, everywhere we hold them."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        return person
    label = anonymous_label(person.pk)
    scrubbed = {"name": label, "job_title": "", "email": f"anonymised-{person.pk}@invalid.example", "phone": ""}
    for field, value in scrubbed.items():
        setattr(person, field, value)
    person.anonymised_at = timezone.now()
    person.save()
    if person.user_id:
        user = person.user
        user.is_active = False
        user.email = scrubbed["email"]
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.save()
        _scrub_audit_entries(user, label=user.email, fields={"email", "first_name", "last_name"})
    # The audit trail's copies (including the save just made) hold the old values too: scrub them,
    # keeping that the changes happened.
    _scrub_audit_entries(person, label=label, fields=set(PERSONAL_FIELDS))
    LogEntry.objects.log_create(
        person, action=LogEntry.Action.UPDATE, changes={"anonymised": ["", reason]}, force_log=True
    )
    return person


def _scrub_audit_entries(instance, *, label, fields):
    entries = list(LogEntry.objects.get_for_object(instance))
    for entry in entries:
        changes = entry.changes_dict or {}
        entry.changes = {f: (["(removed)", "(removed)"] if f in fields else v) for f, v in changes.items()}
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = label
    LogEntry.objects.bulk_update(entries, ["changes", "changes_text", "serialized_data", "object_repr"])


def anonymise_due_people(today=None):
    """The scheduled job: returns how many people were anonymised."""
    count = 0
    for person in people_due_for_anonymising(today):
        person_anonymise(person=person)
        count += 1
    return count


def register_subject_access(title, collect):
    """collect(person) -> list of dicts: what this part of the app holds about the person."""
    _subject_access_sections.append((title, collect))


def subject_access_export(person):
    """Everything held about a person, as plain data ready for JSON."""
    return {
        "exported_at": timezone.now(),
        "person_id": person.pk,
        "sections": {title: collect(person) for title, collect in _subject_access_sections},
    }


def subject_access_json(person):
    import json

    return json.dumps(subject_access_export(person), cls=DjangoJSONEncoder, indent=2)


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
            "login": person.user.email if person.user_id else None,
            "last_sign_in": person.user.last_login if person.user_id else None,
        }
    ]


def _audit_entries(person):
    about = Q(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)
    by = Q(actor_id=person.user_id) if person.user_id else Q(pk__in=[])
    return [
        {
            "when": entry.timestamp,
            "action": entry.get_action_display(),
            "record": f"{entry.content_type.name}: {entry.object_repr}",
            "by": entry.actor.email if entry.actor_id else "System",
            "from": entry.remote_addr,
            "changes": entry.changes_dict,
        }
        for entry in LogEntry.objects.filter(about | by).select_related("content_type", "actor").order_by("timestamp")
    ]


register_subject_access("Profile", _profile)
register_subject_access("Audit trail", _audit_entries)
