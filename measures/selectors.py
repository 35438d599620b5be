"""Reads for plan measures' sections, panels, reports and exports: data, never HTML, each at a fixed number of
queries whatever the size of the plan."""

import calendar

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors as plan_selectors
from actionplans.models import Action, ActionPlan, ProgressUpdate
from assurance.sources import Source
from common import need_to_know

from .models import RAG_STATUSES, Measure, Measurement, Milestone, ReportingPeriod, Tracking
from .services import latest_results, status_percents
from .standing import Child, work_out

# Stale updates ---------------------------------------------------------------------------------------------------


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer)."""
    month, year = day.month - months, day.year
    while month < 1:
        month, year = month + 12, year - 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def stale_actions(actions, *, today=None):
    """The open actions among `actions` (a queryset) that have had no progress update or result for longer than their
    reporting period (quarterly unless set), counted from their start: dicts for tables, oldest first. One query."""
    today = today or timezone.localdate()
    last_update = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date").values("date")[:1]
    last_result = (
        Measurement.objects.filter(measure__action=OuterRef("pk")).order_by("-recorded_at").values("recorded_at")[:1]
    )
    rows = (
        actions.open()
        .filter(start_date__lte=today)
        .annotate(
            last_update=Subquery(last_update),
            last_result=Subquery(last_result),
            period=Coalesce("tracking__reporting_period", ReportingPeriod.QUARTERLY),
        )
        .values(
            "pk",
            "reference",
            "description",
            "start_date",
            "status",
            "lead_organisation__name",
            "last_update",
            "last_result",
            "period",
        )
    )
    stale = []
    for row in rows:
        dates = [d for d in (row["last_update"], _local_date(row["last_result"])) if d]
        row["last_activity"] = max(dates) if dates else None
        if (row["last_activity"] or row["start_date"]) < months_before(today, row["period"]):
            row["period_label"] = ReportingPeriod(row["period"]).label
            row["rag"], row["rag_colour"] = Action.RAG[row["status"]]
            stale.append(row)
    stale.sort(key=lambda r: (r["last_activity"] or r["start_date"], r["reference"]))
    return stale


# Exceptions: the dashboard, the highlight report ------------------------------------------------------------------


def _measure_row(measure):
    latest = measure.latest
    rag = measure.rag_of(latest) if latest is not None else None
    return {
        "measure": measure,
        "latest": latest,
        "rag": rag,
        "rag_word": Action.RAG[rag][0] if rag else "",
        "rag_colour": Action.RAG[rag][1] if rag else "grey",
    }


def off_target_measures(actions, *, statuses=(Action.Status.AT_RISK, Action.Status.OFF_TRACK)):
    """Measures of open actions among `actions` whose latest result is amber or red: rows, worst first. One query."""
    measures = latest_results(
        Measure.objects.filter(action__in=actions.open()).select_related("action__lead_organisation")
    ).exclude(latest=None)
    rows = [row for row in map(_measure_row, measures) if row["rag"] in statuses]
    rows.sort(key=lambda r: (r["rag"] != Action.Status.OFF_TRACK, r["measure"].action.reference, r["measure"].pk))
    return rows


def missed_milestones(actions, *, today=None):
    """Milestones of open actions among `actions` not done by their due date, earliest first. One query."""
    return list(
        Milestone.objects.filter(action__in=actions.open())
        .missed(today)
        .select_related("action__lead_organisation")
        .order_by("due_date", "action__reference", "pk")
    )


def plan_exceptions(plan, *, today=None):
    """What a highlight report shows: the plan's red and amber actions (with why), its off-target measures, its
    missed milestones and its stale actions. Six queries whatever the plan's size."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(priority__plan=plan)
    flagged = list(
        actions.filter(status__in=[Action.Status.OFF_TRACK, Action.Status.AT_RISK])
        .select_related("priority", "lead_organisation", "lead_officer", "tracking")
        .order_by("-status", "priority__number", "reference", "pk")  # "off_track" > "at_risk": red first
    )
    measures = off_target_measures(actions, statuses=RAG_STATUSES)
    milestones = missed_milestones(actions, today=today)
    by_action = {}
    for row in measures:
        by_action.setdefault(row["measure"].action_id, {"measures": [], "milestones": []})["measures"].append(row)
    for milestone in milestones:
        by_action.setdefault(milestone.action_id, {"measures": [], "milestones": []})["milestones"].append(milestone)
    rows = []
    for action in flagged:
        tracking = getattr(action, "tracking", None)
        mine = by_action.get(action.pk, {"measures": [], "milestones": []})
        rows.append(
            {
                "action": action,
                "override": tracking.override_reason if tracking and tracking.override_status else "",
                "measures": [m for m in mine["measures"] if m["rag"] != Action.Status.ON_TRACK],
                "milestones": mine["milestones"],
            }
        )
    stale = stale_actions(actions, today=today)
    return {
        "plan": plan,
        "today": today,
        "quarter_start": months_before(today, 3),
        "red": [r for r in rows if r["action"].status == Action.Status.OFF_TRACK],
        "amber": [r for r in rows if r["action"].status == Action.Status.AT_RISK],
        "milestones": milestones,
        "stale": stale,
        "off_target": [m for m in measures if m["rag"] != Action.Status.ON_TRACK],
        "total": actions.count(),
        "marking": need_to_know.document_marking(action for action in flagged),
    }


# Sections on action plan pages (`actionplans.extend`) -------------------------------------------------------------


def sub_actions():
    """For action plans' weighted roll-ups: the actions that count within another (their parent carries them)."""
    return Action.objects.filter(tracking__parent__isnull=False)


def action_section(request, action):
    """The action page's measures, results, milestones, sub-actions and how its RAG was worked out."""
    user = request.user
    today = timezone.localdate()
    plan = action.priority.plan
    tracking = Tracking.objects.filter(action=action).select_related("parent", "overridden_by__person").first()
    results = Measurement.objects.select_related("recorded_by__person").order_by("-period_end", "-pk")
    measures = [
        _measure_row(m)
        for m in latest_results(action.measures.all()).prefetch_related(Prefetch("measurements", queryset=results))
    ]
    milestones = list(action.milestones.all())
    children = list(
        Action.objects.visible_to(user).filter(tracking__parent=action).order_by("priority__number", "reference")
    )
    standing = None
    if tracking is not None:
        standing = work_out(
            entered_status=tracking.entered_status,
            entered_percent=tracking.entered_percent,
            measure_rags=[m["rag"] for m in measures if m["rag"]],
            milestones_missed=sum(m.is_missed(today) for m in milestones),
            children=[Child(c.status, c.percent_complete, c.weight) for c in children],
            override=tracking.override_status,
        )
    admin = need_to_know.is_admin(user)
    return {
        "m_action": action,
        "m_plan": plan,
        "m_tracking": tracking,
        "m_standing": standing,
        "m_measures": measures,
        "m_milestones": milestones,
        "m_children": children,
        "m_today": today,
        "m_entered": (
            {"rag": Action.RAG[tracking.entered_status][0], "label": Action.Status(tracking.entered_status).label}
            if tracking
            else None
        ),
        "m_period": ReportingPeriod(tracking.reporting_period).label if tracking else ReportingPeriod.QUARTERLY.label,
        "m_can_edit": admin and plan.is_editable,
        "m_can_report": action.can_be_updated_by(user)
        and (plan.status == ActionPlan.Status.APPROVED or (admin and plan.is_editable)),
        "m_can_override": admin and plan.status != ActionPlan.Status.ARCHIVED and action.is_open,
        "m_can_remove": admin,
    }


def update_note(request, action):
    """On the progress update form: how the shown RAG is worked out, and the statuses' usual percents."""
    tracking = Tracking.objects.filter(action=action).only("pk").first()
    percents = status_percents()
    if tracking is None and not percents:
        return None
    return {
        "m_tracked": tracking is not None,
        "m_percents": [(Action.Status(s).label, p) for s, p in sorted(percents.items())],
    }


def plan_section(request, plan):
    return {"m_plan": plan}


def dashboard_section(request, plan):
    actions = Action.objects.filter(priority__plan=plan)
    return {
        "m_plan": plan,
        "m_stale": stale_actions(actions),
        "m_milestones": missed_milestones(actions),
        "m_off_target": off_target_measures(actions),
    }


def progress_section(request, meeting):
    """On the progress page for a meeting: the stale actions of the plans in force on its day that the reader sees."""
    day = timezone.localtime(meeting.starts_at).date()
    plans = ActionPlan.objects.visible_to(request.user).filter(
        status=ActionPlan.Status.APPROVED, start_date__lte=day, end_date__gte=day
    )
    actions = Action.objects.visible_to(request.user).filter(priority__plan__in=plans)
    return {"m_stale": stale_actions(actions, today=min(day, timezone.localdate())), "m_meeting": meeting}


def plan_measures(plan):
    """{action pk: {"measures": [rows], "milestones": [...], "parent": reference or ""}} for the plan's PDF and CSV."""
    by_action = {}
    measures = latest_results(Measure.objects.filter(action__priority__plan=plan)).order_by("action_id", "pk")
    for measure in measures:
        by_action.setdefault(measure.action_id, {"measures": [], "milestones": [], "tracking": None})
        by_action[measure.action_id]["measures"].append(_measure_row(measure))
    for milestone in Milestone.objects.filter(action__priority__plan=plan).order_by("action_id", "due_date", "pk"):
        by_action.setdefault(milestone.action_id, {"measures": [], "milestones": [], "tracking": None})
        by_action[milestone.action_id]["milestones"].append(milestone)
    for tracking in Tracking.objects.filter(action__priority__plan=plan).select_related("parent"):
        by_action.setdefault(tracking.action_id, {"measures": [], "milestones": [], "tracking": None})
        by_action[tracking.action_id]["tracking"] = tracking
    return by_action


def plan_pdf_section(request, plan):
    rows = plan_measures(plan)
    actions = {
        a.pk: a
        for a in Action.objects.filter(pk__in=[pk for pk, row in rows.items() if row["measures"] or row["milestones"]])
        .select_related("priority")
        .order_by("priority__number", "reference")
    }
    return {
        "m_rows": [{"action": action, **rows[pk]} for pk, action in actions.items()],
        "m_today": timezone.localdate(),
    }


# Home page, assurance, subject access ----------------------------------------------------------------------------


def home_panel(user):
    """The admin's panel: the plan in force, and how many of its open actions are off target on a measure, have a
    milestone missed, or are set by hand. One query."""
    plan = plan_selectors.current_plan(user)
    if plan is None:
        return {"m_plan": None}
    today = timezone.localdate()
    counts = (
        Action.objects.filter(priority__plan=plan)
        .open()
        .aggregate(
            measured=Count("pk", filter=Q(measures__isnull=False), distinct=True),
            missed=Count(
                "pk", filter=Q(milestones__done_on__isnull=True, milestones__due_date__lt=today), distinct=True
            ),
            overridden=Count("pk", filter=~Q(tracking__override_status=""), distinct=True),
            red=Count("pk", filter=Q(status=Action.Status.OFF_TRACK), distinct=True),
        )
    )
    return {"m_plan": plan, **{f"m_{key}": value for key, value in counts.items()}}


def evidence_source():
    """Results of plan measures as evidence an assessment may cite (area 3: the partnership plan), read through their
    action's rule and at its level."""
    return Source(
        "Result of a plan measure",
        Measurement,
        lambda user: Measurement.objects.visible_to(user),
        ("measure__title", "commentary", "source"),
        lambda r: reverse("actionplans:action", args=[r.measure.action_id]) + "#measures",
        ("measure__action",),
        "action",
    )


def subject_access_results(person):
    if not person.user_id:
        return []
    return [
        {
            "action": m.measure.action.reference,
            "measure": m.measure.title,
            "period_end": m.period_end,
            "result": str(m.value),
            "source": m.source,
            "commentary": m.commentary,
        }
        for m in Measurement.objects.filter(recorded_by_id=person.user_id)
        .select_related("measure__action")
        .order_by("pk")
    ]


def subject_access_overrides(person):
    if not person.user_id:
        return []
    return [
        {
            "action": t.action.reference,
            "rag": t.get_override_status_display(),
            "reason": t.override_reason,
            "at": t.overridden_at,
        }
        for t in Tracking.objects.filter(overridden_by_id=person.user_id).select_related("action").order_by("pk")
    ]
