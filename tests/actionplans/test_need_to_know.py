"""Need-to-know in the action plans: draft meetings and actions under confidential items stay with those entitled.

The rules live in `actionplans.selectors` (asking `meetings.policy`); actionplans/views.py is being split into a
package by another change, so the two view tests wait for its one-line changes (see each reason).
"""

import pytest
from django.http import Http404
from django.urls import reverse

from actionplans import selectors
from meetings.models import Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingActionFactory, MeetingFactory

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return MeetingFactory(title="Draft NEEDLE meeting", status=Meeting.Status.DRAFT)


def test_a_partner_cannot_reach_a_draft_meeting_through_the_progress_selector(draft, partner_user, admin_user):
    with pytest.raises(Http404):
        selectors.meeting_for(partner_user, draft.pk)
    assert selectors.meeting_for(admin_user, draft.pk) == draft


@pytest.fixture
def linked(partner_user):
    item = AgendaItemFactory(meeting=MeetingFactory(past=True), confidential=True)
    secret = MeetingActionFactory(meeting=item.meeting, item=item, description="Refer NEEDLE to Channel")
    plan_action = ActionFactory(lead_organisation=partner_user.organisation)
    plan_action.meeting_actions.add(secret)
    return plan_action, secret


def test_related_meeting_actions_under_a_confidential_item_are_only_for_those_entitled(
    linked, partner_user, admin_user
):
    plan_action, secret = linked
    assert list(selectors.related_meeting_actions(plan_action, partner_user)) == []
    assert list(selectors.related_meeting_actions(plan_action, admin_user)) == [secret]
    secret.owner = partner_user.person
    secret.save()
    assert list(selectors.related_meeting_actions(plan_action, partner_user)) == [secret]


def test_the_progress_page_of_a_draft_meeting_is_not_found_for_a_partner(draft, partner_client):
    response = partner_client.get(reverse("actionplans:progress_for_meeting", args=[draft.pk]))
    assert response.status_code == 404


def test_a_plan_action_page_hides_related_actions_under_a_confidential_item(linked, partner_client):
    plan_action, _ = linked
    page = partner_client.get(reverse("actionplans:action", args=[plan_action.pk])).content.decode()
    assert "NEEDLE" not in page
