"""In Chromium: an admin finds the coverage gap, a partner edits their own details, and the new pages pass axe."""

import pytest

from members.models import JoinRequest, Organisation, Person
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"


def _check(page, url):
    page.goto(url)
    assert page.locator("h1").count() == 1, url
    violations = accessibility_violations(page)
    assert violations == [], f"{url}: {violations}"


def test_an_admin_finds_the_coverage_gap_and_every_admin_page_is_accessible(page, live_server, demo_data):
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    panel = page.locator(".app-panel", has_text="Statutory coverage")
    assert "Ferndale Special School" in panel.inner_text()
    assert "were due for review" in page.locator(".app-panel", has_text="Terms of Reference").inner_text()

    page.get_by_role("link", name="Coverage", exact=True).click()
    gap = page.get_by_role("row", name="Ferndale Special School")
    assert "No current representative since" in gap.inner_text()
    assert gap.locator(".govuk-tag--red").inner_text() == "Gap"
    assert accessibility_violations(page) == []

    person = Person.objects.get(email="partner@example.org")
    organisation = Organisation.objects.get(name="Northport College")
    application = JoinRequest.objects.get()
    base = live_server.url + "/members/"
    for path in [
        "people/",
        "people/?q=college&status=active",
        f"people/{person.pk}/",
        f"people/{person.pk}/edit/",
        f"people/{person.pk}/end/",
        "people/new/",
        "people/import/",
        "organisations/",
        f"organisations/{organisation.pk}/",
        f"organisations/{organisation.pk}/edit/",
        f"organisations/{organisation.pk}/leave/",
        "organisations/new/",
        "organisations/import/",
        "linked-bodies/",
        "linked-bodies/new/",
        "terms-of-reference/",
        "terms-of-reference/new/",
        "applications/",
        f"applications/{application.pk}/",
    ]:
        _check(page, base + path)


def test_form_errors_and_the_import_report_are_accessible(page, live_server, demo_data, tmp_path):
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + "/members/people/new/")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert accessibility_violations(page) == []

    bad = tmp_path / "people.csv"
    bad.write_text("name,email,organisation\nNo Org,noorg@example.org,Nowhere School\n")
    page.goto(live_server.url + "/members/people/import/")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    assert "Unknown organisation 'Nowhere School'" in page.get_by_role("row", name="2").inner_text()
    assert accessibility_violations(page) == []


def test_a_partner_edits_their_own_details_and_reads_the_directory(page, live_server, demo_data):
    sign_in(page, live_server, "partner@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="My details").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Work phone number").fill("01632 960555")
    page.get_by_label("Job title").fill("Head of Student Safeguarding")
    page.get_by_role("button", name="Save").click()
    assert "Your details are saved." in page.locator(".govuk-notification-banner").inner_text()
    person = Person.objects.get(email="partner@example.org")
    assert person.phone == "01632 960555"
    assert person.job_title == "Head of Student Safeguarding"

    page.get_by_role("link", name="Member directory").click()
    assert page.get_by_role("cell", name="sam.patel@example.org").is_visible()
    assert "morag.stewart@example.org" not in page.content()  # a former member
    assert accessibility_violations(page) == []


def test_the_public_pages_and_the_join_form_with_errors_are_accessible(page, live_server, demo_data):
    for path in [
        "/members/member-organisations/",
        "/members/terms-of-reference/",
        "/members/terms-of-reference/version-1/",
    ]:
        _check(page, live_server.url + path)
    page.goto(live_server.url + "/members/join/")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Send application").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert accessibility_violations(page) == []
    page.get_by_label("Full name").fill("Amina Test")
    page.get_by_label("Email address").fill("amina.test@example.org")
    page.get_by_label("As an individual").check()
    page.get_by_label("Why you want to join").fill("To take part.")
    page.get_by_label("I agree that the council may store these details").check()
    page.get_by_role("button", name="Send application").click()
    assert "Application sent" in page.locator("h1").inner_text()
    assert accessibility_violations(page) == []
    assert JoinRequest.objects.filter(email="amina.test@example.org").exists()
