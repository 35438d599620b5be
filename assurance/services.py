"""Prevent assurance workflows. Each refuses bad input with a ValidationError and changes nothing."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import services as plan_services
from actionplans.models import Action, ActionPlan, Priority, ToolkitArea
from common.casedata import confirmation_record
from common.uploads import accepted_upload

from . import sources, toolkit
from .models import (
    SIGN_OFFS_NEEDED,
    Area,
    Assessment,
    AssessmentCycle,
    Criterion,
    Evidence,
    Framework,
    SignOff,
)

Status = AssessmentCycle.Status

# Framework ---------------------------------------------------------------------------------


@transaction.atomic
def framework_import_csv(*, name, version, text, make_current=True):
    """A new framework version from a CSV (see assurance/toolkit.py): all of it, or nothing."""
    name, version = (name or "").strip(), (version or "").strip()
    if not name or not version:
        raise ValidationError(_("Give the framework a name and a version."))
    if Framework.objects.filter(name=name, version=version).exists():
        raise ValidationError(
            {
                "version": _("%(name)s already has a version %(version)s. Give this one a new version.")
                % {"name": name, "version": version}
            }
        )
    return toolkit.create_framework(
        (Framework, Area, Criterion), name=name, version=version, text=text, is_current=make_current
    )


# Cycles ------------------------------------------------------------------------------------


@transaction.atomic
def cycle_start(*, year_label, framework=None):
    """This year's draft self-assessment: one blank assessment per criterion of the current framework."""
    framework = framework or Framework.objects.filter(is_current=True).first()
    if framework is None:
        raise ValidationError(_("There is no current framework. Import the Prevent duty toolkit first."))
    if AssessmentCycle.objects.filter(year_label=year_label).exists():
        raise ValidationError(
            {"year_label": _("There is already an assessment for %(year_label)s.") % {"year_label": year_label}}
        )
    cycle = AssessmentCycle.objects.create(year_label=year_label, framework=framework)
    Assessment.objects.bulk_create(
        Assessment(cycle=cycle, criterion=criterion)
        for criterion in Criterion.objects.filter(area__framework=framework)
    )
    return cycle


def _locked_cycle(cycle):
    return AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)


@transaction.atomic
def assessment_save(*, assessment, rating, narrative, confidence, not_applicable_reason="", case_data=None):
    """Rate one criterion. A rating needs a narrative and a confidence; "not applicable" needs a reason."""
    cycle = _locked_cycle(assessment.cycle)
    cycle.refuse_unless_editable()
    errors = Assessment.rule_errors(
        rating=rating, narrative=narrative, not_applicable_reason=not_applicable_reason, confidence=confidence
    )
    if errors:
        raise ValidationError(errors)
    assessment.rating = rating
    assessment.narrative = (narrative or "").strip()
    assessment.confidence = confidence
    assessment.not_applicable_reason = (not_applicable_reason or "").strip() if rating == "not_applicable" else ""
    assessment.updated_at = timezone.now()
    assessment.save()
    confirmation_record(assessment, case_data)
    return assessment


def _refuse_if_incomplete(cycle, doing):
    incomplete = [a.criterion.number for a in cycle.assessments.select_related("criterion") if not a.is_complete]
    if incomplete:
        raise ValidationError(
            _(
                "Every criterion needs a rating and a narrative before the assessment can be %(doing)s. "
                "Still to do: %(criteria)s."
            )
            % {"doing": doing, "criteria": ", ".join(incomplete)}
        )


@transaction.atomic
def cycle_submit(*, cycle):
    cycle = _locked_cycle(cycle)
    if cycle.status != Status.DRAFT:
        raise ValidationError(_("Only a draft assessment can be submitted for sign-off."))
    _refuse_if_incomplete(cycle, "submitted")
    cycle.status, cycle.submitted_at = Status.SUBMITTED, timezone.now()
    cycle.save(update_fields=["status", "submitted_at"])
    return cycle


@transaction.atomic
def cycle_return_to_draft(*, cycle):
    cycle = _locked_cycle(cycle)
    if cycle.status != Status.SUBMITTED:
        raise ValidationError(_("Only an assessment waiting for sign-off can be returned to draft."))
    cycle.sign_offs.all().delete()
    cycle.status, cycle.submitted_at = Status.DRAFT, None
    cycle.save(update_fields=["status", "submitted_at"])
    return cycle


@transaction.atomic
def cycle_sign_off(*, cycle, by, role_title):
    """One of the two named sign-offs; the second locks the assessment."""
    cycle = _locked_cycle(cycle)
    if cycle.is_locked:
        raise ValidationError(_("This assessment has already been signed off."))
    if cycle.status != Status.SUBMITTED:
        raise ValidationError(_("Submit the assessment for sign-off first."))
    _refuse_if_incomplete(cycle, "signed off")
    if not (role_title or "").strip():
        raise ValidationError({"role_title": _("Enter your role, for example Chair of the Prevent Partnership.")})
    if cycle.sign_offs.filter(user=by).exists():
        raise ValidationError(_("You have already signed off this assessment. A second person must sign it off."))
    if cycle.sign_offs.count() >= SIGN_OFFS_NEEDED:
        raise ValidationError(_("This assessment already has its two sign-offs."))
    sign_off = SignOff.objects.create(
        cycle=cycle,
        user=by,
        name=by.get_full_name() or str(getattr(by, "member", "") or by.email),
        role_title=role_title.strip(),
    )
    if cycle.sign_offs.count() == SIGN_OFFS_NEEDED:
        cycle.status, cycle.signed_off_at = Status.SIGNED_OFF, timezone.now()
        cycle.save(update_fields=["status", "signed_off_at"])
    return sign_off


@transaction.atomic
def cycle_correct(*, cycle, reason, case_data=None):
    """A new draft version of a signed-off assessment, copied with its evidence; the signed-off one is kept."""
    cycle = _locked_cycle(cycle)
    if cycle.status != Status.SIGNED_OFF:
        raise ValidationError(_("Only a signed-off assessment is corrected; a draft is edited in place."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the signed-off assessment needs correcting.")})
    number = AssessmentCycle.objects.filter(year_label=cycle.year_label).aggregate(n=Max("number"))["n"] + 1
    copy = AssessmentCycle.objects.create(
        year_label=cycle.year_label,
        number=number,
        framework=cycle.framework,
        corrects=cycle,
        correction_reason=reason.strip(),
    )
    cycle.status = Status.SUPERSEDED
    cycle.save(update_fields=["status"])
    for old in cycle.assessments.prefetch_related("evidence"):
        evidence = list(old.evidence.all())
        old.pk, old.cycle = None, copy
        old.save()
        for row in evidence:
            row.pk, row.assessment = None, old
        Evidence.objects.bulk_create(evidence)
    confirmation_record(copy, case_data)
    return copy


@transaction.atomic
def cycle_publish_summary(*, cycle, published, text, case_data=None):
    if published and cycle.status != Status.SIGNED_OFF:
        raise ValidationError(_("Only a signed-off assessment's summary can be published."))
    if published and not (text or "").strip():
        raise ValidationError({"public_summary": _("Write the summary the public will read.")})
    cycle.summary_published, cycle.public_summary = published, (text or "").strip()
    cycle.save(update_fields=["summary_published", "public_summary"])
    confirmation_record(cycle, case_data)
    return cycle


# Evidence ----------------------------------------------------------------------------------


@transaction.atomic
def evidence_link(*, assessment, record, by, status=Evidence.Status.ACCEPTED):
    """Cite a record the app holds. Refused for a record type not allowed, or one `by` may not see."""
    _locked_cycle(assessment.cycle).refuse_unless_editable()
    source = sources.SOURCES.get(sources.key_of(record))
    if source is None:
        raise ValidationError(_("That kind of record cannot be cited as evidence."))
    if not source.visible(by).filter(pk=record.pk).exists():
        raise ValidationError(_("You cannot link to that record: it does not exist or you may not see it."))
    content_type = ContentType.objects.get_for_model(record)
    existing = Evidence.objects.filter(assessment=assessment, content_type=content_type, object_id=record.pk).first()
    if existing:
        if existing.status != status and status == Evidence.Status.ACCEPTED:
            existing.status = status
            existing.save(update_fields=["status"])
        return existing
    return Evidence.objects.create(
        assessment=assessment,
        content_type=content_type,
        object_id=record.pk,
        title=sources.record_title(record),
        status=status,
        added_by=by,
    )


@transaction.atomic
def evidence_upload(*, assessment, upload, title, marking, by):
    """Attach a document, checked and cleaned as papers are (`common.uploads.accepted_upload`)."""
    _locked_cycle(assessment.cycle).refuse_unless_editable()
    _kind, upload = accepted_upload(upload, field="document")
    if not (title or "").strip():
        raise ValidationError({"title": _("Enter a title for the document.")})
    evidence = Evidence(assessment=assessment, title=title.strip(), marking=marking, added_by=by)
    evidence.document.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_decide(*, evidence, accept):
    """Accept or dismiss a proposed link."""
    _locked_cycle(evidence.assessment.cycle).refuse_unless_editable()
    if evidence.status != Evidence.Status.PROPOSED:
        raise ValidationError(_("This evidence has already been accepted or dismissed."))
    evidence.status = Evidence.Status.ACCEPTED if accept else Evidence.Status.DISMISSED
    evidence.save(update_fields=["status"])
    return evidence


@transaction.atomic
def evidence_remove(*, evidence):
    _locked_cycle(evidence.assessment.cycle).refuse_unless_editable()
    evidence.delete()


@transaction.atomic
def evidence_propose(*, cycle, by):
    """Propose evidence the app already holds: area 1 from the Terms of Reference in force, the year's
    meetings, membership coverage and attendance (as dated figures); area 3 from the approved
    partnership plan. Returns how many new proposals were made; one already linked or dismissed is not made again."""
    from . import selectors

    _locked_cycle(cycle).refuse_unless_editable()
    made = 0
    for assessment, record in selectors.evidence_proposals(cycle, by):
        content_type = ContentType.objects.get_for_model(record)
        if Evidence.objects.filter(assessment=assessment, content_type=content_type, object_id=record.pk).exists():
            continue
        evidence_link(assessment=assessment, record=record, by=by, status=Evidence.Status.PROPOSED)
        made += 1
    for assessment, title in selectors.snapshot_proposals(cycle):
        if Evidence.objects.filter(assessment=assessment, is_snapshot=True, title=title).exists():
            continue
        Evidence.objects.create(
            assessment=assessment, title=title, is_snapshot=True, status=Evidence.Status.PROPOSED, added_by=by
        )
        made += 1
    return made


# Gaps become actions -----------------------------------------------------------------------


def _toolkit_area(number):
    return list(ToolkitArea)[number - 1]


@transaction.atomic
def gap_create_action(*, assessment, by):
    """An improvement action in the current draft partnership plan, linked both ways."""
    assessment = Assessment.objects.select_for_update().select_related("criterion__area", "cycle").get(pk=assessment.pk)
    if assessment.cycle.is_locked:
        raise ValidationError(_("This assessment has been signed off; make a correction to add actions."))
    if not assessment.is_gap:
        raise ValidationError(_("Only a criterion rated partly met or not met needs an improvement action."))
    if assessment.improvement_action_id:
        raise ValidationError(_("This criterion already has an improvement action."))
    plan = ActionPlan.objects.filter(status=ActionPlan.Status.DRAFT).order_by("-start_date").first()
    if plan is None:
        raise ValidationError(
            _("There is no draft partnership plan to add the action to. Start next year's plan first.")
        )
    organisation = by.organisation
    if organisation is None:
        raise ValidationError(_("Your account is not linked to an organisation to lead the action."))
    area = assessment.criterion.area
    toolkit_area = _toolkit_area(area.number)
    priority = plan.priorities.filter(toolkit_area=toolkit_area).order_by("number").first()
    if priority is None:
        priority = plan_services.priority_save(
            priority=Priority(
                plan=plan,
                number=(plan.priorities.aggregate(n=Max("number"))["n"] or 0) + 1,
                title=_("Prevent assurance: %(lower)s") % {"lower": area.title.lower()},
                toolkit_area=toolkit_area,
            )
        )
    reference = priority.free_reference(f"{priority.number}.{priority.actions.count() + 1}")
    action = plan_services.action_save(
        action=Action(
            priority=priority,
            reference=reference,
            description=f"Improve on criterion {assessment.criterion.number}: {assessment.criterion.text}"[:2000],
            lead_organisation=organisation,
            start_date=max(plan.start_date, min(timezone.localdate(), plan.end_date)),
            due_date=plan.end_date,
            measure_of_success=(
                f"Criterion {assessment.criterion.number} rated met at the next "
                f"{settings.PARTNERSHIP_NAME} self-assessment."
            ),
        )
    )
    assessment.improvement_action = action
    assessment.save(update_fields=["improvement_action"])
    return action


# The annual Prevent report ------------------------------------------------------------------


@transaction.atomic
def annual_report_create(*, cycle, addressee, responsible_officer=""):
    """A board report in the seed's format, pre-filled from the signed-off assessment through the board report
    engine (its figures: plan progress, coverage and attendance for the assessment's year)."""
    from . import annual, documents, selectors

    if cycle.status != Status.SIGNED_OFF:
        raise ValidationError(_("The annual Prevent report is made from a signed-off assessment. Sign it off first."))
    start, end = selectors.year_dates(cycle)
    report = plan_services.board_report_create(
        period_start=start,
        period_end=end,
        addressee=addressee,
        plan=selectors.year_plan(cycle),
        responsible_officer=responsible_officer,
    )
    sections = documents.annual_report_sections(cycle)
    report.item_title = f"{settings.PARTNERSHIP_NAME}: annual Prevent report {cycle.year_label}"
    report.summary = sections["summary"] + "\n\n" + report.summary
    report.recommendations = sections["recommendations"] + "\n" + report.recommendations
    report.appendices = sections["appendices"]
    fields = ["item_title", "summary", "recommendations", "appendices"]
    for field, text in annual.sections_for(start, end).items():  # the apps above: risks, partners' returns
        setattr(report, field, "\n\n".join(part for part in (getattr(report, field), text) if part))
        fields.append(field)
    report.save(update_fields=list(dict.fromkeys(fields)))
    return report
