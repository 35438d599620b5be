"""`make run`'s demo: an agreed register of about a dozen fictional risks across themes, one past review, one with no
action; CTLP recommendations by reference with one answered by nothing; the assurance letter with one unmet
criterion and no action yet."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from risks import selectors
from risks.models import Recommendation, Risk, RiskAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_register_has_a_dozen_risks_one_past_review_and_one_with_no_action(demo):
    assessment = RiskAssessment.objects.get()
    assert assessment.status == "agreed" and assessment.agreed_at_meeting is not None
    risks = Risk.objects.filter(assessment=assessment)
    assert 10 <= risks.count() <= 14
    assert risks.values("theme").distinct().count() >= 8
    checks = selectors.checks(assessment)
    assert len(checks["past_review"]) == 1 and len(checks["no_action"]) == 1
    assert [r.reference for r in checks["ctlp_neither"]] == ["R4"]
    assert len(checks["unmet_no_action"]) == 1
    assert Recommendation.objects.filter(rating="exceeding").exists()


def test_the_demo_partner_reads_the_colleges_risks_and_the_counts(demo, client):
    from members.models import User
    from tests.factories import signed_in_client

    partner = signed_in_client(User.objects.get(email="partner@example.org"))
    assessment = RiskAssessment.objects.get()
    response = partner.get(reverse("risks:assessment", args=[assessment.pk]))
    owners = {risk.owner_organisation.name for risk in response.context["risks"]}
    assert "Northport College" in owners and response.context["summary"]["total"] == Risk.objects.count()
    assert len(list(response.context["risks"])) < Risk.objects.count()
