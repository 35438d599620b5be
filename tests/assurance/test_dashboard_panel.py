"""The admin dashboard shows where this year's Prevent assurance has got: rated, gaps, sign-offs."""

import pytest

from assurance import services

from .conftest import rate_all

pytestmark = pytest.mark.django_db


def _panel(client):
    page = client.get("/").content.decode()
    return " ".join(
        page.split('<h2 class="govuk-heading-m">Prevent assurance</h2>', 1)[1].split("</div>", 1)[0].split()
    )


def test_the_panel_shows_a_drafts_progress(admin_client, cycle):
    first = cycle.assessments.first()
    services.assessment_save(assessment=first, rating="not_met", narrative="Not yet.", confidence="low")
    panel = _panel(admin_client)
    total = cycle.assessments.count()
    assert "Prevent assurance 2026/27" in panel and "Draft" in panel
    assert f"1 of {total} criteria rated, <strong>1</strong> partly or not met" in panel


def test_the_panel_counts_sign_offs_once_submitted(admin_client, admin_user, cycle):
    rate_all(cycle)
    services.cycle_submit(cycle=cycle)
    services.cycle_sign_off(cycle=cycle, by=admin_user, role_title="Senior council lead for Prevent")
    panel = _panel(admin_client)
    assert "Submitted for sign-off" in panel
    assert "1 of 2 sign-offs given" in panel


def test_without_an_assessment_the_panel_says_so(admin_client):
    assert "No assessment has been started" in _panel(admin_client)
