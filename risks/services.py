"""The risk assessment's workflows: each refuses clearly (a ValidationError naming the field) and saves nothing when a
rule is broken. An agreed assessment never changes: `assessment_new_version` copies it into a new draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplans import services as plan_services
from common.casedata import confirmation_record
from common.concurrency import save_versioned

from .models import Recommendation, RecommendationSource, Risk, RiskAssessment

AGREED_MESSAGE = (
    "This assessment has been agreed, so it cannot be changed. Make a new version to change it; the agreed version "
    "stays as it was."
)


def _refuse_unless_draft(assessment):
    if not assessment.is_editable:
        raise ValidationError(AGREED_MESSAGE)


# Assessments -----------------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_save(*, assessment, expected_version=None, case_data=None):
    if assessment.pk:
        _refuse_unless_draft(RiskAssessment.objects.get(pk=assessment.pk))
        save_versioned(assessment, expected_version=expected_version)
    elif RiskAssessment.objects.filter(period_label=assessment.period_label).exists():
        raise ValidationError(
            {"period_label": "There is already an assessment for this period: make a new version of it instead."}
        )
    else:
        assessment.save()
    confirmation_record(assessment, case_data)
    return assessment


@transaction.atomic
def assessment_agree(*, assessment, meeting, item=None, agreed_on=None):
    """Agreed at `meeting`, under its agenda item `item`: the version of the period agreed before is superseded."""
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != RiskAssessment.Status.DRAFT:
        raise ValidationError("Only a draft assessment can be agreed.")
    if meeting is None:
        raise ValidationError({"meeting": "Select the meeting that agreed the assessment."})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Select an item on the agenda of the meeting that agreed it."})
    if not assessment.risks.exists():
        raise ValidationError("Add at least one risk before the assessment is agreed.")
    RiskAssessment.objects.filter(period_label=assessment.period_label, status=RiskAssessment.Status.AGREED).update(
        status=RiskAssessment.Status.SUPERSEDED, summary_published=False
    )
    assessment.status = RiskAssessment.Status.AGREED
    assessment.agreed_at_meeting, assessment.agreed_item = meeting, item
    assessment.agreed_on = agreed_on or timezone.localtime(meeting.starts_at).date()
    assessment.version += 1
    assessment.save()
    return assessment


_COPIED = (
    "reference", "title", "theme_id", "from_local_data", "from_partner_insight", "owner_organisation_id",
    "owner_officer_id", "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
    "residual_reason", "controls", "review_date", "status", "closed_reason",
)  # fmt: skip


@transaction.atomic
def assessment_new_version(*, assessment):
    """A new draft copying an agreed assessment and its risks (with their links), to change and agree again."""
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != RiskAssessment.Status.AGREED:
        raise ValidationError("Only the agreed version can be copied into a new version.")
    if RiskAssessment.objects.filter(previous=assessment).exists():
        raise ValidationError("A new version of this assessment is being drafted already.")
    number = RiskAssessment.objects.filter(period_label=assessment.period_label).aggregate(n=Max("number"))["n"]
    draft = RiskAssessment.objects.create(
        period_label=assessment.period_label,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
        marking=assessment.marking,
        number=number + 1,
        previous=assessment,
        public_summary=assessment.public_summary,
    )
    old_risks = list(assessment.risks.prefetch_related("actions", "criteria", "recommendations"))
    copies = Risk.objects.bulk_create(
        [
            Risk(
                assessment=draft,
                origin=old,
                first_id=old.lineage_id,
                **{name: getattr(old, name) for name in _COPIED},
            )
            for old in old_risks
        ]
    )
    for old, new in zip(old_risks, copies, strict=True):
        new.actions.set(old.actions.all())
        new.criteria.set(old.criteria.all())
        new.recommendations.set(old.recommendations.all())
    return draft


@transaction.atomic
def assessment_publish_summary(*, assessment, published, text, case_data=None):
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if published and assessment.status != RiskAssessment.Status.AGREED:
        raise ValidationError("Only an agreed assessment's summary can be published.")
    assessment.summary_published = published
    assessment.public_summary = text.strip()
    assessment.version += 1
    assessment.save(update_fields=["summary_published", "public_summary", "version"])
    confirmation_record(assessment, case_data)
    return assessment


# Risks -----------------------------------------------------------------------------------------------------------


def next_reference(assessment):
    taken = set(assessment.risks.values_list("reference", flat=True))
    number = len(taken) + 1
    while f"R{number}" in taken:
        number += 1
    return f"R{number}"


def check_risk(risk, *, ctlp=(), actions=None, creating):
    """The rules a risk keeps, as {field: message}."""
    errors = {}
    for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
        value = getattr(risk, name)
        if value is None or not 1 <= value <= 5:
            errors[name] = "Enter a score from 1 to 5."
    if errors:
        return errors
    if risk.residual_score > risk.inherent_score and not risk.residual_reason.strip():
        errors["residual_reason"] = (
            "The residual score is above the inherent score: say why the risk is higher after the controls."
        )
    if creating and risk.review_date and risk.review_date < timezone.localdate():
        errors["review_date"] = "The review date must be today or in the future."
    if not (risk.from_local_data or risk.from_partner_insight or ctlp):
        errors["from_local_data"] = "Select at least one source: a CTLP recommendation, local data or partner insight."
    if risk.owner_officer_id and risk.owner_officer.organisation_id != risk.owner_organisation_id:
        errors["owner_officer"] = "The risk owner must work for the owning organisation."
    if risk.status == Risk.Status.CLOSED and not risk.closed_reason.strip():
        linked = actions if actions is not None else (risk.actions.all() if risk.pk else [])
        if any(action.is_open for action in linked):
            errors["closed_reason"] = "Plan actions linked to this risk are still open: say why it is closed anyway."
    return errors


@transaction.atomic
def risk_save(*, risk, expected_version=None, actions=None, criteria=None, ctlp=None, case_data=None):
    """Add or change a risk of a draft assessment; `actions`, `criteria`, `ctlp` (CTLP recommendations) replace its
    links when given."""
    assessment = RiskAssessment.objects.select_for_update().get(pk=risk.assessment_id)
    _refuse_unless_draft(assessment)
    creating = risk.pk is None
    current_ctlp = ctlp if ctlp is not None else (list(risk.recommendations.all()) if risk.pk else [])
    if errors := check_risk(risk, ctlp=current_ctlp, actions=actions, creating=creating):
        raise ValidationError(errors)
    if creating:
        risk.reference = risk.reference or next_reference(assessment)
        if assessment.risks.filter(reference=risk.reference).exists():
            raise ValidationError({"reference": "Another risk of this assessment has this reference."})
        risk.save()
    else:
        save_versioned(risk, expected_version=expected_version)
    if actions is not None:
        risk.actions.set(actions)
    if criteria is not None:
        risk.criteria.set(criteria)
    if ctlp is not None:
        kept = risk.recommendations.exclude(source__kind=RecommendationSource.Kind.CTLP)
        risk.recommendations.set([*kept, *ctlp])
    confirmation_record(risk, case_data)
    return risk


@transaction.atomic
def risk_delete(*, risk):
    _refuse_unless_draft(risk.assessment)
    risk.delete()


# Outside recommendations -------------------------------------------------------------------------------------------


@transaction.atomic
def recommendation_save(*, recommendation, expected_version=None, actions=None, risks=None, case_data=None):
    if recommendation.rating and not recommendation.source.is_assurance_letter:
        raise ValidationError({"rating": "Only criteria of the Home Office's assurance letter are rated."})
    if recommendation.owner_officer_id and recommendation.owner_organisation_id is None:
        raise ValidationError({"owner_organisation": "Select the organisation the owner works for."})
    if (
        recommendation.owner_officer_id
        and recommendation.owner_officer.organisation_id != recommendation.owner_organisation_id
    ):
        raise ValidationError({"owner_officer": "The owner must work for the owning organisation."})
    if recommendation.pk:
        save_versioned(recommendation, expected_version=expected_version)
    else:
        if Recommendation.objects.filter(
            source=recommendation.source, reference__iexact=recommendation.reference
        ).exists():
            raise ValidationError({"reference": "This source already has a recommendation with this reference."})
        recommendation.save()
    if actions is not None:
        recommendation.actions.set(actions)
    if risks is not None:
        recommendation.risks.set(risks)
    confirmation_record(recommendation, case_data)
    return recommendation


@transaction.atomic
def recommendation_action_create(*, recommendation, action, case_data=None):
    """A plan action answering a recommendation (an unmet criterion of the assurance letter): saved by the action
    plans' own rules (a draft plan only), then linked."""
    if not action.reference:
        action.reference = action.priority.free_reference(
            f"{action.priority.number}.{action.priority.actions.count() + 1}"
        )
    action = plan_services.action_save(action=action)
    recommendation.actions.add(action)
    confirmation_record(action, case_data)
    return action


@transaction.atomic
def source_save(*, source, case_data=None):
    source.save()
    confirmation_record(source, case_data)
    return source
