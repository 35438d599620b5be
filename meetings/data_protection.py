"""What the meetings app holds about a person, for members.data_protection (registered in MeetingsConfig.ready)."""

from django.db.models import Q

from outbox import services as outbox
from outbox.models import EmailDelivery

from .models import Invitation


def deliveries_anonymise(person, *, original, label, email):
    """Emails sent keep what was sent and when, not the name and address it went to."""
    outbox.deliveries_anonymise(
        person_id=person.pk, emails=original["emails"], label=label, names=original.get("names", [original["name"]])
    )


def invitations_anonymise(person, *, original, label, email):
    """Where they stood in for someone: the deputy's name becomes their label."""
    name = original["name"]
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
