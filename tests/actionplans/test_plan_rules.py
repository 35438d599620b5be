import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Priority
from tests.meetings import factories as meeting_factories

from .factories import ActionFactory, PlanFactory, PriorityFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_action(db):
    plan = PlanFactory(year_label="2031/32", status=ActionPlan.Status.DRAFT)
    return ActionFactory(priority=PriorityFactory(plan=plan))


def _action_form(action, **overrides):
    data = {
        "reference": action.reference,
        "description": action.description,
        "lead_organisation": action.lead_organisation_id,
        "lead_officer": action.lead_officer_id,
        "start_date": action.start_date.isoformat(),
        "due_date": action.due_date.isoformat(),
        "measure_of_success": "",
        "status": action.status,
        "percent_complete": action.percent_complete,
        "weight": 1,
        "marking": "official",
        "version": action.version,
    }
    data.update(overrides)
    return data


def _page(response):
    return response.content.decode()


def test_a_due_date_before_the_start_is_refused_and_nothing_changes(admin_client, draft_action):
    url = reverse("actionplans:action_edit", args=[draft_action.pk])
    response = admin_client.post(url, _action_form(draft_action, due_date="2031-01-01", start_date="2031-06-01"))
    assert response.status_code == 200
    assert "The due date must be the same as or after the start date." in _page(response)
    assert Action.objects.get(pk=draft_action.pk).due_date == draft_action.due_date


def test_an_admin_edits_an_action_on_a_draft_plan(admin_client, draft_action):
    url = reverse("actionplans:action_edit", args=[draft_action.pk])
    response = admin_client.post(url, _action_form(draft_action, description="Train every governor"))
    assert response.status_code == 302
    assert Action.objects.get(pk=draft_action.pk).description == "Train every governor"


def test_an_edit_over_someone_elses_save_is_a_conflict_not_a_silent_overwrite(admin_client, draft_action):
    url = reverse("actionplans:action_edit", args=[draft_action.pk])
    Action.objects.filter(pk=draft_action.pk).update(version=5, description="Someone else's wording")
    response = admin_client.post(url, _action_form(draft_action, description="Mine"))
    assert response.status_code == 200
    assert "Someone else saved this record" in _page(response)
    # The form keeps "Mine" and shows, side by side, what the other editor saved.
    assert "What the other person saved" in _page(response)
    assert "Someone else&#x27;s wording" in _page(response)
    assert Action.objects.get(pk=draft_action.pk).description == "Someone else's wording"


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [
        ("on_track", 101, "Percent complete must be between 0 and 100."),
        ("on_track", -5, "Percent complete must be between 0 and 100."),
        ("complete", 80, "An action can only be complete when it is 100% done."),
    ],
)
def test_bad_progress_updates_are_refused_and_nothing_changes(partner_client, own_action, status, percent, message):
    response = partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]),
        {"date": timezone.localdate().isoformat(), "narrative": "Done", "status": status, "percent_complete": percent},
    )
    assert response.status_code == 200
    assert message in _page(response)
    assert "There is a problem" in _page(response)
    own_action.refresh_from_db()
    assert (own_action.status, own_action.percent_complete) == ("on_track", 40)
    assert not own_action.updates.exists()


def test_completing_an_action_at_100_percent_is_accepted(partner_client, own_action):
    partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "narrative": "All done",
            "status": "complete",
            "percent_complete": 100,
        },
    )
    own_action.refresh_from_db()
    assert own_action.status == "complete"


def test_editing_an_approved_plan_in_place_is_refused_with_a_clear_message(admin_client, own_action):
    plan = own_action.priority.plan
    for url, data in [
        (reverse("actionplans:plan_edit", args=[plan.pk]), {"title": "Changed", "year_label": plan.year_label}),
        (reverse("actionplans:action_edit", args=[own_action.pk]), _action_form(own_action, description="Changed")),
        (reverse("actionplans:priority_create", args=[plan.pk]), {"title": "Changed", "number": 9}),
        (reverse("actionplans:priority_edit", args=[own_action.priority_id]), {"title": "Changed"}),
        (reverse("actionplans:action_create", args=[own_action.priority_id]), {"description": "Changed"}),
    ]:
        response = admin_client.post(url, data, follow=True)
        assert "This plan has been approved, so it cannot be changed in place." in _page(response), url
    assert ActionPlan.objects.get(pk=plan.pk).title == plan.title
    assert Action.objects.get(pk=own_action.pk).description == own_action.description
    assert Priority.objects.count() == 1
    assert not Priority.objects.filter(title="Changed").exists()


def test_reopening_an_approved_plan_needs_a_reason_and_is_kept_in_its_history(admin_client, own_action):
    plan = own_action.priority.plan
    url = reverse("actionplans:plan_reopen", args=[plan.pk])
    response = admin_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert ActionPlan.objects.get(pk=plan.pk).status == "approved"
    admin_client.post(url, {"reason": "The CTLP refresh added a recommendation"})
    plan.refresh_from_db()
    assert plan.status == "draft"
    response = admin_client.post(
        reverse("actionplans:action_edit", args=[own_action.pk]),
        _action_form(own_action, description="Changed after reopening"),
    )
    assert response.status_code == 302
    history = admin_client.get(reverse("actionplans:plan_history", args=[plan.pk])).content.decode()
    assert "<strong>Reopened reason</strong>: from (empty) to The CTLP refresh added a recommendation" in history
    assert "to Changed after reopening" in history


def test_an_admin_builds_and_approves_a_plan(admin_client, admin_user):
    admin_client.post(
        reverse("actionplans:plan_create"),
        {"year_label": "2032/33", "title": "Plan", "start_date": "2032-04-01", "end_date": "2033-03-31", "version": 1},
    )
    plan = ActionPlan.objects.get(year_label="2032/33")
    assert plan.status == "draft"
    meeting = meeting_factories.MeetingFactory(past=True)
    response = admin_client.post(reverse("actionplans:plan_approve", args=[plan.pk]), {"meeting": meeting.pk})
    assert "Add at least one priority before approving the plan." in _page(response)
    admin_client.post(
        reverse("actionplans:priority_create", args=[plan.pk]),
        {
            "number": 1,
            "title": "Online harms",
            "source": "ctlp",
            "ctlp_reference": "",
            "toolkit_area": "training",
            "version": 1,
        },
    )
    assert not plan.priorities.exists()
    admin_client.post(
        reverse("actionplans:priority_create", args=[plan.pk]),
        {
            "number": 1,
            "title": "Online harms",
            "source": "ctlp",
            "ctlp_reference": "R1",
            "toolkit_area": "training",
            "version": 1,
        },
    )
    priority = plan.priorities.get()
    response = admin_client.post(
        reverse("actionplans:action_create", args=[priority.pk]),
        {
            "reference": "1.1",
            "description": "Train staff",
            "lead_organisation": admin_user.organisation.pk,
            "start_date": "2032-04-01",
            "due_date": "2032-09-30",
            "status": "not_started",
            "percent_complete": 0,
            "weight": 1,
            "marking": "official",
            "version": 1,
        },
    )
    assert response.status_code == 302
    admin_client.post(reverse("actionplans:plan_approve", args=[plan.pk]), {"meeting": meeting.pk})
    plan.refresh_from_db()
    assert (plan.status, plan.approved_at_meeting, plan.approved_on) == (
        "approved",
        meeting,
        timezone.localtime(meeting.starts_at).date(),
    )


def _approvable_plan():
    plan = PlanFactory(year_label="2033/34", status=ActionPlan.Status.DRAFT)
    PriorityFactory(plan=plan)
    return plan


def test_a_plan_cannot_be_approved_at_a_meeting_that_has_not_happened(admin_client):
    plan = _approvable_plan()
    future = meeting_factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=600))
    page = admin_client.get(reverse("actionplans:plan_approve", args=[plan.pk])).content.decode()
    assert future.title not in page
    response = admin_client.post(reverse("actionplans:plan_approve", args=[plan.pk]), {"meeting": future.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in _page(response)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_at_meeting) == ("draft", None)


def test_a_plan_cannot_be_approved_at_a_sub_groups_meeting(admin_client):
    plan = _approvable_plan()
    meeting_factories.MeetingFactory(past=True)  # the board exists and has met
    sub_group_meeting = meeting_factories.MeetingFactory(
        past=True, group=meeting_factories.GroupFactory(name="Education sub-group")
    )
    page = admin_client.get(reverse("actionplans:plan_approve", args=[plan.pk])).content.decode()
    assert sub_group_meeting.title not in page
    admin_client.post(reverse("actionplans:plan_approve", args=[plan.pk]), {"meeting": sub_group_meeting.pk})
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_the_service_refuses_a_meeting_not_yet_held_or_of_another_group(db):
    from actionplans import services

    plan = _approvable_plan()
    not_held = meeting_factories.MeetingFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3), status="agenda_published"
    )
    with pytest.raises(ValidationError, match="has been held"):
        services.plan_approve(plan=plan, meeting=not_held)
    other = meeting_factories.MeetingFactory(past=True, group=meeting_factories.GroupFactory(name="Health sub-group"))
    with pytest.raises(ValidationError, match="Prevent Partnership Board, which owns it"):
        services.plan_approve(plan=plan, meeting=other)
    with pytest.raises(ValidationError, match="Select the meeting"):
        services.plan_approve(plan=plan, meeting=None)
    held = meeting_factories.MeetingFactory(past=True)
    services.plan_approve(plan=plan, meeting=held)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_at_meeting) == ("approved", held)


def test_roll_over_copies_only_unfinished_actions_linked_to_their_origin(admin_client, plan):
    priority = PriorityFactory(plan=plan)
    unfinished = ActionFactory(priority=priority, status="at_risk", percent_complete=30)
    ActionFactory(priority=priority, status="complete", percent_complete=100)
    ActionFactory(priority=priority, status="cancelled", percent_complete=0)
    admin_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk]))
    admin_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk]))  # a second press copies nothing more
    next_plan = ActionPlan.objects.exclude(pk=plan.pk).get()
    assert next_plan.status == "draft"
    assert int(next_plan.year_label[:4]) == int(plan.year_label[:4]) + 1
    copy = Action.objects.get(priority__plan=next_plan)
    assert copy.origin == unfinished
    assert copy.description == unfinished.description


def test_roll_over_into_a_draft_that_already_has_actions_keeps_them_and_numbers_the_copy_apart(admin_client, plan):
    unfinished = ActionFactory(priority=PriorityFactory(plan=plan, number=3), reference="3.1", status="on_track")
    start = plan.end_date + datetime.timedelta(days=1)
    draft = PlanFactory(
        year_label=f"{start.year}/{(start.year + 1) % 100:02d}",
        start_date=start,
        end_date=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
        status=ActionPlan.Status.DRAFT,
    )
    # An improvement action from a Prevent assurance gap, added to the draft before the year's end.
    own = ActionFactory(priority=PriorityFactory(plan=draft, number=3), reference="3.1", status="not_started")
    admin_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk]))
    admin_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk]))
    copy = Action.objects.get(priority__plan=draft, origin=unfinished)
    assert copy.priority == own.priority
    assert copy.reference != "3.1"
    references = Action.objects.filter(priority__plan=draft).values_list("reference", flat=True)
    assert set(references) == {"3.1", copy.reference}


def test_archived_plans_take_no_more_updates(partner_client, own_action):
    ActionPlan.objects.filter(pk=own_action.priority.plan_id).update(status="archived")
    response = partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]),
        {"date": timezone.localdate().isoformat(), "narrative": "x", "status": "on_track", "percent_complete": 50},
    )
    assert "This plan is archived" in _page(response)
    assert not own_action.updates.exists()


def test_the_timeline_shows_updates_newest_first(partner_client, own_action):
    UpdateFactory(action=own_action, date=datetime.date(2026, 5, 1), narrative="First quarter")
    UpdateFactory(action=own_action, date=datetime.date(2026, 8, 1), narrative="Second quarter")
    page = _page(partner_client.get(reverse("actionplans:action", args=[own_action.pk])))
    assert page.index("Second quarter") < page.index("First quarter")


def test_rolled_over_actions_keep_their_point_in_the_year_rather_than_all_falling_due_on_the_first_day(
    admin_client, plan
):
    priority = PriorityFactory(plan=plan)
    overdue = ActionFactory(
        priority=priority, status="at_risk", due_date=plan.start_date + datetime.timedelta(days=200)
    )
    later = ActionFactory(priority=priority, status="on_track", due_date=plan.end_date + datetime.timedelta(days=60))
    admin_client.post(reverse("actionplans:plan_roll_over", args=[plan.pk]))
    next_plan = ActionPlan.objects.exclude(pk=plan.pk).get()
    copies = {a.origin_id: a.due_date for a in Action.objects.filter(priority__plan=next_plan)}
    assert copies[overdue.pk] == overdue.due_date.replace(year=overdue.due_date.year + 1)
    assert copies[later.pk] == later.due_date
    assert len(set(copies.values())) == 2


def test_editing_an_action_to_complete_below_100_percent_is_explained_not_an_error(admin_client, draft_action):
    url = reverse("actionplans:action_edit", args=[draft_action.pk])
    response = admin_client.post(url, _action_form(draft_action, status="complete", percent_complete=60))
    assert response.status_code == 200
    assert "An action can only be complete when it is 100% done" in _page(response)
    draft_action.refresh_from_db()
    assert draft_action.status == Action.Status.ON_TRACK


def test_adding_an_action_as_complete_below_100_percent_is_explained_not_an_error(admin_client, draft_action):
    url = reverse("actionplans:action_create", args=[draft_action.priority_id])
    data = _action_form(draft_action, reference="1.99", status="complete", percent_complete=60, version=1)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "An action can only be complete when it is 100% done" in _page(response)
    assert not Action.objects.filter(reference="1.99").exists()
