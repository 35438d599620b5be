"""`make run`'s demo: a year of returns (some late, two missing, primary schools lapsed), the Channel panel with an
agency that missed the last two, figures with small numbers, a school without an agreement."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dutyreturns import selectors
from dutyreturns.models import ChannelQuarter, PartnerReturn
from members.models import User
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_has_a_year_of_returns_some_late_some_missing_and_a_lapsed_sector(demo):
    assert PartnerReturn.objects.count() >= 30
    late = selectors.late_returns()[0]
    assert {o.name for o in late["missing"]} == {"Northport College", "Ferndale Special School"}
    assert {o.name for o, _r in late["late"]} == {"Northshire Police", "University of Northport"}
    grid = selectors.coverage_grid()
    primary = next(s for s in grid["sectors"] if s["sector"] == "Primary school")
    assert all(c["state"] == "lapsed" for row in primary["rows"] for c in row["cells"] if c["applies"])


def test_the_demo_channel_panel_flags_probation_and_shows_small_numbers(demo):
    year = selectors.current_year() - 1
    assert ChannelQuarter.objects.filter(year=year).count() == 4
    assert [o.name for o in selectors.panel_alerts()] == ["Northshire Probation Service"]
    admin = User.objects.get(email="admin@example.org")
    page = signed_in_client(admin).get(reverse("dutyreturns:channel") + f"?year={year}").content.decode()
    assert "&lt;5" in page
    gaps = [o.name for o in selectors.agreement_gaps()]
    assert gaps == ["Westgate High School"]
