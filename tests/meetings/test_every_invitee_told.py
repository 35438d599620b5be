"""Every invitee told, each once: someone invited after the agenda went out gets it (with the calendar invitation)
and every later notice; "send to new invitees only" emails nobody else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests.factories import PersonFactory
from tests.meetings.output_factories import AgendaItemFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(django_capture_on_commit_callbacks, settings, tmp_path):
    """A meeting three weeks off whose agenda went to its two invitees."""
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=21))
    AgendaItemFactory(meeting=meeting, title="Prevent duty training")
    for _ in range(2):
        InvitationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(meeting)
    meeting.refresh_from_db()
    return meeting


def _to(mailoutbox):
    return [m.to[0] for m in mailoutbox]


def test_someone_invited_after_the_agenda_went_out_gets_it_with_the_calendar_invitation_once(
    admin_client, published, mailoutbox, django_capture_on_commit_callbacks
):
    late = PersonFactory(name="Grace Okafor")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("meetings:invitees", args=[published.pk]), {"people": [late.pk]})

    assert response.status_code == 302
    assert "invited and emailed the agenda" in admin_client.get(response.url).content.decode()
    assert _to(mailoutbox) == [late.email]
    [message] = mailoutbox
    assert message.subject.startswith("Agenda published")
    assert [name for name, _, _ in message.attachments if name.endswith(".ics")]
    send_due_emails.delay()  # the sweep's next run: nobody gets it twice
    assert _to(mailoutbox) == [late.email]


def test_the_sweep_tells_an_invitee_added_any_other_way(published, mailoutbox):
    # Invited now some other way than the invitees page (e.g. the Django admin, an import).
    late = InvitationFactory(meeting=published, invited_at=timezone.now()).person
    mailoutbox.clear()

    send_due_emails.delay()
    send_due_emails.delay()

    assert _to(mailoutbox) == [late.email]
    assert mailoutbox[0].subject.startswith("Agenda published")


def test_a_late_invitee_hears_of_every_later_change(published, mailoutbox):
    late = InvitationFactory(meeting=published, invited_at=timezone.now()).person
    send_due_emails.delay()
    mailoutbox.clear()

    services.meeting_update(published, expected_version=published.version, venue="Room 2, Northport Library")
    send_due_emails.delay()

    assert late.email in _to(mailoutbox) and len(mailoutbox) == 3
    assert all(m.subject.startswith("Changed") for m in mailoutbox)


def test_send_to_new_invitees_only_emails_nobody_else(
    admin_client, published, mailoutbox, django_capture_on_commit_callbacks
):
    late = InvitationFactory(meeting=published, invited_at=timezone.now()).person
    mailoutbox.clear()
    page = admin_client.get(reverse("meetings:publish", args=[published.pk])).content.decode()
    assert "1 invitee has not had the agenda yet" in page
    assert "Send to the 1 new invitee only" in page
    assert "Publish again and email all 3 invitees" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("meetings:publish", args=[published.pk]), {"new_only": "1"}, follow=True)

    assert "Emailing the agenda to 1 new invitee" in response.content.decode()
    assert _to(mailoutbox) == [late.email]
    assert EmailDelivery.objects.about(published).filter(kind="agenda").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        again = admin_client.post(reverse("meetings:publish", args=[published.pk]), {"new_only": "1"}, follow=True)
    assert "Every invitee has had the agenda: nobody was emailed" in again.content.decode()
    assert len(mailoutbox) == 1
