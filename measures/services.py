"""Plan measures' workflows. Each refuses bad input with a ValidationError naming the field and changes nothing.

What may change when follows the plan's own rules (`actionplans.services`): measures, milestones and how an action is
tracked are part of the plan, changed while it is a draft; results, milestones done and an admin's override are
progress, recorded on an approved plan as progress updates are.

After every change the action's shown status and percent are worked out again (`standing_refresh`), and its parent's.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from actionplans import services as plan_services
from actionplans.models import Action, ActionPlan
from common import need_to_know
from common.casedata import confirmation_record
from common.concurrency import EditConflict, save_versioned
from common.uploads import accepted_upload

from .models import Direction, Measure, Measurement, Milestone, StatusPercent, Tracking
from .standing import Child, work_out

# Rules -----------------------------------------------------------------------------------------------------------


def _plan_of(action):
    return ActionPlan.objects.get(priorities__actions=action)


def _refuse_unless_plan_editable(action):
    """Measures, milestones and sub-actions are part of the plan: changed while it is a draft."""
    plan_services._refuse_unless_editable(_plan_of(action))


def _refuse_unless_progress_allowed(action, by):
    """Results and milestones done are progress: the rule of progress updates (`actionplans.services`)."""
    if not action.can_be_updated_by(by):
        raise PermissionDenied("Only the lead organisation's partners or an admin can report on this action.")
    plan = _plan_of(action)
    if plan.status == ActionPlan.Status.ARCHIVED:
        raise ValidationError("This plan is archived: its actions can no longer be reported on.")
    if plan.status == ActionPlan.Status.DRAFT and not need_to_know.is_admin(by):
        raise ValidationError("This plan is still a draft: results can be recorded once it is approved.")


def check_measure(measure):
    """The rules of a measure, all at once: {field: message}."""
    errors = {}
    higher = measure.direction == Direction.HIGHER
    above, below = ("above", "below") if higher else ("below", "above")
    values = (measure.baseline, measure.target, measure.amber_at, measure.red_at)
    if None in values:
        return errors  # the form has said which is missing
    if measure.target == measure.baseline:
        errors["target"] = "The target must differ from the baseline: it is what the action will change."
    elif (measure.target < measure.baseline) if higher else (measure.target > measure.baseline):
        errors["target"] = f"{Direction(measure.direction).label}, so the target must be {above} the baseline."
    if (measure.red_at >= measure.amber_at) if higher else (measure.red_at <= measure.amber_at):
        errors["red_at"] = (
            f"{Direction(measure.direction).label}, so the red threshold must be {below} the amber threshold."
        )
    elif (measure.amber_at > measure.target) if higher else (measure.amber_at < measure.target):
        errors["amber_at"] = (
            f"The amber threshold must not be {above} the target: reaching the target would still be amber."
        )
    if measure.baseline_date and measure.target_date and measure.target_date < measure.baseline_date:
        errors["target_date"] = "The target date must be on or after the baseline date."
    return errors


def check_milestone(milestone, action, today=None):
    errors = {}
    if milestone.due_date and milestone.due_date > action.due_date:
        errors["due_date"] = (
            f"The milestone must be due by the action's due date, {date_format(action.due_date)}: move it earlier "
            "or change the action's due date first."
        )
    if milestone.done_on and milestone.done_on > (today or timezone.localdate()):
        errors["done_on"] = "The date it was done cannot be in the future."
    return errors


def check_result(*, measure, period_start, period_end, value, today=None):
    errors = {}
    today = today or timezone.localdate()
    if period_end and period_end > today:
        errors["period_end"] = (
            f"The period has not ended yet: record its result once it has (on or after {date_format(period_end)})."
        )
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start."
    if period_end and Measurement.objects.filter(measure=measure, period_end=period_end).exists():
        errors["period_end"] = (
            f"A result for the period ending {date_format(period_end)} has already been recorded for this measure."
        )
    return errors


def parent_cycle(action, parent):
    """Whether making `action` part of `parent` would close a circle (the parent is the action or below it)."""
    seen = set()
    current = parent
    while current is not None:
        if current.pk == action.pk:
            return True
        if current.pk in seen:  # a circle already stored: refuse rather than loop
            return True
        seen.add(current.pk)
        current = Action.objects.filter(sub_action_tracking__action=current).first()
    return False


def check_parent(action, parent):
    if parent is None:
        return {}
    if parent.pk == action.pk:
        return {"parent": "An action cannot be part of itself."}
    if _plan_of(parent).pk != _plan_of(action).pk:
        return {"parent": "The action it is part of must be in the same plan."}
    if parent_cycle(action, parent):
        return {
            "parent": f"Action {parent.reference} is already part of action {action.reference}, directly or through "
            "other sub-actions: an action cannot be part of its own sub-action."
        }
    return {}


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# Tracking and the worked-out standing ---------------------------------------------------------------------------


def tracking_for(action):
    """The action's Tracking, made the first time something is tracked, remembering what people entered."""
    tracking, _ = Tracking.objects.get_or_create(
        action=action, defaults={"entered_status": action.status, "entered_percent": action.percent_complete}
    )
    return tracking


def latest_results(measures):
    """The measures (a queryset) with `latest` and `latest_end` annotated: the value of their latest result by period,
    and the end of its period (None without a result)."""
    latest = Measurement.objects.filter(measure=OuterRef("pk")).order_by("-period_end", "-pk")
    return measures.annotate(
        latest=Subquery(latest.values("value")[:1]), latest_end=Subquery(latest.values("period_end")[:1])
    )


def standing_of(action, tracking, today=None):
    """The action's Standing from what is stored: its measures, milestones, sub-actions and override."""
    today = today or timezone.localdate()
    rags = [m.rag_of(m.latest) for m in latest_results(Measure.objects.filter(action=action)) if m.latest is not None]
    children = [
        Child(a.status, a.percent_complete, a.weight)
        for a in Action.objects.filter(tracking__parent=action).only("status", "percent_complete", "weight")
    ]
    return work_out(
        entered_status=tracking.entered_status,
        entered_percent=tracking.entered_percent,
        measure_rags=rags,
        milestones_missed=Milestone.objects.filter(action=action).missed(today).count(),
        children=children,
        override=tracking.override_status,
    )


@transaction.atomic
def standing_refresh(action_id, *, today=None):
    """Work the action's status and percent out again and keep them on the action (where every page, export and
    roll-up reads them), then its parent's, and so on up. Returns the action's Standing, or None when untracked."""
    today = today or timezone.localdate()
    result, seen = None, set()
    while action_id is not None and action_id not in seen:
        seen.add(action_id)
        action = Action.objects.select_for_update().get(pk=action_id)
        tracking = Tracking.objects.filter(action=action).first()
        if tracking is None:
            return result
        standing = standing_of(action, tracking, today)
        if (action.status, action.percent_complete) != (standing.status, standing.percent):
            action.status, action.percent_complete = standing.status, standing.percent
            action.save(update_fields=["status", "percent_complete"])
        result = result or standing
        action_id = tracking.parent_id
    return result


def standing_refresh_all(*, today=None):
    """The daily run: milestones fall due with the date alone, so every tracked open action of a plan not archived is
    worked out again. Returns how many actions changed."""
    changed = 0
    open_tracked = (
        Tracking.objects.exclude(action__status__in=Action.CLOSED)
        .exclude(action__priority__plan__status=ActionPlan.Status.ARCHIVED)
        .values_list("action_id", "action__status", "action__percent_complete")
    )
    for action_id, status, percent in list(open_tracked):
        with transaction.atomic():
            standing = standing_refresh(action_id, today=today)
        if standing is not None and (standing.status, standing.percent) != (status, percent):
            changed += 1
    return changed


def progress_changed(action):
    """Told by action plans when people set an action's status or percent (an edit, a progress update): that is what
    they entered; the shown ones are worked out from it again."""
    tracking = Tracking.objects.filter(action=action).first()
    if tracking is not None:
        tracking.entered_status, tracking.entered_percent = action.status, action.percent_complete
        tracking.save(update_fields=["entered_status", "entered_percent"])
        standing_refresh(action.pk)  # and its parent's: a sub-action is always tracked (its link is its Tracking)


# Measures --------------------------------------------------------------------------------------------------------


@transaction.atomic
def measure_save(*, measure, expected_version=None):
    action = measure.action
    _refuse_unless_plan_editable(action)
    _raise(check_measure(measure))
    if measure.pk:
        save_versioned(measure, expected_version=expected_version)
    else:
        measure.save()
    tracking_for(action)
    standing_refresh(action.pk)
    return measure


@transaction.atomic
def measure_delete(*, measure):
    action = measure.action
    _refuse_unless_plan_editable(action)
    for result in measure.measurements.exclude(evidence=""):
        result.evidence.delete(save=False)
    measure.delete()
    standing_refresh(action.pk)


# Results ---------------------------------------------------------------------------------------------------------


def _accepted_evidence(upload):
    """The evidence file checked by its content, and a PDF cleaned of anything that runs: (kind, file to store)."""
    return accepted_upload(upload, field="evidence")


@transaction.atomic
def measurement_record(
    *,
    measure,
    by,
    period_start,
    period_end,
    value,
    source,
    commentary="",
    evidence=None,
    marking="official",
    case_data=None,
):
    """Record a result for a period that has ended, with its evidence file if any, and work the RAG out again."""
    action = Action.objects.select_for_update().get(pk=measure.action_id)
    _refuse_unless_progress_allowed(action, by)
    errors = check_result(measure=measure, period_start=period_start, period_end=period_end, value=value)
    if not (source or "").strip():
        errors["source"] = "Say where the figure comes from."
    _raise(errors)
    result = Measurement(
        measure=measure,
        period_start=period_start,
        period_end=period_end,
        value=value,
        source=source.strip(),
        commentary=(commentary or "").strip(),
        marking=marking,
        recorded_by=by,
    )
    if evidence is not None:
        kind, upload = _accepted_evidence(evidence)
        result.evidence_name = evidence.name.replace("/", "_").replace("\\", "_")[:255]
        result.evidence_kind = kind
        result.evidence.save(upload.name, upload, save=False)
    result.save()
    confirmation_record(result, case_data)
    tracking_for(action)
    standing_refresh(action.pk)
    return result


@transaction.atomic
def measurement_remove(*, measurement, by):
    """An admin takes back a result recorded in error (its history keeps that it was there)."""
    if not need_to_know.is_admin(by):
        raise PermissionDenied("Only an admin can remove a result.")
    action_id = measurement.measure.action_id
    if measurement.evidence:
        measurement.evidence.delete(save=False)
    measurement.delete()
    standing_refresh(action_id)


# Milestones ------------------------------------------------------------------------------------------------------


@transaction.atomic
def milestone_save(*, milestone, expected_version=None):
    action = milestone.action
    _refuse_unless_plan_editable(action)
    _raise(check_milestone(milestone, action))
    if milestone.pk:
        save_versioned(milestone, expected_version=expected_version)
    else:
        milestone.save()
    tracking_for(action)
    standing_refresh(action.pk)
    return milestone


@transaction.atomic
def milestone_mark(*, milestone, by, done_on):
    """Mark a milestone done on a date (None: not done after all). Progress, so an approved plan takes it."""
    milestone = Milestone.objects.select_for_update().select_related("action").get(pk=milestone.pk)
    _refuse_unless_progress_allowed(milestone.action, by)
    _raise({k: v for k, v in check_milestone(Milestone(done_on=done_on), milestone.action).items() if k == "done_on"})
    milestone.done_on = done_on
    milestone.version += 1
    milestone.save(update_fields=["done_on", "version"])
    tracking_for(milestone.action)
    standing_refresh(milestone.action_id)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone):
    action = milestone.action
    _refuse_unless_plan_editable(action)
    milestone.delete()
    standing_refresh(action.pk)


# Sub-actions, reporting period, override -------------------------------------------------------------------------


@transaction.atomic
def tracking_save(*, action, parent, reporting_period, expected_version=None):
    """Which action this one is part of, and how often it reports."""
    _refuse_unless_plan_editable(action)
    _raise(check_parent(action, parent))
    tracking = tracking_for(action)
    if expected_version is not None and tracking.version != expected_version:
        raise EditConflict(tracking)
    old_parent = tracking.parent_id
    tracking.parent = parent
    tracking.reporting_period = reporting_period
    tracking.version += 1
    tracking.save()
    if parent is not None:
        tracking_for(parent)
    standing_refresh(action.pk)
    if old_parent and old_parent != getattr(parent, "pk", None):
        standing_refresh(old_parent)
    return tracking


@transaction.atomic
def rag_override(*, action, by, status, reason, case_data=None):
    """An admin sets the action's RAG by hand, saying why (shown wherever the override is); status "" takes it off."""
    if not need_to_know.is_admin(by):
        raise PermissionDenied("Only an admin can set an action's RAG by hand.")
    if _plan_of(action).status == ActionPlan.Status.ARCHIVED:
        raise ValidationError("This plan is archived: its actions can no longer change.")
    if action.status in Action.CLOSED:
        raise ValidationError(
            f"This action is {action.get_status_display().lower()}: there is no RAG to set until it is reopened."
        )
    reason = (reason or "").strip()
    if status and not reason:
        raise ValidationError({"reason": "Say why the RAG is set by hand: the reason is shown with it."})
    tracking = tracking_for(action)
    tracking.override_status = status or ""
    tracking.override_reason = reason if status else ""
    tracking.overridden_by = by if status else None
    tracking.overridden_at = timezone.now() if status else None
    tracking.version += 1
    tracking.save()
    confirmation_record(action, case_data)
    return standing_refresh(action.pk)


# Statuses' usual percents ----------------------------------------------------------------------------------------


def status_percents():
    """{status: percent} for the statuses that have a usual percent."""
    return dict(StatusPercent.objects.values_list("status", "percent"))


def default_percent(status):
    """For action plans (`extend.register_default_percent`): the status's usual percent, or None."""
    return StatusPercent.objects.filter(status=status).values_list("percent", flat=True).first()


@transaction.atomic
def status_percents_save(*, percents, expected):
    """Keep {status: percent or None}; `expected` is what the editor saw, so a change made meanwhile is not
    overwritten silently."""
    current = status_percents()
    if current != expected:
        raise ValidationError(
            "Someone else changed these percents while you were editing them. The page now shows theirs: check them "
            "and save again."
        )
    errors = {}
    for status, percent in percents.items():
        if percent is not None and not 0 <= percent <= 100:
            errors[status] = "Enter a percent from 0 to 100."
        elif status == Action.Status.COMPLETE and percent not in (None, 100):
            errors[status] = "Complete is always 100%: leave it at 100 or empty."
    _raise(errors)
    for status, percent in percents.items():
        if percent is None:
            StatusPercent.objects.filter(status=status).delete()
        else:
            StatusPercent.objects.update_or_create(status=status, defaults={"percent": percent})
    return status_percents()
