"""Admins see what was sent about a meeting, to whom and when, and send failed emails again."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from outbox import services as outbox
from tests.factories import PersonFactory
from tests.meetings.output_factories import MeetingActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _delivery(meeting, status="sent", **fields):
    person = PersonFactory()
    delivery = outbox.delivery_new(
        "reminder", about=meeting, person=person, meeting_id=meeting.pk, key=fields.pop("key", f"{person.pk}d")
    )
    delivery.status = status
    delivery.subject = f"Reminder: {meeting.title}"
    delivery.sent_at = timezone.now() if status == "sent" else None
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.save()
    return delivery


def test_only_admins_see_the_emails_of_a_meeting(client, partner_client, admin_client):
    meeting = MeetingFactory()
    url = reverse("meetings:deliveries", args=[meeting.pk])

    assert client.get(url).status_code == 302
    assert partner_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_the_emails_page_says_to_whom_what_and_when(admin_client):
    meeting = MeetingFactory()
    sent = _delivery(meeting)
    failed = _delivery(meeting, status="failed", last_error="SMTPRecipientsRefused: mailbox unavailable", attempts=6)
    action = MeetingActionFactory(meeting=meeting)
    overdue = outbox.delivery_new(
        "action_overdue", about=action, person=action.owner, meeting_id=meeting.pk, key="week-0"
    )
    overdue.status, overdue.sent_at = "sent", timezone.now()
    overdue.save()

    page = admin_client.get(reverse("meetings:deliveries", args=[meeting.pk])).content.decode()

    assert escape(sent.to_name) in page and sent.to_email in page
    assert "Reminder (" in page
    assert "mailbox unavailable" in page
    assert f'Send again<span class="govuk-visually-hidden"> to {escape(failed.to_name)}' in page
    assert "Action overdue" in page
    assert escape(action.description[:50]) in page
    filtered = admin_client.get(reverse("meetings:deliveries", args=[meeting.pk]) + "?status=failed").content.decode()
    assert escape(failed.to_name) in filtered and escape(sent.to_name) not in filtered


def test_the_meeting_page_shows_failed_emails_to_admins_with_send_again(admin_client, partner_client):
    meeting = MeetingFactory()
    failed = _delivery(meeting, status="failed", last_error="Connection refused")

    page = admin_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Emails about this meeting" in page
    assert "Some emails could not be sent" in page
    assert reverse("outbox:send_again", args=[failed.pk]) in page

    assert (
        "Emails about this meeting"
        not in partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )


def test_send_again_queues_the_email_once_and_only_for_admins(
    admin_client, partner_client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    failed = _delivery(meeting, status="failed", last_error="Connection refused", attempts=6)
    url = reverse("outbox:send_again", args=[failed.pk])
    back = reverse("meetings:deliveries", args=[meeting.pk])

    assert partner_client.post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"next": back})
    assert response.status_code == 302 and response.url == back
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert len(mailoutbox) == 1

    response = admin_client.post(url, follow=True)
    assert "may have been sent already" in response.content.decode()
    assert len(mailoutbox) == 1


def test_send_again_is_a_post(admin_client):
    failed = _delivery(MeetingFactory(), status="failed")
    assert admin_client.get(reverse("outbox:send_again", args=[failed.pk])).status_code == 405


@pytest.mark.parametrize("rows", [3, 60])
def test_the_emails_page_runs_the_same_queries_at_any_size(admin_client, django_assert_num_queries, rows):
    meeting = MeetingFactory()
    for n in range(rows):
        _delivery(meeting, key=f"k{n}")
    admin_client.get(reverse("meetings:deliveries", args=[meeting.pk]))  # warm the session

    # One more than the rows themselves: what the emails are about (the action an action reminder names).
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(11):
        admin_client.get(reverse("meetings:deliveries", args=[meeting.pk]))
