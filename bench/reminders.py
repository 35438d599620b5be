"""Reminders: 5,000 through the real task against a bare send_messages loop to a local SMTP server."""

import datetime
import math
import time

ORDER = 50
INVITEES = 5000
RATIO_LIMIT = 2.0


def build_meeting():
    from django.utils import timezone

    from meetings.models import AgendaItem, Group, Invitation, Meeting
    from members.models import Organisation, Person, Sector

    group, _ = Group.objects.get_or_create(name="Bench reminders group", defaults={"reminder_offsets_days": [14, 2]})
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = Meeting.objects.create(
        group=group,
        title="Bench partnership conference",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Northport Civic Centre",
        joining_link="https://meet.example.org/bench",
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now() - datetime.timedelta(days=20),
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n + 1, title=f"Agenda item {n + 1}", minutes_allowed=15) for n in range(12)
    )
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench reminders organisation", defaults={"sector": Sector.OTHER, "has_prevent_duty": False}
    )
    people = Person.objects.bulk_create(
        (
            Person(name=f"Bench invitee {n}", email=f"bench-invitee-{n}@example.org", organisation=organisation)
            for n in range(INVITEES)
        ),
        batch_size=1000,
    )
    invited = starts - datetime.timedelta(days=40)
    Invitation.objects.bulk_create(
        (Invitation(meeting=meeting, person=person, invited_at=invited) for person in people), batch_size=1000
    )
    return meeting


def _messages():
    """The very messages the task would send (rows read as the task reads them), built outside any timing."""
    from django.utils import timezone

    from outbox import services as outbox

    now = timezone.now()
    deliveries = outbox._pending(outbox.deliveries_due_ids(now), now)
    for delivery in deliveries:
        delivery.claimed_at = now
    batch = outbox.Batch(deliveries)
    return [outbox.renderer(delivery.kind)(delivery, batch) for delivery in deliveries]


def bare_send(messages, batch_size):
    from django.core import mail

    start = time.perf_counter()
    for first in range(0, len(messages), batch_size):
        with mail.get_connection(fail_silently=False) as connection:
            connection.send_messages(messages[first : first + batch_size])
    return time.perf_counter() - start


def run(report):
    from django.conf import settings
    from django.test import override_settings

    from bench._smtp import LocalSMTP
    from meetings import reminders
    from outbox.models import EmailDelivery
    from outbox.tasks import send_due_emails
    from partnership.celery import app

    batch = settings.EMAIL_BATCH_SIZE
    meeting = build_meeting()
    app.conf.task_always_eager = True
    with LocalSMTP() as smtp, override_settings():
        smtp.configure(settings)
        reminders.deliveries_plan()
        messages = _messages()
        bare = bare_send(messages, batch)
        if smtp.counter.messages != INVITEES:
            raise RuntimeError(f"the bare loop delivered {smtp.counter.messages} of {INVITEES}")
        EmailDelivery.objects.all().delete()
        smtp.reset()

        start = time.perf_counter()
        send_due_emails.apply().get()
        task = time.perf_counter() - start

        sent = EmailDelivery.objects.for_meeting(meeting).filter(status=EmailDelivery.Status.SENT).count()
        if smtp.counter.messages != INVITEES or sent != INVITEES or len(smtp.counter.recipients) != INVITEES:
            raise RuntimeError(f"the task delivered {smtp.counter.messages} messages, {sent} rows sent")
        report.note(
            f"{INVITEES} reminders: task {task:.1f} s ({INVITEES / task:.0f}/s), bare send_messages {bare:.1f} s, "
            f"batch {batch}"
        )
        report.add("reminders_5000_task_vs_bare_send_messages", task / bare, "x", RATIO_LIMIT)
        report.add(
            "reminders_5000_smtp_connections",
            smtp.counter.sessions,
            "connections",
            math.ceil(INVITEES / batch),
            "equal",
        )
    app.conf.task_always_eager = False
