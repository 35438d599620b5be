"""In Chromium with the demo data: rate a criterion, link evidence, turn a gap into an action, sign off twice."""

import pytest

from actionplans.models import Action
from assurance import services
from assurance.models import AssessmentCycle
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"


def _accessible(page):
    assert accessibility_violations(page) == [], page.url


def test_an_admin_rates_links_evidence_turns_a_gap_into_an_action_and_two_admins_sign_off(page, live_server, demo_data):
    cycle = AssessmentCycle.objects.get(status="draft")
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Prevent assurance", exact=True).click()  # the menu, not the home panel's cycle
    _accessible(page)
    page.get_by_role("link", name=str(cycle)).click()
    assert "Ratings by toolkit area" in page.content()
    _accessible(page)

    # Rate a criterion: refused without a narrative, then saved.
    page.get_by_role("link", name="A Channel panel meets as required", exact=False).click()
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "a rating needs a narrative" in page.content()
    _accessible(page)
    page.get_by_label("Current position").fill("The panel met monthly with police, health and children's services.")
    page.get_by_role("button", name="Save").click()
    assert "Criterion 5.1 saved." in page.content()

    # Link evidence found by searching the app's records.
    page.get_by_role("link", name="A Channel panel meets as required", exact=False).click()
    page.get_by_role("link", name="Link a record from the app").click()
    page.get_by_label("Search meetings").fill("Channel")
    page.get_by_role("button", name="Search").click()
    _accessible(page)
    page.get_by_role("button", name="Link").first.click()
    assert "Evidence linked." in page.content()
    _accessible(page)

    # A gap becomes an improvement action in the draft plan: the demo has next year's, no rolling over first.
    page.goto(f"{live_server.url}/prevent-assurance/{cycle.pk}/gaps/")
    _accessible(page)
    page.get_by_role("button", name="Create an improvement action for criterion 6.2").click()
    assert "Improvement action created" in page.content()
    assert Action.objects.filter(priority__plan__status="draft", assurance_assessments__cycle=cycle).exists()

    # Rate the rest (as the admin would, criterion by criterion), submit, and sign off twice.
    for assessment in cycle.assessments.filter(rating=""):
        services.assessment_save(assessment=assessment, rating="met", narrative="In place.", confidence="medium")
    page.goto(f"{live_server.url}/prevent-assurance/{cycle.pk}/")
    page.get_by_role("button", name="Submit for sign-off").click()
    page.get_by_role("link", name="Sign off").click()
    _accessible(page)
    page.get_by_label("Your role").fill("Senior council lead for Prevent")
    page.get_by_label("I have read the assessment").check()
    page.get_by_role("button", name="Sign off").click()
    assert "One more admin to go." in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "helen.carter@example.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/prevent-assurance/{cycle.pk}/sign-off/")
    page.get_by_label("Your role").fill("Chair of the Prevent Partnership")
    page.get_by_label("I have read the assessment").check()
    page.get_by_role("button", name="Sign off").click()
    assert "the assessment is now locked" in page.content()
    _accessible(page)
    cycle.refresh_from_db()
    assert cycle.status == "signed_off" and cycle.sign_offs.count() == 2

    page.get_by_role("link", name="Read the full return").click()
    _accessible(page)
