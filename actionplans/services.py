"""Action plan workflows. Each refuses bad input with a ValidationError and changes nothing."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from common import need_to_know
from common.casedata import confirmation_record
from common.concurrency import save_versioned
from meetings.models import Meeting
from members.models import Person
from returnrequests import services as returns

from . import extend, plan_returns, selectors
from .models import Action, ActionPlan, BoardReport, BoardReportVersion, Priority, ProgressUpdate

APPROVED_PLAN_MESSAGE = (
    "This plan has been approved, so it cannot be changed in place. "
    "Reopen it as a draft (saying why) to change it, then approve it again."
)


def _refuse_unless_editable(plan):
    if not plan.is_editable:
        if plan.status == ActionPlan.Status.ARCHIVED:
            raise ValidationError(gettext("This plan is archived and cannot be changed."))
        raise ValidationError(APPROVED_PLAN_MESSAGE)


def _check_action_rules(*, start_date, due_date, status, percent_complete):
    errors = {}
    if start_date and due_date and due_date < start_date:
        errors["due_date"] = "The due date must be the same as or after the start date."
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        errors["percent_complete"] = "Percent complete must be between 0 and 100."
    elif status == Action.Status.COMPLETE and percent_complete != 100:
        errors["status"] = "An action can only be complete when it is 100% done. Set percent complete to 100."
    if errors:
        raise ValidationError(errors)


# Plans -------------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, plan, expected_version=None):
    """Create or edit a plan's own fields. Approved plans are refused (see plan_reopen)."""
    if plan.pk:
        stored = ActionPlan.objects.get(pk=plan.pk)
        _refuse_unless_editable(stored)
    if plan.start_date and plan.end_date and plan.end_date <= plan.start_date:
        raise ValidationError({"end_date": gettext("The plan must end after it starts.")})
    if plan.pk:
        return save_versioned(plan, expected_version=expected_version)
    plan.save()
    return plan


def approving_meetings(plan):
    """The meetings that can have approved `plan`: held meetings of the group that owns it, newest first."""
    return (
        Meeting.objects.filter(group=plan.owning_group(), status=Meeting.Status.HELD, starts_at__lte=timezone.now())
        .select_related("group")
        .order_by("-starts_at")
    )


@transaction.atomic
def plan_approve(*, plan, meeting):
    """Approve a draft plan at a held meeting of the group that owns it; it is approved on that meeting's date."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(gettext("Only a draft plan can be approved."))
    if not plan.priorities.exists():
        raise ValidationError("Add at least one priority before approving the plan.")
    if meeting is None:
        raise ValidationError({"meeting": "Select the meeting that approved the plan."})
    owner = plan.owning_group()
    if owner is None or meeting.group_id != owner.pk:
        raise ValidationError({"meeting": f"A plan is approved at a meeting of {owner or 'the board'}, which owns it."})
    if meeting.status != Meeting.Status.HELD or meeting.starts_at > timezone.now():
        raise ValidationError(
            {"meeting": "Select a meeting that has been held (its attendance recorded) to approve the plan."}
        )
    plan.status = ActionPlan.Status.APPROVED
    plan.approved_at_meeting = meeting
    plan.approved_on = timezone.localtime(meeting.starts_at).date()
    plan.version += 1
    plan.save()
    return plan


@transaction.atomic
def plan_reopen(*, plan, reason, case_data=None):
    """Put an approved plan back to draft so it can be changed; the reason is kept in its history."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(gettext("Only an approved plan can be reopened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": gettext("Say why the approved plan needs to change.")})
    plan.status = ActionPlan.Status.DRAFT
    plan.reopened_reason = reason.strip()
    plan.version += 1
    plan.save()
    confirmation_record(plan, case_data)
    return plan


@transaction.atomic
def plan_archive(*, plan):
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(gettext("Only an approved plan can be archived."))
    plan.status = ActionPlan.Status.ARCHIVED
    plan.version += 1
    plan.save()
    return plan


@transaction.atomic
def plan_publish_summary(*, plan, published, text, case_data=None):
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if published and not (text or "").strip():
        raise ValidationError(
            {"public_summary": gettext("Write the summary the public will see before publishing it.")}
        )
    if published and plan.status == ActionPlan.Status.DRAFT:
        raise ValidationError(gettext("A draft plan cannot be published. Approve it first."))
    plan.summary_published = published
    plan.public_summary = text
    plan.save(update_fields=["summary_published", "public_summary"])
    confirmation_record(plan, case_data)
    return plan


def _next_year_label(label):
    first = int(label[:4]) + 1
    return f"{first}/{(first + 1) % 100:02d}"


def _shift_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _rolled_due_date(due, new_plan):
    """An unfinished action keeps its due date if it still falls in the new plan; an overdue one moves on a year
    (the same point in the cycle), so rolled-over actions do not all fall due on the plan's first day."""
    if due >= new_plan.start_date:
        return due
    return min(max(_shift_year(due), new_plan.start_date), new_plan.end_date)


@transaction.atomic
def plan_roll_over(*, plan):
    """Copy the plan's priorities and unfinished actions into next year's draft, linked to their origin.

    Idempotent: an action already rolled into the next plan is not copied again. The draft may exist already,
    with actions of its own.
    """
    if plan.status == ActionPlan.Status.DRAFT:
        raise ValidationError(gettext("Approve this plan before rolling it over."))
    label = _next_year_label(plan.year_label)
    new_plan, _ = ActionPlan.objects.get_or_create(
        year_label=label,
        defaults={
            "title": plan.title,
            "start_date": _shift_year(plan.start_date),
            "end_date": _shift_year(plan.end_date),
        },
    )
    if not new_plan.is_editable:
        raise ValidationError(
            gettext("The %(label)s plan is already approved; reopen it before rolling actions into it.")
            % {"label": label}
        )
    already = set(Action.objects.filter(priority__plan=new_plan, origin__isnull=False).values_list("origin", flat=True))
    copied = 0
    for priority in plan.priorities.prefetch_related("actions__supporting_organisations"):
        unfinished = [a for a in priority.actions.all() if a.is_open and a.pk not in already]
        if not unfinished:
            continue
        new_priority, _ = Priority.objects.get_or_create(
            plan=new_plan,
            number=priority.number,
            defaults={
                field: getattr(priority, field)
                for field in (
                    "title",
                    "description",
                    "source",
                    "ctlp_reference",
                    "unclassified_summary",
                    "toolkit_area",
                )
            },
        )
        # The draft may have actions of its own already (an improvement action from a Prevent assurance gap):
        # a copy whose reference is taken gets a letter after it (`Priority.free_reference`).
        taken = set(new_priority.actions.values_list("reference", flat=True))
        for action in unfinished:
            copy = Action.objects.create(
                priority=new_priority,
                reference=new_priority.free_reference(action.reference, taken),
                description=action.description,
                lead_organisation_id=action.lead_organisation_id,
                lead_officer_id=action.lead_officer_id,
                start_date=max(action.start_date, new_plan.start_date),
                due_date=_rolled_due_date(action.due_date, new_plan),
                measure_of_success=action.measure_of_success,
                status=action.status if action.status != Action.Status.NOT_STARTED else Action.Status.NOT_STARTED,
                percent_complete=action.percent_complete,
                weight=action.weight,
                marking=action.marking,
                origin=action,
            )
            copy.supporting_organisations.set(action.supporting_organisations.all())
            copied += 1
    return new_plan, copied


# Priorities and actions --------------------------------------------------------------------


@transaction.atomic
def priority_save(*, priority, expected_version=None, case_data=None):
    _refuse_unless_editable(ActionPlan.objects.get(pk=priority.plan_id))
    if priority.source == Priority.Source.CTLP and not priority.ctlp_reference.strip():
        raise ValidationError({"ctlp_reference": gettext("Enter the CTLP recommendation's reference, for example R4.")})
    if priority.pk:
        save_versioned(priority, expected_version=expected_version)
    else:
        priority.save()
    confirmation_record(priority, case_data)
    return priority


@transaction.atomic
def action_save(*, action, supporting_organisations=None, meeting_actions=None, expected_version=None, case_data=None):
    plan = ActionPlan.objects.get(priorities=action.priority_id)
    _refuse_unless_editable(plan)
    _check_action_rules(
        start_date=action.start_date,
        due_date=action.due_date,
        status=action.status,
        percent_complete=action.percent_complete,
    )
    if action.lead_officer_id and action.lead_officer.organisation_id != action.lead_organisation_id:
        raise ValidationError({"lead_officer": gettext("The lead officer must work for the lead organisation.")})
    if action.pk:
        save_versioned(action, expected_version=expected_version)
    else:
        action.save()
    if supporting_organisations is not None:
        action.supporting_organisations.set(supporting_organisations)
    if meeting_actions is not None:
        action.meeting_actions.set(meeting_actions)
    extend.progress_changed(action)
    confirmation_record(action, case_data)
    return action


@transaction.atomic
def action_post_update(*, action, by, narrative, status, percent_complete, date=None, case_data=None):
    """Record a dated progress update and move the action to its new status and percent.

    No percent (None): the status's usual percent, where an app gives statuses one (`extend.default_percent`).
    A confirmation that the narrative is not case data goes to the action's history, where its updates are read."""
    if not action.can_be_updated_by(by):
        raise PermissionDenied("Only the lead organisation's partners or an admin can update this action.")
    update = _record_update(
        action=action,
        author=by,
        reported_by=None,
        drafts_allowed=need_to_know.is_admin(by),
        narrative=narrative,
        status=status,
        percent_complete=percent_complete,
        date=date,
    )
    confirmation_record(action, case_data)
    return update


@transaction.atomic
def action_post_return(*, return_request, narrative, status, percent_complete, date=None, case_data=None):
    """A lead officer's return by the emailed link (no sign-in): the link stands for the person it was sent to."""
    from returnrequests.models import ReturnRequest

    request = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
    if request.returned_at is not None:
        raise ValidationError("This return is already in: thank you.")
    action = Action.objects.get(pk=request.subject_id)
    person = Person.objects.filter(pk=request.person_id).first()
    update = _record_update(
        action=action,
        author=None,
        reported_by=person,
        drafts_allowed=False,
        narrative=narrative,
        status=status,
        percent_complete=percent_complete,
        date=date,
        via=ReturnRequest.Via.LINK,
    )
    confirmation_record(action, case_data)
    return update


def _record_update(*, action, author, reported_by, drafts_allowed, narrative, status, percent_complete, date, via=None):
    action = Action.objects.select_for_update().select_related("priority__plan").get(pk=action.pk)
    if action.priority.plan.status == ActionPlan.Status.ARCHIVED:
        raise ValidationError("This plan is archived: its actions can no longer be updated.")
    if action.priority.plan.status == ActionPlan.Status.DRAFT and not drafts_allowed:
        raise ValidationError("This plan is still a draft: progress can be reported once it is approved.")
    if not (narrative or "").strip():
        raise ValidationError({"narrative": gettext("Describe the progress made.")})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": gettext("The date of an update cannot be in the future.")})
    if percent_complete is None:
        percent_complete = extend.default_percent(status)
        if percent_complete is None:
            raise ValidationError({"percent_complete": "Enter percent complete"})
    _check_action_rules(start_date=None, due_date=None, status=status, percent_complete=percent_complete)
    update = ProgressUpdate.objects.create(
        action=action,
        author=author,
        reported_by=reported_by,
        date=date,
        narrative=narrative.strip(),
        status=status,
        percent_complete=percent_complete,
    )
    action.status = status
    action.percent_complete = percent_complete
    action.version += 1
    action.save(update_fields=["status", "percent_complete", "version"])
    extend.progress_changed(action)
    # However it came, the update answers every return still asked of this action.
    returns.requests_answered(kind=plan_returns.KIND, subject=action, answer=update, **({"via": via} if via else {}))
    return update


# Board reports -----------------------------------------------------------------------------


@transaction.atomic
def board_report_create(
    *, period_start, period_end, linked_body=None, addressee="", plan=None, meeting_date=None, responsible_officer=""
):
    """A draft report with its narrative pre-filled from live data; the admin then edits it."""
    addressee = (addressee or "").strip() or (linked_body.name if linked_body else "")
    if not addressee:
        raise ValidationError({"linked_body": gettext("Choose the linked body this report goes to, or type its name.")})
    if period_end < period_start:
        raise ValidationError({"period_end": gettext("The end of the period must be on or after its start.")})
    data = selectors.board_report_data(plan=plan, period_start=period_start, period_end=period_end)
    report = BoardReport.objects.create(
        linked_body=linked_body,
        addressee=addressee,
        plan=plan,
        period_start=period_start,
        period_end=period_end,
        meeting_date=meeting_date,
        responsible_officer=responsible_officer,
        item_title=f"{settings.PARTNERSHIP_NAME}: the Prevent duty and the annual action plan",
        **selectors.board_report_prefill(data),
    )
    return report


@transaction.atomic
def board_report_save(*, report, expected_version, case_data=None):
    stored = BoardReport.objects.get(pk=report.pk)
    if stored.status == BoardReport.Status.APPROVED:
        # Editing an approved report makes a new draft; the approved version stays as it was.
        report.status = BoardReport.Status.DRAFT
    if report.period_end < report.period_start:
        raise ValidationError({"period_end": gettext("The end of the period must be on or after its start.")})
    report = save_versioned(report, expected_version=expected_version)
    confirmation_record(report, case_data)
    return report


@transaction.atomic
def board_report_approve(*, report, by):
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    if report.status == BoardReport.Status.APPROVED:
        raise ValidationError(gettext("This version is already approved."))
    missing = [label for field, label in BoardReport.SECTIONS[:3] if not getattr(report, field).strip()]
    if missing:
        raise ValidationError(
            gettext("Complete these sections before approving: %(join)s.") % {"join": ", ".join(missing)}
        )
    data = selectors.board_report_data(plan=report.plan, period_start=report.period_start, period_end=report.period_end)
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    content = {
        "fields": {
            field: str(getattr(report, field) or "")
            for field in [
                "addressee",
                "item_title",
                "responsible_officer",
                "threat_level",
                "meeting_date",
                "period_start",
                "period_end",
            ]
            + [f for f, _ in BoardReport.SECTIONS]
        },
        "data": data,
    }
    version = BoardReportVersion.objects.create(report=report, number=number, approved_by=by, content=content)
    report.status = BoardReport.Status.APPROVED
    report.version += 1
    report.save(update_fields=["status", "version"])
    return version
