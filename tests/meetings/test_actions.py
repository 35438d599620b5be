"""Actions: owners mark theirs done; one action log across meetings with filters."""

import re
from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from meetings import selectors, services
from meetings.models import MeetingAction

from .factories import MeetingActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_owners_see_their_actions_and_mark_one_done_with_a_note(partner_client, partner_user):
    action = MeetingActionFactory(owner=partner_user.person, description="Circulate the pathway")
    MeetingActionFactory(description="Someone else's job")
    page = partner_client.get(reverse("meetings:my_actions")).content.decode()
    assert "Circulate the pathway" in page
    assert "Someone else&#x27;s job" not in page
    response = partner_client.post(
        reverse("meetings:action_done", args=[action.pk]),
        {"completion_note": "Sent to all DSLs", "version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completion_note) == ("done", "Sent to all DSLs")
    assert action.completed_at is not None


def test_a_partner_cannot_close_someone_elses_action(other_partner_client, partner_user):
    action = MeetingActionFactory(owner=partner_user.person)
    response = other_partner_client.post(
        reverse("meetings:action_done", args=[action.pk]), {"completion_note": "x", "version": action.version}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_the_action_log_filters_by_status_organisation_overdue_and_meeting(admin_client):
    late = MeetingActionFactory(overdue=True, description="Late one")
    MeetingActionFactory(description="On time")
    MeetingActionFactory(description="Finished", status="done")
    url = reverse("meetings:action_log")
    assert "Late one" in admin_client.get(url, {"overdue": "on"}).content.decode()
    assert "On time" not in admin_client.get(url, {"overdue": "on"}).content.decode()
    assert "Finished" in admin_client.get(url, {"status": "done"}).content.decode()
    assert "On time" not in admin_client.get(url, {"status": "done"}).content.decode()
    by_org = admin_client.get(url, {"organisation": late.owner.organisation_id}).content.decode()
    assert "Late one" in by_org and "On time" not in by_org
    by_meeting = admin_client.get(url, {"meeting": late.meeting_id}).content.decode()
    assert "Late one" in by_meeting and "Finished" not in by_meeting


def test_the_action_log_exports_csv(admin_client):
    MeetingActionFactory(description="=HYPERLINK(evil)")
    response = admin_client.get(reverse("meetings:action_log"), {"format": "csv"})
    assert "'=HYPERLINK(evil)" in b"".join(response.streaming_content).decode()


def _edit_form(action, **changes):
    return {
        "description": action.description,
        "owner": action.owner_id,
        "due_date": "",
        "item": "",
        "status": "open",
        "completion_note": "",
        "version": action.version,
        **changes,
    }


def test_admins_edit_an_action_and_a_stale_form_gets_a_conflict(admin_client):
    action = MeetingActionFactory(description="Original")
    data = _edit_form(action, description="Mine")
    MeetingAction.objects.filter(pk=action.pk).update(description="Theirs", version=action.version + 1)
    response = admin_client.post(reverse("meetings:action_edit", args=[action.pk]), data)
    assert "Someone else saved this record" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Theirs"


def test_admins_add_actions_to_a_meeting(admin_client, partner_user):
    meeting = MeetingFactory(past=True)
    admin_client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"description": "Write the report", "owner": partner_user.person.pk, "due_date": "2031-01-10", "item": ""},
    )
    assert meeting.actions.get().owner == partner_user.person


def test_a_done_note_confirmed_as_not_case_data_is_in_the_actions_audit_trail(partner_client, partner_user):
    action = MeetingActionFactory(owner=partner_user.person)
    url = reverse("meetings:action_done", args=[action.pk])
    data = {"completion_note": "Sent to the school at PL1 2AA", "version": action.version}
    assert partner_client.post(url, data).status_code == 200  # refused until confirmed
    reason = "The school's own postcode"
    response = partner_client.post(url, {**data, "case_data_confirmed": "on", "case_data_reason": reason})
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(action).get(changes__has_key="case data confirmed")
    assert reason in entry.changes["case data confirmed"][1]


def test_open_actions_selector_lists_only_open_ones():
    open_action = MeetingActionFactory()
    MeetingActionFactory(status="dropped")
    assert list(selectors.open_actions()) == [open_action]


def test_the_meeting_actions_page_edit_link_comes_back_to_it(admin_client, partner_client):
    action = MeetingActionFactory(description="Book the room")
    meeting_url = reverse("meetings:actions", args=[action.meeting_id])
    page = admin_client.get(meeting_url).content.decode()
    link = re.search(rf'href="([^"]*/actions/{action.pk}/edit/\?next=[^"]*)"', page).group(1)
    assert link == f"{reverse('meetings:action_edit', args=[action.pk])}?next={quote(meeting_url)}%23actions"
    edit_page = admin_client.get(link).content.decode()
    assert f'href="{meeting_url}#actions"' in edit_page  # Cancel goes back to the meeting too
    response = admin_client.post(link, _edit_form(action, description="Book the bigger room"))
    assert response.status_code == 302 and response.url == f"{meeting_url}#actions"
    action.refresh_from_db()
    assert action.description == "Book the bigger room"
    # Partners read the same table without the Edit column.
    response = partner_client.get(meeting_url)
    assert response.status_code == 200 and "Book the bigger room" in response.content.decode()
    assert "/edit/?next=" not in response.content.decode()


def test_the_minutes_page_edit_link_comes_back_to_its_actions_arising(admin_client):
    action = MeetingActionFactory(description="Book the room", meeting=MeetingFactory(past=True))
    services.minutes_start(action.meeting)
    minutes_url = reverse("meetings:minutes", args=[action.meeting_id])
    page = admin_client.get(minutes_url).content.decode()
    link = re.search(rf'href="([^"]*/actions/{action.pk}/edit/\?next=[^"]*)"', page).group(1)
    assert link.endswith(f"?next={quote(minutes_url)}%23actions")
    assert 'id="actions"' in page  # the section the link comes back to


def test_an_edit_link_cannot_send_the_admin_to_another_site(admin_client):
    action = MeetingActionFactory()
    url = reverse("meetings:action_edit", args=[action.pk]) + "?next=https://attacker.example/"
    response = admin_client.post(url, _edit_form(action, description="Changed"))
    assert response.status_code == 302 and response.url == reverse("meetings:action_log")
