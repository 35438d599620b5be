"""What the meetings app holds about a person, for members.data_protection (registered in MeetingsConfig.ready)."""

from django.db.models import Q

from outbox import services as outbox
from outbox.models import EmailDelivery

from . import minutes_record
from .models import Invitation, Meeting, MinutesVersion


def deliveries_anonymise(person, *, original, label, email):
    """Emails sent keep what was sent and when, not the name and address it went to."""
    outbox.deliveries_anonymise(
        person_id=person.pk, emails=original["emails"], label=label, names=original.get("names", [original["name"]])
    )


def invitations_anonymise(person, *, original, label, email):
    """Where they stood in for someone: the deputy's name becomes their label; and approved minutes' kept record
    (`minutes_record`) names them by their label too."""
    name = original["name"]
    _kept_records_anonymise(person, name=name, label=label)
    named = Q(deputy=person) | Q(deputy_name__iexact=name) if name else Q(deputy=person)
    Invitation.objects.filter(named).update(deputy_name=label)
    if name:
        Invitation.objects.filter(attended_deputy_name__iexact=name).update(attended_deputy_name=label)


def deliveries_for_subject(person):
    """For a subject access export: the emails sent to the person, whatever they were about."""
    return [
        {
            "kind": delivery.kind_label,
            "to": delivery.to_email,
            "subject": delivery.subject,
            "status": delivery.get_status_display(),
            "sent_at": delivery.sent_at,
        }
        for delivery in EmailDelivery.objects.filter(person_id=person.pk).order_by("created_at", "pk")
    ]


def _kept_records_anonymise(person, *, name, label):
    concerned = Q(invitations__person=person) | Q(actions__owner=person)
    if name:
        concerned |= Q(invitations__attended_deputy_name__iexact=name)
    meetings = Meeting.objects.filter(concerned).values("pk")
    versions = MinutesVersion.objects.filter(record__isnull=False, minutes__meeting__in=meetings)
    changed = minutes_record.rename(versions, person_pk=person.pk, label=label, names=[name])
    MinutesVersion.objects.bulk_update(changed, ["record"])
