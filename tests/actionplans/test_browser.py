"""In Chromium with the demo data: a partner updates their organisation's action; key pages pass axe-core."""

import pytest

from actionplans.models import Action
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"


def test_a_partner_posts_an_update_on_their_organisations_action(page, live_server, demo_data):
    action = Action.objects.get(description="Reach 90% completion of Prevent e-learning for college staff")
    sign_in(page, live_server, "partner@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Action plan", exact=True).click()
    page.get_by_role("link", name="My organisation\N{RIGHT SINGLE QUOTATION MARK}s actions").click()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name=f"Update action {action.reference}").click()
    page.get_by_label("Progress since the last update").fill("Completion is now at 85% after a staff briefing day.")
    page.get_by_label("Percent complete").fill("120")
    page.get_by_role("button", name="Save update").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Percent complete must be between 0 and 100." in page.content()
    assert accessibility_violations(page) == []
    page.get_by_label("Percent complete").fill("85")
    page.get_by_label("Status").select_option("on_track")
    page.get_by_role("button", name="Save update").click()
    assert "Completion is now at 85%" in page.locator("main").inner_text()
    assert accessibility_violations(page) == []
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == ("on_track", 85)


@pytest.mark.parametrize("which", ["plan", "dashboard"])
def test_the_plan_and_dashboard_are_accessible(page, live_server, demo_data, which):
    action = Action.objects.get(description="Reach 90% completion of Prevent e-learning for college staff")
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    suffix = "dashboard/" if which == "dashboard" else ""
    page.goto(f"{live_server.url}/action-plans/{action.priority.plan_id}/{suffix}")
    assert page.locator("h1").is_visible()
    assert accessibility_violations(page) == []


def test_admin_pages_for_returns_history_and_board_reports_are_accessible(page, live_server, demo_data):
    from actionplans.models import ActionPlan
    from returnrequests.models import ReturnRequest

    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    plan = ActionPlan.objects.order_by("-start_date").first()
    meeting_id = ReturnRequest.objects.filter(kind="plan_progress").values_list("round_id", flat=True).first()
    paths = ["/action-plans/", "/action-plans/returns/", f"/action-plans/{plan.pk}/history/",
             "/action-plans/board-reports/new/", "/returns/"]  # fmt: skip
    if meeting_id:
        paths.append(f"/action-plans/meetings/{meeting_id}/progress/")
    for path in paths:
        page.goto(live_server.url + path)
        assert accessibility_violations(page) == [], path
    page.goto(live_server.url + "/action-plans/board-reports/new/")
    page.get_by_label("Or another board's name").fill("Health and Wellbeing Board")
    page.get_by_role("button", name="Save").click()
    assert "Draft report created" in page.content()
    assert accessibility_violations(page) == []
