"""Pages every admin sees alike come from the shared cache (the real Redis) until their data changes:
the meeting page, the action plan page and the people list (common.pagecache)."""

import re
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from common import stamps
from common.pagecache import CSRF_PLACEHOLDER
from meetings.models import Invitation, MinutesVersion
from tests.actionplans.factories import ActionFactory
from tests.factories import PersonFactory, UserFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    GroupMembershipFactory,
    InvitationFactory,
    MeetingFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.SHARED_CACHE_SECONDS = 60
    # Fresh stamps, so pages cached by other tests (rolled back since) are never this test's.
    for label in stamps.APPS:
        cache.set(f"stamp:{label}", uuid.uuid4().hex, None)


@pytest.fixture
def meeting():
    meeting = MeetingFactory(title="Spring board", status="agenda_published")
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory(meeting=meeting, position=2, title="Channel cases", confidential=True)
    return meeting


def _page(client, meeting):
    return client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_the_second_view_of_a_meeting_comes_from_the_cache(admin_client, meeting, django_assert_max_num_queries):
    _page(admin_client, meeting)
    # The session, the user, the access log entry for the confidential item, and the session's save
    # (in a savepoint, 3 statements): none of the page's own queries.
    with django_assert_max_num_queries(6):
        page = _page(admin_client, meeting)
    assert "Channel cases" in page
    assert "<title>Spring board" in page


def test_viewing_a_confidential_item_is_logged_on_every_view_cached_or_not(admin_client, meeting):
    _page(admin_client, meeting)
    _page(admin_client, meeting)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_repr__contains="Channel cases")
    assert entries.count() == 2


def test_each_admin_gets_their_own_csrf_token_in_cached_forms(admin_user, meeting):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(admin_user)
    second.force_login(UserFactory(role="admin"))
    _page(first, meeting)  # cached now, with the first admin's session around it
    page = _page(second, meeting)
    assert CSRF_PLACEHOLDER not in page
    token = re.search(r'action="/meetings/\d+/minutes/start/"><input type="hidden" name="csrfmiddlewaretoken" '
                      r'value="([^"]+)"', page).group(1)  # fmt: skip
    response = second.post(reverse("meetings:minutes_start", args=[meeting.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert MinutesVersion.objects.filter(minutes__meeting=meeting).exists()


def test_a_moved_item_shows_at_once(admin_client, meeting):
    assert _page(admin_client, meeting).index("Welcome") < _page(admin_client, meeting).index("Channel cases")
    second = meeting.items.get(position=2)
    admin_client.post(reverse("meetings:item_move", args=[second.pk]), {"direction": "up"})  # update(): no signals
    page = _page(admin_client, meeting)
    assert page.index("Channel cases") < page.index("Welcome")


def test_recorded_attendance_shows_at_once(admin_client):
    meeting = MeetingFactory(starts_at=in_days(-1), status="agenda_published")
    invitation = InvitationFactory(meeting=meeting)
    GroupMembershipFactory(group=meeting.group, person=invitation.person)
    assert "Quorum: <strong>0</strong>" in _page(admin_client, meeting)
    admin_client.post(reverse("meetings:attendance", args=[meeting.pk]), {f"attendance-{invitation.pk}": "present"})
    assert Invitation.objects.get(pk=invitation.pk).attendance == "present"  # saved by bulk_update
    assert "Quorum: <strong>1</strong>" in _page(admin_client, meeting)


def test_a_partner_never_gets_the_admins_cached_page(admin_client, partner_client, meeting):
    assert "Channel cases" in _page(admin_client, meeting)
    page = _page(partner_client, meeting)  # not invited
    assert "Channel cases" not in page
    assert "Change the agenda" not in page
    assert "You are not invited to this meeting" in page


def test_the_people_list_is_cached_per_filter_and_shows_a_new_person_at_once(admin_client):
    PersonFactory(name="Alex Example")
    people = reverse("members:people")
    assert "Alex Example" in admin_client.get(people).content.decode()
    assert "Alex Example" not in admin_client.get(people, {"q": "Nobody"}).content.decode()
    PersonFactory(name="Sam Sample")
    assert "Sam Sample" in admin_client.get(people).content.decode()


def test_the_plan_page_shows_a_change_at_once_and_partners_get_their_own(admin_client, partner_client):
    action = ActionFactory(description="Train all school staff")
    url = reverse("actionplans:plan", args=[action.priority.plan.pk])
    assert "Train all school staff" in admin_client.get(url).content.decode()
    action.description = "Train all college staff"
    action.save()
    assert "Train all college staff" in admin_client.get(url).content.decode()
    partner_page = partner_client.get(url).content.decode()
    assert "Train all college staff" in partner_page
    assert "Change history" not in partner_page  # an admin-only link in the admin's cached copy
