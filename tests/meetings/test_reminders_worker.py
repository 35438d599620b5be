"""With a real Celery worker on the real Redis and a real SMTP server: exactly once, and nothing lost."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting
from outbox.models import EmailDelivery
from outbox.tasks import send_deliveries, send_due_emails
from tests.meetings.output_factories import InvitationFactory, MeetingFactory
from tests.realworld import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _meeting(invitees=1, **fields):
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10), **fields)
    for _ in range(invitees):
        InvitationFactory(meeting=meeting)
    return meeting


def _settled(count):
    return lambda: EmailDelivery.objects.filter(status__in=["sent", "failed", "skipped"]).count() >= count


def test_a_reminder_reaches_the_mail_server_exactly_once_when_the_task_runs_twice_at_once(smtp_server, celery_worker):
    _meeting(invitees=3)

    for _ in range(2):
        send_due_emails.delay()
    # And a duplicate of the sending task itself, as a redelivered message would be.
    wait_until(lambda: EmailDelivery.objects.count() == 3)
    send_deliveries.delay(list(EmailDelivery.objects.values_list("pk", flat=True)))

    assert wait_until(_settled(3))
    wait_until(lambda: False, timeout=1.5)  # time for any duplicate to arrive
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        EmailDelivery.objects.values_list("to_email", flat=True)
    )
    assert len(smtp_server.messages) == 3
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_with_the_mail_server_down_it_retries_then_sends_once_the_server_is_back(smtp_server, celery_worker, settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 0.3
    settings.EMAIL_RETRY_MAX_SECONDS = 1
    settings.EMAIL_MAX_ATTEMPTS = 50
    _meeting(invitees=2)
    smtp_server.stop()

    send_due_emails.delay()

    assert wait_until(lambda: EmailDelivery.objects.filter(attempts__gte=2).count() == 2)
    assert set(EmailDelivery.objects.values_list("status", flat=True)) <= {"pending", "sending"}
    assert EmailDelivery.objects.exclude(last_error="").exists()
    smtp_server.start()

    assert wait_until(_settled(2))
    wait_until(lambda: False, timeout=2)
    assert len(smtp_server.messages) == 2
    assert len({m["To"] for m in smtp_server.messages}) == 2
    assert set(EmailDelivery.objects.values_list("status", "last_error")) == {("sent", "")}


def test_a_cancelled_meeting_sends_its_cancellation(smtp_server, celery_worker):
    meeting = _meeting(invitees=2)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, sequence=3)

    send_due_emails.delay()

    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    for message in messages:
        assert message["Subject"].startswith("Cancelled:")
        [ics] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
        content = ics.get_content()
        assert "METHOD:CANCEL" in (content.decode() if isinstance(content, bytes) else content)
    assert not EmailDelivery.objects.filter(kind="reminder").exists()
