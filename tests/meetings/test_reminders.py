"""Reminders go exactly once, are never lost, and carry what an invitee needs."""

import datetime
import math

import pytest
from django.utils import timezone

from meetings import reminders
from meetings.models import AgendaItem, Invitation, Marking, Meeting
from outbox import services as outbox
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests.factories import PersonFactory
from tests.meetings.output_factories import AgendaItemFactory, InvitationFactory, MeetingActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _meeting(days_ahead=10, invitees=1, **fields):
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=days_ahead), **fields)
    for _ in range(invitees):
        InvitationFactory(meeting=meeting)
    return meeting


def _bodies(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def _attachments(message):
    return {part.get_filename(): part for part in message.iter_attachments()}


def test_invitees_are_reminded_with_date_venue_agenda_reply_links_and_a_calendar_invitation(smtp_server):
    meeting = _meeting(status=Meeting.Status.AGENDA_PUBLISHED, joining_link="https://meet.example.org/board")
    AgendaItemFactory(meeting=meeting, position=1, title="Threat and risk update")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Named individual case review",
        is_confidential=True,
        confidential_reason="Personal data",
    )
    invitee = meeting.invitations.get().person

    send_due_emails.delay()

    [message] = smtp_server.wait_for(1)
    text, html = _bodies(message)
    assert message["To"] == invitee.email
    assert message["Subject"].startswith(f"Reminder: {meeting.title}")
    for body in (text, html):
        assert "Committee Room 1, Northport Civic Centre" in body
        assert "https://meet.example.org/board" in body
        assert "Threat and risk update" in body
        assert "Named individual case review" not in body
        assert "/reply/" in body or "reply" in body.lower()
    assert timezone.localtime(meeting.starts_at).strftime("%-d %B %Y") in text
    ics = _attachments(message)[f"meeting-{meeting.pk}.ics"].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:REQUEST" in ics
    delivery = EmailDelivery.objects.get()
    assert (delivery.kind, delivery.key, delivery.status, delivery.to_email) == (
        "reminder",
        "14d",
        "sent",
        invitee.email,
    )
    assert delivery.sent_at is not None


def test_running_the_task_again_sends_nothing_twice(smtp_server):
    _meeting(invitees=3)

    send_due_emails.delay()
    send_due_emails.delay()

    assert len(smtp_server.wait_for(3)) == 3
    assert EmailDelivery.objects.filter(status="sent").count() == 3


def test_a_meeting_at_short_notice_gets_only_the_latest_reminder(mailoutbox):
    meeting = _meeting(days_ahead=1)

    send_due_emails.delay()

    assert [m.subject for m in mailoutbox] == [
        f"Reminder: {meeting.title} on {timezone.localtime(meeting.starts_at):%A %-d %B %Y}"
    ]
    assert EmailDelivery.objects.get().key == "2d"


def test_reminder_offsets_are_a_setting_of_the_group(mailoutbox):
    meeting = _meeting(days_ahead=20)
    meeting.group.reminder_offsets_days = [21]
    meeting.group.save()

    send_due_emails.delay()

    assert EmailDelivery.objects.get().key == "21d"


def test_nobody_is_reminded_before_the_first_mark(mailoutbox):
    _meeting(days_ahead=20)

    send_due_emails.delay()

    assert mailoutbox == []


def test_invitees_who_sent_apologies_are_not_reminded(mailoutbox):
    meeting = _meeting(invitees=2)
    meeting.invitations.filter(pk=meeting.invitations.first().pk).update(reply=Invitation.Reply.APOLOGIES)

    send_due_emails.delay()

    assert len(mailoutbox) == 1


def test_a_sensitive_items_title_stays_out_of_the_email(mailoutbox):
    meeting = _meeting(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, title="Channel panel referrals", marking=Marking.OFFICIAL_SENSITIVE)

    send_due_emails.delay()

    assert "Channel panel referrals" not in mailoutbox[0].body
    assert "OFFICIAL-SENSITIVE item" in mailoutbox[0].body


def test_a_meeting_rescheduled_after_a_reminder_sends_an_update_once(mailoutbox):
    meeting = _meeting()
    send_due_emails.delay()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + datetime.timedelta(hours=3),
        ends_at=meeting.ends_at + datetime.timedelta(hours=3),
        sequence=meeting.sequence + 1,
    )

    send_due_emails.delay()
    send_due_emails.delay()

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Reminder", "Changed"]
    update = EmailDelivery.objects.get(kind="update")
    assert update.meeting_sequence == meeting.sequence + 1


def test_a_cancelled_meeting_sends_a_cancellation_and_no_further_reminders(mailoutbox):
    meeting = _meeting(days_ahead=13, invitees=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CANCELLED, sequence=meeting.sequence + 1, status_note="The chair is unwell."
    )

    send_due_emails.delay()
    send_due_emails.delay()

    assert len(mailoutbox) == 2
    message = mailoutbox[0]
    assert message.subject.startswith("Cancelled:")
    assert "The chair is unwell." in message.body
    _filename, content, mimetype = message.attachments[0]
    assert "METHOD:CANCEL" in (content.decode() if isinstance(content, bytes) else content)
    assert mimetype.startswith("text/calendar")
    assert not EmailDelivery.objects.filter(kind="reminder").exists()


def test_pending_reminders_of_a_meeting_cancelled_meanwhile_are_not_sent(mailoutbox):
    meeting = _meeting()
    reminders.deliveries_plan()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, sequence=5)

    sent = outbox.deliveries_send(EmailDelivery.objects.values_list("pk", flat=True))

    assert sent.sent == 0
    assert EmailDelivery.objects.get(kind="reminder").status == "skipped"


def test_a_chaser_goes_once_to_invitees_who_have_not_replied(mailoutbox):
    meeting = _meeting(days_ahead=5, invitees=2)
    meeting.group.reminder_offsets_days = [1]
    meeting.group.save()
    replied = meeting.invitations.first()
    Invitation.objects.filter(pk=replied.pk).update(reply=Invitation.Reply.ATTENDING)

    send_due_emails.delay()
    send_due_emails.delay()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Please reply")
    assert mailoutbox[0].to != [replied.person.email]


def test_an_action_owner_is_reminded_a_week_before_it_is_due(mailoutbox):
    action = MeetingActionFactory(due_date=timezone.localdate() + datetime.timedelta(days=6))

    send_due_emails.delay()
    send_due_emails.delay()

    assert [m.to for m in mailoutbox] == [[action.owner.email]]
    assert mailoutbox[0].subject.startswith("Action due")


def test_an_overdue_action_is_chased_at_most_weekly(mailoutbox):
    action = MeetingActionFactory(due_date=timezone.localdate() - datetime.timedelta(days=3))

    send_due_emails.delay()
    send_due_emails.delay()
    assert len(mailoutbox) == 1
    assert "3 days overdue" in mailoutbox[0].body

    reminders.deliveries_plan(now=timezone.now() + datetime.timedelta(days=3))
    assert EmailDelivery.objects.about(action).count() == 1
    reminders.deliveries_plan(now=timezone.now() + datetime.timedelta(days=4))
    assert EmailDelivery.objects.about(action).count() == 2


def test_a_done_action_is_not_chased(mailoutbox):
    MeetingActionFactory(due_date=timezone.localdate() - datetime.timedelta(days=3), status="done")

    send_due_emails.delay()

    assert mailoutbox == []


def test_many_reminders_share_one_smtp_connection_per_batch(smtp_server, settings):
    settings.EMAIL_BATCH_SIZE = 20
    meeting = _meeting(invitees=0)
    people = PersonFactory.create_batch(45)
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, person=p, invited_at=timezone.now() - datetime.timedelta(days=30)) for p in people
    )

    send_due_emails.delay()

    assert len(smtp_server.wait_for(45)) == 45
    assert smtp_server.sessions == math.ceil(45 / 20)
    assert len({m["To"] for m in smtp_server.messages}) == 45


def test_when_the_mail_server_is_down_the_reminder_waits_with_backoff_and_records_the_error(smtp_server, settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    _meeting()
    smtp_server.stop()

    reminders.deliveries_plan()
    with pytest.raises(outbox.DeliveryFailed) as failure:
        outbox.deliveries_send(outbox.deliveries_due_ids())

    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    assert delivery.not_before > timezone.now() + datetime.timedelta(seconds=50)
    assert failure.value.retry_ids == [delivery.pk]
    assert failure.value.retry_in == 60
    assert outbox.deliveries_due_ids() == []


def test_backoff_doubles_up_to_the_cap(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    settings.EMAIL_RETRY_MAX_SECONDS = 600

    assert [outbox.backoff_seconds(n) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_after_the_last_attempt_the_reminder_is_failed_for_admins_to_send_again(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    _meeting()
    smtp_server.stop()

    reminders.deliveries_plan()
    with pytest.raises(outbox.DeliveryFailed) as failure:
        outbox.deliveries_send(outbox.deliveries_due_ids())

    assert failure.value.retry_ids == []
    delivery = EmailDelivery.objects.get()
    assert delivery.status == "failed"

    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.delivery_send_again(delivery)
    assert len(smtp_server.wait_for(1)) == 1
    assert EmailDelivery.objects.get().status == "sent"


def test_a_row_claimed_by_another_sender_is_not_sent_again(mailoutbox):
    _meeting()
    reminders.deliveries_plan()
    ids = outbox.deliveries_due_ids()
    EmailDelivery.objects.update(status="sending")

    assert outbox.deliveries_send(ids).sent == 0
    assert mailoutbox == []


def test_a_row_stuck_in_sending_is_shown_as_not_known_if_sent_not_resent(mailoutbox):
    _meeting()
    reminders.deliveries_plan()
    EmailDelivery.objects.update(status="sending", claimed_at=timezone.now() - datetime.timedelta(hours=2))

    send_due_emails.delay()

    delivery = EmailDelivery.objects.get()
    assert delivery.status == "undecided"
    assert "may or may not have been sent" in delivery.last_error
    assert mailoutbox == []


def test_agenda_item_count_does_not_change_the_send(mailoutbox):
    meeting = _meeting(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, position=n, title=f"Item {n}") for n in range(1, 31))

    send_due_emails.delay()

    assert "30. Item 30" in mailoutbox[0].body


def test_the_published_agenda_goes_once_per_publication_and_later_changes_send_an_update(
    mailoutbox, django_capture_on_commit_callbacks
):
    from meetings import services

    meeting = _meeting(invitees=2)
    AgendaItemFactory(meeting=meeting, title="Prevent duty training")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(meeting)
    send_due_emails.delay()

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Agenda published", "Agenda published"]
    assert set(EmailDelivery.objects.values_list("kind", "status")) == {("agenda", "sent")}

    meeting.refresh_from_db()
    services.meeting_update(meeting, expected_version=meeting.version, venue="Room 2, Northport Library")
    send_due_emails.delay()
    assert [m.subject.split(":")[0] for m in mailoutbox[2:]] == ["Changed", "Changed"]
    assert "Room 2, Northport Library" in mailoutbox[2].body
