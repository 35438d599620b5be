"""The RAG and percent an action shows: worked out from results, milestones and sub-actions, overridden with a reason,
rolled up by weight; stale actions flagged; statuses' usual percents."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors as plan_selectors
from actionplans import services as plan_services
from actionplans.models import Action
from measures import services
from measures.standing import ENTERED, OVERRIDDEN, WORKED_OUT, Child, work_out
from tests.actionplans.factories import ActionFactory, PriorityFactory, UpdateFactory

from .factories import MeasureFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


# The rule on its own ------------------------------------------------------------------------------------------------


def test_with_nothing_to_go_on_what_people_entered_stands():
    assert work_out(entered_status="at_risk", entered_percent=30) == ("at_risk", 30, ENTERED, ())


def test_the_worst_latest_result_decides():
    standing = work_out(entered_status="on_track", entered_percent=30, measure_rags=["on_track", "off_track"])
    assert (standing.status, standing.how) == ("off_track", WORKED_OUT)


def test_a_missed_milestone_makes_a_green_action_amber_but_not_a_red_one_green():
    assert work_out(entered_status="on_track", entered_percent=10, milestones_missed=1).status == "at_risk"
    assert work_out(entered_status="on_track", entered_percent=10, measure_rags=["off_track"], milestones_missed=2)[
        0
    ] == ("off_track")


def test_sub_actions_roll_up_by_weight():
    # (3 x green 0 + 1 x red 2) / 4 = 0.5: amber; percent (3 x 80 + 1 x 20) / 4 = 65
    children = [Child("on_track", 80, 3), Child("off_track", 20, 1), Child("cancelled", 0, 5)]
    standing = work_out(entered_status="on_track", entered_percent=0, children=children)
    assert (standing.status, standing.percent) == ("at_risk", 65)


def test_an_override_wins_and_complete_or_cancelled_actions_keep_what_was_entered():
    assert work_out(entered_status="on_track", entered_percent=5, measure_rags=["off_track"], override="on_track")[
        :3
    ] == ("on_track", 5, OVERRIDDEN)
    assert work_out(entered_status="complete", entered_percent=100, measure_rags=["off_track"]).status == "complete"


# In the app ----------------------------------------------------------------------------------------------------------


def _result(action, value, by, *, days_ago=10):
    measure = action.measures.first() or MeasureFactory(action=action)
    end = TODAY - datetime.timedelta(days=days_ago)
    return services.measurement_record(
        measure=measure, by=by, period_start=end - datetime.timedelta(days=30), period_end=end, value=Decimal(value),
        source="Training records",
    )  # fmt: skip


def test_recording_a_result_below_the_red_threshold_turns_the_action_red(own_action, partner_client, partner_user):
    MeasureFactory(action=own_action)  # amber under 60, red under 40
    _result(own_action, 35, partner_user)
    own_action.refresh_from_db()
    assert own_action.status == "off_track"
    page = partner_client.get(reverse("actionplans:action", args=[own_action.pk])).content.decode()
    assert "Worked out from latest results: red." in page
    plan_page = partner_client.get(reverse("actionplans:plan", args=[own_action.priority.plan_id])).content.decode()
    assert "Red: off track" in plan_page


def test_a_later_result_on_target_turns_it_green_again(own_action, partner_user):
    MeasureFactory(action=own_action)
    _result(own_action, 35, partner_user, days_ago=40)
    _result(own_action, 75, partner_user, days_ago=5)
    own_action.refresh_from_db()
    assert own_action.status == "on_track"


def test_lower_is_better_reads_the_thresholds_the_other_way(own_action, partner_user):
    MeasureFactory(action=own_action, direction="lower", baseline=45, target=28, amber_at=35, red_at=42)
    _result(own_action, 38, partner_user)
    own_action.refresh_from_db()
    assert own_action.status == "at_risk"


def test_an_admins_override_shows_with_its_reason_and_taking_it_off_goes_back(own_action, partner_user, admin_user,
                                                                              partner_client):  # fmt: skip
    MeasureFactory(action=own_action)
    _result(own_action, 35, partner_user)
    services.rag_override(action=own_action, by=admin_user, status="at_risk", reason="The new lead starts Monday")
    own_action.refresh_from_db()
    assert own_action.status == "at_risk"
    page = partner_client.get(reverse("actionplans:action", args=[own_action.pk])).content.decode()
    assert "Set by an admin" in page and "The new lead starts Monday" in page
    assert "The app would say" in page and "latest results: red" in page
    services.rag_override(action=own_action, by=admin_user, status="", reason="")
    own_action.refresh_from_db()
    assert own_action.status == "off_track"


def test_an_overdue_milestone_turns_the_action_amber_the_day_after_it_falls_due(own_action, admin_user):
    services.tracking_for(own_action)
    MilestoneFactory(action=own_action, due_date=TODAY)
    services.standing_refresh(own_action.pk, today=TODAY)
    own_action.refresh_from_db()
    assert own_action.status == "on_track"  # due today: not missed yet
    services.standing_refresh_all(today=TODAY + datetime.timedelta(days=1))
    own_action.refresh_from_db()
    assert own_action.status == "at_risk"


def test_marking_the_milestone_done_takes_the_amber_away(own_action, partner_user):
    milestone = MilestoneFactory(action=own_action, due_date=TODAY - datetime.timedelta(days=3))
    services.tracking_for(own_action)
    services.standing_refresh(own_action.pk)
    own_action.refresh_from_db()
    assert own_action.status == "at_risk"
    services.milestone_mark(milestone=milestone, by=partner_user, done_on=TODAY)
    own_action.refresh_from_db()
    assert own_action.status == "on_track"


def test_a_progress_update_on_a_measured_action_is_kept_but_the_results_decide(own_action, partner_user):
    MeasureFactory(action=own_action)
    _result(own_action, 35, partner_user)
    plan_services.action_post_update(
        action=own_action, by=partner_user, narrative="All fine", status="on_track", percent_complete=50
    )
    own_action.refresh_from_db()
    assert (own_action.status, own_action.percent_complete) == ("off_track", 50)
    assert own_action.tracking.entered_status == "on_track"
    assert own_action.updates.get().status == "on_track"


def test_percent_and_rag_roll_up_to_the_parent_by_weight(draft_action):
    draft_action.status, draft_action.percent_complete = "on_track", 0
    draft_action.save()
    heavy = ActionFactory(priority=draft_action.priority, status="on_track", percent_complete=80, weight=3)
    light = ActionFactory(priority=draft_action.priority, status="off_track", percent_complete=20, weight=1)
    for child in (heavy, light):
        services.tracking_save(action=child, parent=draft_action, reporting_period=3)
    draft_action.refresh_from_db()
    assert (draft_action.status, draft_action.percent_complete) == ("at_risk", 65)
    # A child's progress update rolls up at once.
    light.status, light.percent_complete = "on_track", 100
    plan_services.action_save(action=light, expected_version=light.version)
    draft_action.refresh_from_db()
    assert (draft_action.status, draft_action.percent_complete) == ("on_track", 85)


def test_the_dashboard_weighs_a_parent_once_not_again_through_its_sub_actions(draft, admin_client):
    priority = PriorityFactory(plan=draft)
    parent = ActionFactory(priority=priority, status="on_track", percent_complete=0, weight=1)
    child = ActionFactory(priority=priority, status="on_track", percent_complete=100, weight=9)
    services.tracking_save(action=child, parent=parent, reporting_period=3)
    parent.refresh_from_db()
    assert parent.percent_complete == 100
    data = plan_selectors.plan_dashboard(draft)
    assert data["total"] == 2  # both are actions
    assert data["progress"] == 100  # the parent (weight 1, 100%) alone: the child is counted through it
    assert data["per_priority"][0]["rag"]["rag"] == "Green"


def test_the_dashboard_rolls_the_rag_up_by_weight(plan, partner_client):
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, status="on_track", weight=1)
    ActionFactory(priority=priority, status="off_track", weight=3)
    ActionFactory(priority=priority, status="complete", percent_complete=100, weight=10)
    page = partner_client.get(reverse("actionplans:dashboard", args=[plan.pk])).content.decode()
    # (1 x 0 + 3 x 2) / 4 = 1.5: red; complete actions do not count towards the RAG
    table = page.split("Actions by status")[1].split("</table>")[0]
    rag_by_weight = re.findall(
        r'<td class="govuk-table__cell"><strong class="app-rag app-rag--(\w+)">(\w+)</strong>', table
    )
    assert rag_by_weight == [("red", "Red"), ("red", "Red")]  # the priority's and the plan's


def test_a_stale_action_is_flagged_on_the_dashboard_and_the_progress_page(plan, partner_client, admin_client):
    from tests.actionplans.factories import MeetingFactory

    priority = PriorityFactory(plan=plan)
    start = min(plan.start_date, TODAY - datetime.timedelta(days=200))
    quiet = ActionFactory(priority=priority, start_date=start, description="Quiet action", status="on_track")
    UpdateFactory(action=quiet, date=TODAY - datetime.timedelta(days=120))
    busy = ActionFactory(priority=priority, start_date=start, description="Busy action", status="on_track")
    UpdateFactory(action=busy, date=TODAY - datetime.timedelta(days=20))
    monthly = ActionFactory(priority=priority, start_date=start, description="Monthly action", status="on_track")
    UpdateFactory(action=monthly, date=TODAY - datetime.timedelta(days=45))
    services.tracking_for(monthly)
    monthly.tracking.reporting_period = 1
    monthly.tracking.save()
    dashboard = partner_client.get(reverse("actionplans:dashboard", args=[plan.pk])).content.decode()
    stale = dashboard.split('id="exceptions"')[1].split("Milestones missed")[0]
    assert "Quiet action" in stale and "Monthly action" in stale and "Busy action" not in stale
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    progress = partner_client.get(reverse("actionplans:progress_for_meeting", args=[meeting.pk])).content.decode()
    assert "Quiet action" in progress.split('id="stale"')[1]


def test_a_status_with_a_usual_percent_fills_an_empty_percent_in_a_progress_update(own_action, partner_client):
    services.status_percents_save(percents={"on_track": 50}, expected=services.status_percents())
    response = partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]),
        {"date": TODAY.isoformat(), "narrative": "Half way", "status": "on_track", "percent_complete": ""},
    )
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.percent_complete == 50


def test_a_status_without_a_usual_percent_needs_one(own_action, partner_client):
    response = partner_client.post(
        reverse("actionplans:action_update", args=[own_action.pk]),
        {"date": TODAY.isoformat(), "narrative": "Half way", "status": "at_risk", "percent_complete": ""},
    )
    assert response.status_code == 200
    assert "Enter percent complete" in response.content.decode()
    assert not own_action.updates.exists()


def test_the_usual_percents_start_as_decidims_and_complete_stays_100(admin_client):
    assert services.status_percents() == {"not_started": 0, "complete": 100}
    response = admin_client.post(
        reverse("measures:status_percents_edit"),
        {"complete": "90", "not_started": "0", "seen": "complete:100,not_started:0"},
    )
    assert "Complete is always 100%" in response.content.decode()
    assert services.status_percents() == {"not_started": 0, "complete": 100}


def test_two_admins_changing_the_usual_percents_at_once_do_not_overwrite_each_other(admin_client):
    services.status_percents_save(percents={"on_track": 40}, expected=services.status_percents())
    response = admin_client.post(
        reverse("measures:status_percents_edit"),
        {"on_track": "60", "complete": "100", "not_started": "0", "seen": "complete:100,not_started:0"},
    )
    assert "Someone else changed these percents" in response.content.decode()
    assert services.status_percents()["on_track"] == 40


def test_actions_in_force_keep_their_status_when_nothing_is_tracked(plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan), status="at_risk")
    assert services.standing_refresh(action.pk) is None
    assert Action.objects.get(pk=action.pk).status == "at_risk"
