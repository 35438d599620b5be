"""In Chromium with the demo data, as a new user would: a partner confirms their register and is prompted on an
agenda; an admin records a declaration with a withdrawal and sees it in the minutes; the public finds a decision across
meetings; an admin puts a motion between meetings that two partners vote on by their emailed links and the next
meeting ratifies. Every page passes axe-core. With SCREENSHOTS=1 the register's pages are saved for the docs."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from governance.models import Declaration, InterestConfirmation, Motion
from meetings.models import Meeting
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _checked(page, shot=None):
    assert accessibility_violations(page) == [], page.url
    if shot and os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def test_a_partner_confirms_their_register_and_an_admin_records_a_declaration(page, live_server, demo_data):
    sign_in(page, live_server, "partner@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("governance:my_interests"))
    _checked(page)
    page.get_by_role("button", name=re.compile("Confirm my register")).click()
    assert "your register of interests is confirmed" in page.content()
    assert InterestConfirmation.objects.filter(person__email="partner@example.org").exists()
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Gift or hospitality above the threshold").check()
    page.get_by_label("Organisation or body").fill("Northport Rugby Club")
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Save").click()
    assert "on or after the date it started" in page.locator(".govuk-error-summary").inner_text()
    _checked(page)
    upcoming = Motion.objects.get().ratify_at
    page.goto(live_server.url + reverse("meetings:detail", args=[upcoming.pk]))
    assert "You may need to declare an interest" in page.content()
    _checked(page)

    page.context.clear_cookies()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    latest = Meeting.objects.filter(status="held", group__is_main_board=True).order_by("-starts_at").first()
    page.goto(live_server.url + reverse("meetings:detail", args=[latest.pk]))
    page.get_by_role("link", name="Record declarations of interest").click()
    _checked(page)
    item = latest.items.get(title="Declarations of interest")
    page.get_by_label("Agenda item").select_option(str(item.pk))
    page.get_by_label("Who declared").select_option(label="Priya Raman")
    page.get_by_label("Interest declared").fill("Governor of Northport Academy")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Record the declaration").click()
    assert "Declaration by Priya Raman recorded" in page.content()
    assert Declaration.objects.filter(text="Governor of Northport Academy", withdrew=True).exists()
    _checked(page, "governance-declarations")
    page.goto(live_server.url + reverse("meetings:minutes", args=[latest.pk]))
    assert "Priya Raman (Governor of Northport Academy), withdrew from the item" in page.locator("main").inner_text()
    _checked(page)


def test_the_public_finds_a_decision_and_two_partners_vote_between_meetings(page, live_server, demo_data):
    page.goto(live_server.url + reverse("governance:public_register"))
    _checked(page, "governance-register")
    page.get_by_label("Words in the decision or its item").fill("online radicalisation")
    page.get_by_role("button", name="Search").click()
    shown = page.locator("main").inner_text()
    assert "online radicalisation" in shown and "annual action plan" not in shown

    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("governance:motion_new"))
    page.get_by_label("Title").fill("Extend the Channel panel's terms of reference")
    page.get_by_label("The decision proposed").fill("The panel also reviews cases referred by the university.")
    page.get_by_label("Reasons for the decision").fill("The university joined in the autumn.")
    page.get_by_label("Voting closes").fill("2099-01-31T17:00")
    page.get_by_role("button", name="Put the motion").click()
    assert "Choose at least one member to vote" in page.locator(".govuk-error-summary").inner_text()
    _checked(page)
    page.get_by_label(re.compile("Priya Raman, ")).check()
    page.get_by_label(re.compile("Tom Hughes, ")).check()
    mail.outbox.clear()
    page.get_by_role("button", name="Put the motion").click()
    assert "Motion put to 2 members" in page.content()
    _checked(page)
    links = [re.search(r"http\S+/returns/\S+/", m.body).group(0) for m in mail.outbox]
    assert len(links) == 2
    page.context.clear_cookies()
    for link in links:
        page.goto(live_server.url + "/returns/" + link.split("/returns/", 1)[1])
        _checked(page)
        page.get_by_label("For", exact=True).check()
        page.get_by_role("button", name="Cast my vote").click()
        assert "Vote recorded" in page.content()
    motion = Motion.objects.get(title="Extend the Channel panel's terms of reference")
    assert (motion.status, motion.outcome) == ("closed", "carried")

    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("meetings:detail", args=[motion.ratify_at.pk]))
    page.get_by_role("link", name="Extend the Channel panel's terms of reference").click()
    page.get_by_label("Meeting that ratified it").select_option(str(motion.ratify_at.pk))
    page.get_by_role("button", name="Record the ratification").click()
    assert "Ratification recorded" in page.content()
    _checked(page)
    motion.refresh_from_db()
    assert motion.ratified_at is not None
