"""Need to know for the register: admins read every risk; partners at the owning organisation or leading a linked
action read those risks; other partners themes and counts; the public only a published summary."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.actionplans.factories import ActionFactory, PriorityFactory
from tests.factories import OrganisationFactory

from .factories import RiskFactory, agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(assessment, meeting, partner_user, plan):
    """An agreed register: one risk partner_user's organisation owns, one answered by an action it leads, one
    nothing ties to it."""
    owned = RiskFactory(assessment=assessment, owner_organisation=partner_user.organisation, title="Owned risk")
    answered = RiskFactory(assessment=assessment, title="Answered risk")
    answered.actions.add(
        ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation)
    )
    other = RiskFactory(assessment=assessment, owner_organisation=OrganisationFactory(), title="Someone else's risk")
    agree(assessment, meeting)
    return owned, answered, other


def test_a_partner_reads_the_risks_their_organisation_owns_or_answers(partner_client, register):
    owned, answered, other = register
    page = partner_client.get(reverse("risks:assessment", args=[owned.assessment.pk])).content.decode()
    assert "Owned risk" in page and "Answered risk" in page
    assert "Someone else&#x27;s risk" not in page and "Someone else's risk" not in page
    assert partner_client.get(reverse("risks:risk", args=[other.pk])).status_code == 404
    assert partner_client.get(reverse("risks:risk", args=[answered.pk])).status_code == 200


def test_another_partner_reads_themes_and_counts_only(other_partner_client, register):
    owned, *_ = register
    response = other_partner_client.get(reverse("risks:assessment", args=[owned.assessment.pk]))
    page = response.content.decode()
    assert list(response.context["risks"]) == []
    assert "Owned risk" not in page and "Answered risk" not in page
    assert "Online radicalisation" in page  # the theme, with its count
    assert response.context["summary"]["total"] == 3


def test_a_draft_is_the_admins_alone(partner_client, admin_client, assessment, partner_user):
    risk = RiskFactory(assessment=assessment, owner_organisation=partner_user.organisation)
    assert partner_client.get(reverse("risks:assessment", args=[assessment.pk])).status_code == 404
    assert partner_client.get(reverse("risks:risk", args=[risk.pk])).status_code == 404
    assert admin_client.get(reverse("risks:risk", args=[risk.pk])).status_code == 200


def test_the_public_reads_only_a_published_summary_with_no_risk_text(admin_client, register):
    owned, *_ = register
    public = Client()
    assert "No summary" in public.get(reverse("risks:public_summary")).content.decode()
    admin_client.post(
        reverse("risks:assessment_publish", args=[owned.assessment.pk]),
        {"public_summary": "Reviewed with the police every year", "published": "on"},
    )
    page = public.get(reverse("risks:public_summary")).content.decode()
    assert "Reviewed with the police every year" in page and "Online radicalisation" in page
    assert "Owned risk" not in page and "Answered risk" not in page and "Filtering" not in page
    assert public.get(reverse("risks:assessment", args=[owned.assessment.pk])).status_code == 302


def test_a_draft_summary_cannot_be_published(admin_client, assessment):
    RiskFactory(assessment=assessment)
    response = admin_client.post(
        reverse("risks:assessment_publish", args=[assessment.pk]), {"public_summary": "x", "published": "on"}
    )
    assert "Only an agreed assessment" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.summary_published
