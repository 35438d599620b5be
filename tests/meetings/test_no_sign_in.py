"""People without a sign-in: the admin sees who they are, their emails never send them to a page they cannot
open, and an action owner records progress by the emailed link, as replies work. My actions takes progress too."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ActionProgress, MeetingAction
from outbox import services as outbox
from outbox.tasks import send_due_emails
from returnrequests.models import ReturnRequest
from tests.factories import PersonFactory, UserFactory, admin_client
from tests.meetings.factories import MeetingFactory as HeldMeetingFactory
from tests.meetings.output_factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingActionFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://partnership.example.org"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path / "media"


def _links(message):
    """Every link in the text and HTML parts, once each."""
    found = re.findall(r"https?://[^\s<>\"']+", message.body + " " + message.alternatives[0][0])
    return list(dict.fromkeys(html.unescape(link).rstrip(".,)") for link in found))


def test_the_admin_sees_which_invitees_and_action_owners_have_no_sign_in(admin_client):
    meeting = MeetingFactory()
    without = PersonFactory(name="Grace Okafor")
    with_login = UserFactory(role="partner").person
    for person in (without, with_login):
        InvitationFactory(meeting=meeting, person=person)
        MeetingActionFactory(meeting=meeting, owner=person, description=f"Action for {person.name}")

    invitees = admin_client.get(reverse("meetings:invitees", args=[meeting.pk])).content.decode()
    log = admin_client.get(reverse("meetings:action_log")).content.decode()

    for page in (invitees, log):
        assert page.count("No sign-in</strong>") == 1
        row = page[page.index("Grace Okafor") :][:200]
        assert "No sign-in" in row


def test_meeting_emails_send_only_those_who_can_sign_in_to_the_meeting_page(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=20))
    AgendaItemFactory(meeting=meeting, title="Threat and risk update")
    without = InvitationFactory(meeting=meeting, person=PersonFactory()).person
    member = InvitationFactory(meeting=meeting, person=UserFactory(role="partner").person).person
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(meeting)

    by_address = {m.to[0]: m for m in mail.outbox}
    page = f"{SITE}{reverse('meetings:detail', args=[meeting.pk])}"
    assert page in _links(by_address[member.email])
    assert page not in _links(by_address[without.email])
    assert "ask the partnership officer" in by_address[without.email].body
    # Both can still reply by the signed links, which need no sign-in.
    assert any("/meetings/reply/" in link for link in _links(by_address[without.email]))


def test_circulated_minutes_never_send_someone_without_a_sign_in_to_sign_in(django_capture_on_commit_callbacks):
    held = HeldMeetingFactory(past=True)
    AgendaItemFactory(meeting=held)
    without = InvitationFactory(meeting=held, person=PersonFactory(), attendance="present").person
    version = services.minutes_start(held)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(version)

    [message] = [m for m in mail.outbox if m.to == [without.email]]
    assert reverse("meetings:minutes", args=[held.pk]) not in message.body
    assert "ask the partnership officer for a copy" in message.body


def test_an_owner_without_a_sign_in_records_progress_by_the_emailed_link_once(client):
    owner = PersonFactory(name="Grace Okafor")
    action = MeetingActionFactory(
        owner=owner, description="Map the youth services", due_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    MeetingAction.objects.filter(pk=action.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    send_due_emails.delay()

    [message] = mail.outbox
    links = _links(message)
    assert f"{SITE}{reverse('meetings:my_actions')}" not in links  # a page they could not open
    [link] = [link for link in links if "/returns/" in link]
    path = link.removeprefix(SITE)
    form = client.get(path)
    assert form.status_code == 200 and "Record progress on an action" in form.content.decode()

    done = client.post(path, {"note": "Met the youth service leads; mapping half done."})
    assert done.status_code == 200 and "Progress received" in done.content.decode()
    progress = ActionProgress.objects.get(action=action)
    assert (progress.via, progress.reported_by, progress.recorded_by) == ("link", owner, None)
    request = ReturnRequest.objects.get()
    assert (request.returned_via, request.answer) == ("link", progress)
    again = client.post(path, {"note": "Again", "done": "on"})
    assert "this return is in" in again.content.decode()
    action.refresh_from_db()
    assert action.status == "open" and ActionProgress.objects.count() == 1
    # The admins see the request and its answer with every other return.
    overview = admin_client().get(reverse("returnrequests:overview")).content.decode()
    assert "Progress on meeting actions" in overview


def test_the_link_stops_working_once_the_action_is_closed_or_changes_hands(client):
    action = MeetingActionFactory(owner=PersonFactory(), due_date=timezone.localdate() - datetime.timedelta(days=8))
    outbox.email_enqueue("action_overdue", about=action, person=action.owner, meeting_id=action.meeting_id)
    outbox.deliveries_send(outbox.deliveries_due_ids())
    [link] = [link for link in _links(mail.outbox[-1]) if "/returns/" in link]

    MeetingAction.objects.filter(pk=action.pk).update(owner=PersonFactory())
    response = client.get(link.removeprefix(SITE))

    assert response.status_code == 400 and "no longer needed" in response.content.decode()


def test_my_actions_takes_progress_as_the_email_says_and_can_close_the_action(partner_user, partner_client):
    action = MeetingActionFactory(owner=partner_user.person, description="Brief the governors")
    page = partner_client.get(reverse("meetings:my_actions")).content.decode()
    assert reverse("meetings:action_progress", args=[action.pk]) in page and "Record progress" in page

    partner_client.post(reverse("meetings:action_progress", args=[action.pk]), {"note": "Governors briefed in May."})
    action.refresh_from_db()
    assert action.status == "open"
    assert "Governors briefed in May." in partner_client.get(reverse("meetings:my_actions")).content.decode()

    partner_client.post(reverse("meetings:action_progress", args=[action.pk]), {"note": "All done.", "done": "on"})
    action.refresh_from_db()
    assert (action.status, action.completion_note) == ("done", "All done.")
    assert [p.via for p in ActionProgress.objects.filter(action=action)] == ["signed_in", "signed_in"]


def test_only_the_owner_or_an_admin_records_progress(other_partner_client, partner_user):
    action = MeetingActionFactory(owner=partner_user.person)
    response = other_partner_client.post(reverse("meetings:action_progress", args=[action.pk]), {"note": "Not mine"})
    assert response.status_code in (403, 404)
    assert not ActionProgress.objects.exists()
