"""In Chromium with the demo data, as a new user would: partner@example.org makes the college's missing return (a
refusal first, then right), the admin finds it on the heat map, and the Channel figures show "<5". Every page passes
axe-core. With SCREENSHOTS=1 the heat map and the Channel page are saved for docs/dutyreturns.md."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from dutyreturns import selectors
from dutyreturns.models import PartnerReturn
from tests.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _checked(page):
    assert accessibility_violations(page) == [], page.url


def _shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        page.set_viewport_size({"width": 1200, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_partner_makes_a_return_the_admin_sees_it_on_the_heat_map_and_small_numbers_show_as_less_than_five(
    page, live_server, demo_data
):
    before = PartnerReturn.objects.filter(organisation__name="Northport College").count()
    sign_in(page, live_server, "partner@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Make the return").click()
    _checked(page)
    # Pre-filled from the college's last return: change one figure to something impossible first.
    product = page.get_by_label("GOV.UK Prevent duty awareness: staff in scope")
    scope = int(product.input_value())
    # Completions are the period's own: not carried over, so each is entered.
    for field in page.get_by_label("completions in the period").all():
        field.fill("2")
    page.get_by_label("GOV.UK Prevent duty awareness: completions in the period").fill(str(scope + 5))
    page.get_by_role("button", name="Send the return").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert f"Completions in the period ({scope + 5}) cannot be more than the staff in scope ({scope})" in summary
    _checked(page)
    page.get_by_label("GOV.UK Prevent duty awareness: completions in the period").fill("3")
    page.get_by_role("button", name="Send the return").click()
    assert page.locator("h1").inner_text() == "Northport College"
    _checked(page)
    assert PartnerReturn.objects.filter(organisation__name="Northport College").count() == before + 1
    page.context.clear_cookies()

    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("dutyreturns:coverage"))
    table = page.locator("#coverage-table").inner_text()
    assert "Northport College" in table and "Lapsed" in table
    _checked(page)
    _shot(page, "dutyreturns-coverage")
    year = selectors.current_year() - 1
    page.goto(live_server.url + reverse("dutyreturns:channel") + f"?year={year}")
    assert "<5" in page.locator("main").inner_text()
    _checked(page)
    _shot(page, "dutyreturns-channel")
    page.goto(live_server.url + reverse("dutyreturns:agreements"))
    assert "Westgate High School" in page.locator("#agreement-gaps").inner_text()
    _checked(page)


def test_the_public_reads_the_referral_pathway(page, live_server, demo_data):
    page.goto(live_server.url + reverse("dutyreturns:pathway"))
    assert "ideology" in page.locator("main").inner_text()
    _checked(page)
