"""In Chromium with the demo data, as a new user would: an admin makes a new version of the agreed register, adds and
scores a risk (refused once: residual above inherent with no reason), links it to an action and sees it on the heat
map, agrees the version at a meeting, publishes the public summary, and turns the assurance letter's unmet criterion
into a plan action. Every page passes axe-core; JavaScript is not needed for any of it."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from risks.models import Recommendation, Risk, RiskAssessment
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _checked(page):
    assert accessibility_violations(page) == [], page.url


def test_an_admin_scores_a_risk_links_it_agrees_the_register_and_answers_the_letter(page, live_server, demo_data):
    agreed = RiskAssessment.objects.get(status="agreed")
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("risks:assessment", args=[agreed.pk]))
    _checked(page)
    if os.environ.get("SCREENSHOTS"):
        page.set_viewport_size({"width": 1200, "height": 900})
        page.locator("#heat-map").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "risks-register.png"), full_page=True)
    page.get_by_role("button", name="Make a new version to change it").click()
    assert "Version 2 started as a draft" in page.content()
    _checked(page)

    page.get_by_role("link", name="Add a risk").click()
    _checked(page)
    page.get_by_label("Title").fill("Hateful graffiti near the mosque")
    page.get_by_label("Theme").select_option(label="Extreme right-wing")
    page.get_by_label("Local data").check()
    page.get_by_label("Owner organisation").select_option(label="Northshire Police")
    page.get_by_label("Likelihood before controls").fill("2")
    page.get_by_label("Impact before controls").fill("3")
    page.get_by_label("Likelihood after controls").fill("4")
    page.get_by_label("Impact after controls").fill("3")
    action = Action.objects.get(priority__plan__start_date=agreed.period_start, reference="5.2")
    page.get_by_label(f"{action.reference} {action.description[:90]}").check()
    page.locator("#id_review_date").fill("2031-01-15")
    page.get_by_role("button", name="Save").click()
    assert "say why the risk is higher" in page.locator(".govuk-error-summary").inner_text()
    _checked(page)
    page.get_by_label("Why the residual risk is higher").fill("A new group has been active since the profile.")
    page.get_by_role("button", name="Save").click()
    risk = Risk.objects.get(title="Hateful graffiti near the mosque")
    assert f"Risk {risk.reference} added." in page.content()
    assert f"{action.reference}\t" in page.locator("main table").first.inner_text()
    assert page.locator("svg[aria-labelledby^='heat-risk']").count() == 1
    _checked(page)

    page.get_by_role("link", name=str(risk.assessment)).click()
    page.get_by_label("Theme").select_option(label="Extreme right-wing")
    page.get_by_role("button", name="Filter").click()
    assert "Hateful graffiti" in page.locator("#register").locator("xpath=following-sibling::table[1]").inner_text()
    page.get_by_role("link", name="Record it as agreed at a meeting").click()
    _checked(page)
    page.get_by_label("Meeting that agreed it").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    assert "is agreed" in page.content()
    agreed.refresh_from_db()
    assert agreed.status == "superseded"
    page.get_by_role("link", name="Publish a public summary").click()
    page.get_by_label("Public summary", exact=True).fill("The partnership reviewed local risk with the police.")
    page.get_by_label("Publish the summary on the public site").check()
    page.get_by_role("button", name="Save").click()
    _checked(page)

    unmet = Recommendation.objects.get(rating="not_met")
    page.goto(live_server.url + reverse("risks:recommendations"))
    _checked(page)
    page.goto(live_server.url + reverse("risks:recommendation", args=[unmet.pk]))
    assert "needs a plan action" in page.content()
    page.get_by_role("link", name="Make a plan action for it").click()
    _checked(page)
    draft = ActionPlan.objects.get(status="draft")
    priority = draft.priorities.order_by("number").first()
    page.get_by_label("Priority").select_option(label=f"{draft.year_label}: {priority}")
    page.get_by_label("Lead organisation").select_option(label="Northport City Council")
    page.locator("#id_start_date").fill(draft.start_date.isoformat())
    page.locator("#id_due_date").fill(draft.end_date.isoformat())
    page.get_by_role("button", name="Save").click()
    assert "added to the plan" in page.content()
    assert unmet.actions.get().priority == priority
    _checked(page)

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("risks:public_summary"))
    text = page.locator("main").inner_text()
    assert "reviewed local risk with the police" in text and "Hateful graffiti" not in text
    _checked(page)
