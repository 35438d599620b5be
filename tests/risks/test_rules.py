"""The register's rules: each refusal names its field and saves nothing; an agreed assessment never changes, a new
version copies it; the coordinator's checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from risks import services
from risks.models import Recommendation, RecommendationSource, Risk, RiskAssessment, Theme
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.factories import OrganisationFactory, PersonFactory
from tests.meetings.factories import AgendaItemFactory

from .factories import RecommendationFactory, RiskFactory, SourceFactory, agree

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _form(risk_org, **overrides):
    data = {
        "title": "Extremist stickers in the town centre",
        "theme": Theme.objects.get(name="Extreme right-wing").pk,
        "from_local_data": "on",
        "owner_organisation": risk_org.pk,
        "inherent_likelihood": 3,
        "inherent_impact": 4,
        "residual_likelihood": 2,
        "residual_impact": 3,
        "controls": "Street cleansing",
        "review_date": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        "status": "open",
    }
    data.update(overrides)
    return data


def test_themes_follow_the_home_office_list_including_no_ideology_and_violence_fixation():
    names = set(Theme.objects.filter(kind="ideology").values_list("name", flat=True))
    assert {"No ideology: vulnerability present", "Violence fixation", "Islamist", "Extreme right-wing"} <= names


def test_admin_adds_a_risk_and_it_gets_the_next_reference(admin_client, assessment):
    org = OrganisationFactory()
    response = admin_client.post(reverse("risks:risk_create", args=[assessment.pk]), _form(org))
    risk = Risk.objects.get()
    assert response.status_code == 302 and response.url == reverse("risks:risk", args=[risk.pk])
    assert risk.reference == "R1" and risk.inherent_score == 12 and risk.residual_score == 6


@pytest.mark.parametrize("score", ["0", "6", "x"])
def test_a_score_outside_1_to_5_is_refused_naming_the_field(admin_client, assessment, score):
    response = admin_client.post(
        reverse("risks:risk_create", args=[assessment.pk]), _form(OrganisationFactory(), residual_impact=score)
    )
    assert response.status_code == 200
    assert "Enter a score from 1 to 5" in response.content.decode()
    assert "residual_impact" in response.context["form"].errors
    assert not Risk.objects.exists()


def test_residual_above_inherent_needs_a_reason(admin_client, assessment):
    url = reverse("risks:risk_create", args=[assessment.pk])
    data = _form(OrganisationFactory(), residual_likelihood=5, residual_impact=5)
    response = admin_client.post(url, data)
    assert "residual_reason" in response.context["form"].errors
    assert not Risk.objects.exists()
    admin_client.post(url, {**data, "residual_reason": "A new group has formed since the profile"})
    assert Risk.objects.get().residual_score == 25


def test_a_review_date_in_the_past_is_refused_on_creation(admin_client, assessment):
    past = (TODAY() - datetime.timedelta(days=1)).isoformat()
    response = admin_client.post(
        reverse("risks:risk_create", args=[assessment.pk]), _form(OrganisationFactory(), review_date=past)
    )
    assert "review_date" in response.context["form"].errors
    assert not Risk.objects.exists()


def test_a_risk_needs_a_source(admin_client, assessment):
    data = _form(OrganisationFactory())
    del data["from_local_data"]
    response = admin_client.post(reverse("risks:risk_create", args=[assessment.pk]), data)
    assert "from_local_data" in response.context["form"].errors
    ctlp = RecommendationFactory(reference="R4")
    admin_client.post(reverse("risks:risk_create", args=[assessment.pk]), {**data, "ctlp": [ctlp.pk]})
    assert list(Risk.objects.get().recommendations.all()) == [ctlp]


def test_closing_a_risk_with_open_linked_actions_needs_a_reason(admin_client, risk, plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan))
    risk.actions.add(action)
    url = reverse("risks:risk_edit", args=[risk.pk])
    data = _form(risk.owner_organisation, status="closed", actions=[action.pk], version=risk.version,
                 review_date=risk.review_date.isoformat())  # fmt: skip
    response = admin_client.post(url, data)
    assert "closed_reason" in response.context["form"].errors
    risk.refresh_from_db()
    assert risk.status == "open"
    admin_client.post(url, {**data, "closed_reason": "The group has disbanded"})
    risk.refresh_from_db()
    assert risk.status == "closed"


def test_the_owner_must_work_for_the_owning_organisation(assessment):
    risk = RiskFactory.build(
        assessment=assessment, owner_organisation=OrganisationFactory(), owner_officer=PersonFactory()
    )
    with pytest.raises(ValidationError) as refused:
        services.risk_save(risk=risk)
    assert "owner_officer" in refused.value.error_dict


def test_agreeing_records_the_meeting_and_its_item_and_supersedes_the_earlier_version(admin_client, risk, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Local risk assessment")
    response = admin_client.post(
        reverse("risks:assessment_agree", args=[risk.assessment.pk]), {"meeting": meeting.pk, "item": item.pk}
    )
    assert response.status_code == 302
    first = RiskAssessment.objects.get()
    assert first.status == "agreed" and first.agreed_item == item
    assert first.agreed_on == timezone.localtime(meeting.starts_at).date()
    draft = services.assessment_new_version(assessment=first)
    assert draft.number == 2 and draft.risks.get().origin == risk and draft.risks.get().first_id == risk.pk
    services.assessment_agree(assessment=draft, meeting=meeting)
    first.refresh_from_db()
    assert first.status == "superseded"


def test_an_item_of_another_meeting_is_refused(admin_client, risk, meeting):
    other = AgendaItemFactory()
    response = admin_client.post(
        reverse("risks:assessment_agree", args=[risk.assessment.pk]), {"meeting": meeting.pk, "item": other.pk}
    )
    assert "item" in response.context["form"].errors
    risk.assessment.refresh_from_db()
    assert risk.assessment.status == "draft"


def test_an_empty_assessment_cannot_be_agreed(assessment, meeting):
    with pytest.raises(ValidationError, match="at least one risk"):
        services.assessment_agree(assessment=assessment, meeting=meeting)


def test_an_agreed_assessment_cannot_be_edited_make_a_new_version(admin_client, risk, meeting):
    agree(risk.assessment, meeting)
    response = admin_client.get(reverse("risks:risk_edit", args=[risk.pk]), follow=True)
    assert "Make a new version to change it" in response.content.decode()
    data = _form(risk.owner_organisation, title="Changed", version=risk.version)
    admin_client.post(reverse("risks:risk_edit", args=[risk.pk]), data)
    risk.refresh_from_db()
    assert risk.title != "Changed"
    with pytest.raises(ValidationError, match="cannot be changed"):
        risk.title = "Changed"
        services.risk_save(risk=risk, expected_version=risk.version)
    response = admin_client.post(reverse("risks:assessment_new_version", args=[risk.assessment.pk]))
    draft = RiskAssessment.objects.get(status="draft")
    assert response.url == reverse("risks:assessment", args=[draft.pk])
    assert draft.risks.get().title == Risk.objects.get(pk=risk.pk).title


def test_copying_a_draft_is_refused_on_the_page(admin_client, assessment):
    response = admin_client.post(reverse("risks:assessment_new_version", args=[assessment.pk]), follow=True)
    assert "Only the agreed version can be copied" in response.content.decode()
    assert RiskAssessment.objects.count() == 1


def test_two_editors_never_overwrite_each_other(admin_client, risk):
    url = reverse("risks:risk_edit", args=[risk.pk])
    base = _form(risk.owner_organisation, version=risk.version, review_date=risk.review_date.isoformat())
    admin_client.post(url, {**base, "title": "First editor"})
    response = admin_client.post(url, {**base, "title": "Second editor"})
    assert "Someone else saved this record" in response.content.decode()
    risk.refresh_from_db()
    assert risk.title == "First editor"


def test_the_checks_list_what_a_coordinator_must_look_at(admin_client, assessment, plan):
    linked_action, lonely_action = (ActionFactory(priority=PriorityFactory(plan=plan)) for _ in range(2))
    with_action = RiskFactory(assessment=assessment)
    with_action.actions.add(linked_action)
    without = RiskFactory(assessment=assessment)
    Risk.objects.filter(pk=without.pk).update(review_date=TODAY() - datetime.timedelta(days=3))
    answered = RecommendationFactory(reference="R1")
    answered.risks.add(with_action)
    forgotten = RecommendationFactory(reference="R2")
    by_priority = RecommendationFactory(reference="R3")
    PriorityFactory(plan=plan, source="ctlp", ctlp_reference="R3").actions.create(
        reference="9.1", description="x", lead_organisation=OrganisationFactory(), start_date=plan.start_date,
        due_date=plan.end_date,
    )  # fmt: skip
    letter = SourceFactory(name="Home Office assurance letter", kind=RecommendationSource.Kind.ASSURANCE_LETTER)
    unmet = RecommendationFactory(source=letter, reference="3", rating="not_met", local_wording="Training")
    RecommendationFactory(source=letter, reference="1", rating="exceeding", local_wording="Governance").risks.add(
        without
    )
    response = admin_client.get(reverse("risks:assessment", args=[assessment.pk]))
    checks = response.context["checks"]
    assert checks["no_action"] == [without]
    assert checks["past_review"] == [without]
    assert lonely_action in checks["actions_no_risk"] and linked_action not in checks["actions_no_risk"]
    assert checks["ctlp_neither"] == [forgotten]
    assert answered not in checks["ctlp_neither"] and by_priority not in checks["ctlp_neither"]
    assert checks["unmet_no_action"] == [unmet]


def test_an_unmet_criterion_becomes_a_plan_action_in_a_draft_plan(admin_client):
    draft_plan = PlanFactory(year_label="2031/32", status="draft")
    priority = PriorityFactory(plan=draft_plan, number=4)
    org = OrganisationFactory()
    letter = SourceFactory(name="Home Office assurance letter", kind=RecommendationSource.Kind.ASSURANCE_LETTER)
    unmet = RecommendationFactory(source=letter, reference="3", rating="not_met", local_wording="Train staff")
    response = admin_client.post(
        reverse("risks:recommendation_action", args=[unmet.pk]),
        {"priority": priority.pk, "description": "Train every front-line team", "lead_organisation": org.pk,
         "start_date": draft_plan.start_date.isoformat(), "due_date": draft_plan.end_date.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    action = unmet.actions.get()
    assert action.priority == priority and action.reference == "4.1"
    assert not Recommendation.objects.unmet_without_action().exists()


def test_an_action_in_an_approved_plan_is_refused_on_the_page(admin_client, plan):
    letter = SourceFactory(name="Home Office assurance letter", kind=RecommendationSource.Kind.ASSURANCE_LETTER)
    unmet = RecommendationFactory(source=letter, reference="3", rating="not_met")
    form = admin_client.get(reverse("risks:recommendation_action", args=[unmet.pk])).context["form"]
    assert not form.fields["priority"].queryset.filter(plan=plan).exists()


def test_only_assurance_letter_criteria_are_rated(admin_client):
    rec = RecommendationFactory(reference="R9")
    rec.rating = "met"
    with pytest.raises(ValidationError) as refused:
        services.recommendation_save(recommendation=rec, expected_version=rec.version)
    assert "rating" in refused.value.error_dict


def test_a_risk_page_shows_its_history_and_linked_actions(admin_client, risk, plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan), description="Run the online safety sessions")
    data = _form(risk.owner_organisation, title="Renamed risk", version=risk.version, actions=[action.pk],
                 review_date=risk.review_date.isoformat())  # fmt: skip
    admin_client.post(reverse("risks:risk_edit", args=[risk.pk]), data)
    page = admin_client.get(reverse("risks:risk", args=[risk.pk])).content.decode()
    assert "Run the online safety sessions" in page
    assert "Renamed risk" in page and "Changed" in page  # the history's entry


def test_the_admins_home_panel_counts_what_the_registers_checks_list(admin_user, assessment, own_action):
    from risks import selectors
    from tests.risks.factories import RecommendationFactory

    answered = RiskFactory(assessment=assessment)
    answered.actions.add(own_action)
    RiskFactory(assessment=assessment)
    late = RiskFactory(assessment=assessment)
    Risk.objects.filter(pk=late.pk).update(review_date=timezone.localdate() - datetime.timedelta(days=1))
    RecommendationFactory()

    panel = selectors.home_panel(admin_user)
    found = selectors.checks(assessment)

    assert (panel["r_no_action"], panel["r_past_review"]) == (2, 1)
    assert panel["r_no_action"] == len(found["no_action"]) and panel["r_past_review"] == len(found["past_review"])
    assert panel["r_neither"] == len(found["ctlp_neither"]) + len(found["outside_neither"]) == 1
    assert panel["r_unmet"] == len(found["unmet_no_action"])
