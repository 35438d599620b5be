"""A form sent three times at once (a triple click, a resent page) creates one row.

Each create form is opened once, as a person would, and what the page holds (its one-time token included) is
posted three times in parallel: three threads, three clients, three database connections, released together.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ProgressUpdate
from meetings.models import AgendaItem, Decision, Guest, Meeting, MeetingAction, StandingItem
from members.models import JoinRequest, LinkedBody, Organisation, Person
from tests.access.test_form_fuzz import forms_on
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.factories import OrganisationFactory, signed_in_client
from tests.meetings.factories import AgendaItemFactory, GroupFactory, InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)
SENDINGS = 3


@pytest.fixture(autouse=True)
def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks across connections")


def _client(user):
    return Client() if user is None else signed_in_client(user)


def _form(client, page_url, action=None):
    """The page's POST form (the one posting to `action`, if given): its action and every value it holds."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    forms = [f for f in forms_on(page.content.decode(), page_url) if f["method"] == "post"]
    form = next(f for f in forms if action is None or f["action"] == action)
    return form["action"], {**form["hidden"], **form["fields"]}


def _in_parallel(user, action, data):
    """Post the same data from SENDINGS threads at once; the statuses they got."""
    start = threading.Barrier(SENDINGS)
    statuses = []

    def send():
        try:
            client = _client(user)
            start.wait()
            statuses.append(client.post(action, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDINGS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _sent_three_times(user, page_url, overrides, *, action=None):
    action, data = _form(_client(user), page_url, action)
    assert "once" in data, f"the form on {page_url} carries no one-time token"
    data = {name: value for name, value in {**data, **overrides}.items() if value is not None}  # None: left empty
    statuses = _in_parallel(user, action, data)
    assert all(status in (200, 302) for status in statuses), statuses


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_three_identical_progress_updates_at_once_save_one(partner_user):
    action = ActionFactory(priority=PriorityFactory(plan=PlanFactory()), lead_organisation=partner_user.organisation)
    url = reverse("actionplans:action_update", args=[action.pk])
    _sent_three_times(partner_user, url, {"narrative": "Trained 40 staff in the new referral pathway"})
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_three_identical_new_meetings_at_once_make_one(admin_user):
    MeetingFactory()  # the group to choose
    url = reverse("meetings:create")
    overrides = {"title": "Extra board", "venue": "Town Hall", "date": in_days(30), "start_time": "10:00",
                 "end_time": "12:00"}  # fmt: skip
    _sent_three_times(admin_user, url, overrides)
    assert Meeting.objects.filter(title="Extra board").count() == 1


def test_three_identical_agenda_items_at_once_make_one(admin_user):
    meeting = MeetingFactory()
    overrides = {"title": "Training figures", "is_confidential": None}
    _sent_three_times(admin_user, reverse("meetings:item_add", args=[meeting.pk]), overrides)
    assert AgendaItem.objects.filter(meeting=meeting, title="Training figures").count() == 1


def test_three_identical_meeting_actions_at_once_make_one(admin_user, partner_user):
    meeting = MeetingFactory(past=True)
    InvitationFactory(meeting=meeting, person=partner_user.person)
    url = reverse("meetings:action_add", args=[meeting.pk])
    overrides = {"description": "Send the training dates", "owner": partner_user.person.pk, "due_date": in_days(14)}
    _sent_three_times(admin_user, url, overrides)
    assert MeetingAction.objects.filter(meeting=meeting).count() == 1


def test_three_identical_guests_at_once_are_recorded_once(admin_user):
    meeting = MeetingFactory(past=True)
    url = reverse("meetings:attendance", args=[meeting.pk])
    action = reverse("meetings:guest_add", args=[meeting.pk])
    _sent_three_times(admin_user, url, {"guest-name": "Visiting Speaker"}, action=action)
    assert Guest.objects.filter(meeting=meeting).count() == 1


def test_three_identical_decisions_at_once_are_recorded_once(admin_user):
    from meetings import services

    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting)
    services.minutes_start(meeting)
    url = reverse("meetings:minutes", args=[meeting.pk])
    action = reverse("meetings:decision_add", args=[meeting.pk])
    _sent_three_times(admin_user, url, {"text": "Agreed the training plan"}, action=action)
    assert Decision.objects.filter(text="Agreed the training plan").count() == 1


def test_three_identical_standing_items_at_once_make_one(admin_user):
    group = GroupFactory(name="Education sub-group")
    url = reverse("meetings:standing_item_add", args=[group.pk])
    _sent_three_times(admin_user, url, {"title": "Channel update", "position": 9})
    assert StandingItem.objects.filter(group=group, title="Channel update").count() == 1


def test_three_identical_new_people_at_once_make_one(admin_user):
    organisation = OrganisationFactory(name="Northport College")
    overrides = {"name": "Morag Stewart", "email": "morag.stewart@example.org", "organisation": organisation.pk,
                 "term_start": in_days(0), "deputy_for": ""}  # fmt: skip
    _sent_three_times(admin_user, reverse("members:person_create"), overrides)
    assert Person.objects.filter(name="Morag Stewart").count() == 1


def test_three_identical_new_organisations_at_once_make_one(admin_user):
    overrides = {"name": "Ferndale Academy", "date_joined": in_days(0)}
    _sent_three_times(admin_user, reverse("members:organisation_create"), overrides)
    assert Organisation.objects.filter(name="Ferndale Academy").count() == 1


def test_three_identical_linked_bodies_at_once_make_one(admin_user):
    _sent_three_times(admin_user, reverse("members:linked_body_create"), {"name": "Community Safety Partnership"})
    assert LinkedBody.objects.filter(name="Community Safety Partnership").count() == 1


def test_three_identical_applications_to_join_at_once_are_one_application(db):
    overrides = {"name": "Amina Warsame", "email": "amina@example.org", "organisation_name": "Northport Mosque",
                 "reason": "To help with community outreach", "consent": "on"}  # fmt: skip
    _sent_three_times(None, reverse("members:join"), overrides)
    assert JoinRequest.objects.filter(email="amina@example.org").count() == 1


def test_a_form_sent_again_later_from_the_same_page_does_nothing_and_says_so(partner_user):
    action = ActionFactory(priority=PriorityFactory(plan=PlanFactory()), lead_organisation=partner_user.organisation)
    client = _client(partner_user)
    url, data = _form(client, reverse("actionplans:action_update", args=[action.pk]))
    data["narrative"] = "Trained 40 staff"
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert again.redirect_chain[0][0] == first["Location"]  # where the first sending went
    assert "sent more than once: it was acted on once" in again.content.decode()


def test_a_form_with_errors_comes_back_with_a_new_token_and_saves_once_corrected(partner_user):
    action = ActionFactory(priority=PriorityFactory(plan=PlanFactory()), lead_organisation=partner_user.organisation)
    client = _client(partner_user)
    url, data = _form(client, reverse("actionplans:action_update", args=[action.pk]))
    shown_again = client.post(url, {**data, "narrative": "", "percent_complete": "150"})
    assert shown_again.status_code == 200
    _, corrected = _form_from(shown_again, url)
    assert corrected["once"] != data["once"]
    client.post(url, {**corrected, "narrative": "Trained 40 staff", "percent_complete": "50"})
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def _form_from(response, url):
    form = next(f for f in forms_on(response.content.decode(), url) if f["method"] == "post")
    return form["action"], {**form["hidden"], **form["fields"]}


def test_every_form_in_every_template_carries_a_one_time_token():
    """The token is opt-in per form, so a new app's form without it would do its work twice on a double click: every
    `{% csrf_token %}` in templates/ is followed by `{% once %}` (a confirmation page's POST and a vote link's too)."""
    from pathlib import Path

    from django.conf import settings

    missing = []
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html")):
        text = path.read_text()
        missing += [f"{path.name}: a form without a one-time token"] * (
            text.count("{% csrf_token %}") - text.count("{% csrf_token %}{% once %}")
        )
    assert missing == []
