"""The annual Prevent report carries what the apps above assurance register: the local risk assessment's themes and
counts under "Risk assessment", partners' returns and the Channel panel's year under "Additional information", with
small numbers shown as "<5"; and the rating scale goes up to "exceeding"."""

import datetime

import pytest
from django.urls import reverse

from actionplans.models import BoardReport
from assurance import services
from dutyreturns import services as duty_services
from dutyreturns.models import ReturnPeriod
from risks.models import Risk, RiskAssessment, Theme
from tests.factories import OrganisationFactory
from tests.risks.factories import RiskFactory

from .conftest import first, rate_all

pytestmark = pytest.mark.django_db

YEAR = 2025  # the assessment's year: 1 April 2025 to 31 March 2026


@pytest.fixture
def signed(admin_user, second_admin):
    cycle = services.cycle_start(year_label="2025/26")
    rate_all(cycle, "met")
    services.assessment_save(
        assessment=first(cycle), rating="exceeding", narrative="Beyond the duty.", confidence="high"
    )
    services.cycle_submit(cycle=cycle)
    services.cycle_sign_off(cycle=cycle, by=admin_user, role_title="Chair")
    services.cycle_sign_off(cycle=cycle, by=second_admin, role_title="Senior council lead")
    cycle.refresh_from_db()
    return cycle


def _report(admin_client, cycle):
    response = admin_client.post(
        reverse("assurance:annual_report", args=[cycle.pk]),
        {"addressee": "Health and Wellbeing Board", "responsible_officer": "Alex Morgan"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return BoardReport.objects.get()


def test_exceeding_is_a_rating_counted_in_the_summary(admin_client, signed):
    page = admin_client.get(reverse("assurance:cycle", args=[signed.pk])).content.decode()
    assert "1 exceeding, 18 met, 0 partly met" in page
    report = _report(admin_client, signed)
    assert "1 exceeding, 18 met" in report.summary


def test_the_risk_register_goes_into_the_report_as_themes_and_counts_only(admin_client, signed):
    assessment = RiskAssessment.objects.create(
        period_label="2025/26", period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2026, 3, 31)
    )
    online = Theme.objects.get_or_create(name="Online radicalisation", defaults={"kind": "online"})[0]
    place = Theme.objects.get_or_create(name="Town centre hate incidents", defaults={"kind": "place"})[0]
    RiskFactory(assessment=assessment, theme=online, title="CANARY-RISK-TITLE", controls="CANARY-CONTROLS")
    RiskFactory(assessment=assessment, theme=online, residual_likelihood=5, residual_impact=4)
    RiskFactory(assessment=assessment, theme=place, residual_likelihood=1, residual_impact=2)

    report = _report(admin_client, signed)

    text = report.risk_assessment
    assert (
        "local risk assessment for 2025/26 (version 1, not yet agreed at a meeting) holds 3 risks across 2 themes"
        in text
    )
    assert "3 have no action in the partnership plan" in text
    # residual 3x2=6 is medium, 5x4=20 very high, 1x2=2 low: Online has one medium and one very high.
    assert "| Online radicalisation | 0 | 1 | 0 | 1 | 2 |" in text
    assert "| Town centre hate incidents | 1 | 0 | 0 | 0 | 1 |" in text
    assert "| Total | 1 | 1 | 0 | 1 | 3 |" in text
    assert "CANARY" not in text
    page = admin_client.get(reverse("actionplans:board_report", args=[report.pk])).content.decode()
    assert "The local risk assessment" in page and "Online radicalisation" in page and "CANARY" not in page
    assert Risk.objects.count() == 3


def test_partners_returns_and_channel_year_go_into_the_report_with_small_numbers_hidden(admin_client, signed):
    ReturnPeriod.objects.create(
        label="Q1 2025/26",
        start=datetime.date(2025, 4, 1),
        end=datetime.date(2025, 6, 30),
        due=datetime.date(2025, 7, 31),
    )
    OrganisationFactory(has_prevent_duty=True)
    figures = {
        "referrals": 20, "discussed": 12, "adopted": 6, "closed": 5, "repeat_referrals": 1, "reviews_6_on_time": 3,
        "reviews_6_due": 3, "reviews_12_on_time": 2, "reviews_12_due": 2, "signposted": 7,
    }  # fmt: skip
    duty_services.quarter_save(year=YEAR, quarter=1, figures=figures, counts={}, by=None)

    report = _report(admin_client, signed)

    text = report.additional_information
    assert "**Partners' returns**" in text and "| Q1 2025/26 |" in text
    assert "**The Channel panel**" in text and "(1 of 4)" in text
    lines = text.splitlines()
    assert "| Referrals | 20 |" in [line.strip() for line in lines] or any(
        line.startswith("| Referrals") and line.endswith("| 20 |") for line in lines
    )
    repeat = next(line for line in lines if line.lower().startswith("| repeat"))
    assert repeat.endswith("| <5 |"), repeat
    assert "| 1 |" not in text.split("**The Channel panel**")[1]


def test_a_report_with_nothing_registered_to_say_has_no_empty_headings(admin_client, signed):
    report = _report(admin_client, signed)
    assert "local risk assessment" not in report.risk_assessment
    assert "**The Channel panel**" not in report.additional_information
