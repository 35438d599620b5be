"""Reads shared by pages, exports and board reports, each at a fixed number of queries."""

import datetime
import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from common.audit import CHANGE_TYPES, change_log
from meetings.models import Meeting, MeetingAction
from meetings.selectors import attendance_by_organisation
from members.selectors import coverage
from returnrequests import services as returns
from returnrequests.models import ReturnRequest

from . import extend, plan_returns
from .models import Action, ActionPlan, Priority, ProgressUpdate, ToolkitArea, rag_text

STATUS_ORDER = [s for s, _ in Action.Status.choices]


def plan_actions(plan, *, priority=None, organisation=None, status=None, overdue=False):
    """The plan's actions with everything a table row shows, in one query."""
    # The latest update's date by the (action, -date) index, rather than grouping every update.
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date").values("date")[:1]
    actions = (
        Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_organisation", "lead_officer")
        .annotate(last_update=Subquery(latest))
        .order_by("priority__number", "reference", "pk")
    )
    if priority:
        actions = actions.filter(priority_id=priority)
    if organisation:
        actions = actions.filter(lead_organisation_id=organisation)
    if status:
        actions = actions.filter(status=status)
    if overdue:
        actions = actions.overdue()
    return actions


def plan_action_rows(plan, **filters):
    """The plan page's table: one dict per action with the fields its row shows, in one query.

    Dicts, not model instances: a plan has hundreds of actions, and the template reads a dict's
    keys directly where it would try several lookups on an object; `make bench` measures the page.
    """
    rag = {status: (Action.RAG[status][1], str(rag_text(status))) for status in Action.Status.values}  # once a page
    today = timezone.localdate()
    rows = list(
        plan_actions(plan, **filters).values(
            "pk",
            "priority_id",
            "reference",
            "description",
            "lead_organisation__name",
            "lead_officer__name",
            "due_date",
            "status",
            "percent_complete",
            "last_update",
        )
    )
    for row in rows:
        row["rag_colour"], row["rag_text"] = rag[row["status"]]
        row["is_overdue"] = row["status"] not in Action.CLOSED and row["due_date"] < today
    return rows


def _rag_counts(rows):
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        counts[row["status"]] += row["n"]
    return counts


def _segments(counts):
    return [
        {
            "status": s,
            "label": str(Action.Status(s).label),  # str: board reports keep these as JSON
            "rag": str(Action.RAG[s][0]),
            "colour": Action.RAG[s][1],
            "n": counts[s],
        }
        for s in STATUS_ORDER
    ]


def _weighted(rows):
    live = [r for r in rows if r["status"] != Action.Status.CANCELLED]
    weight = sum(r["w"] or 0 for r in live)
    return round(sum(r["wp"] or 0 for r in live) / weight) if weight else 0


# How far from on track each RAG status is, for the RAG by weight; other statuses do not count towards it.
RAG_SCORES = {Action.Status.ON_TRACK: 0, Action.Status.AT_RISK: 1, Action.Status.OFF_TRACK: 2}
RAG_BY_SCORE = (Action.Status.ON_TRACK, Action.Status.AT_RISK, Action.Status.OFF_TRACK)


def rag_by_weight(pairs):
    """The RAG status of a set of actions by weight, from (status, weight) pairs: the weighted mean of their
    distances from on track (green 0, amber 1, red 2) read to the nearest, a half rounding up; None when none of
    them is green, amber or red (all not started, complete or cancelled)."""
    scored = [(RAG_SCORES[status], weight or 0) for status, weight in pairs if status in RAG_SCORES]
    total = sum(weight for _, weight in scored)
    if not total:
        return None
    mean = sum(score * weight for score, weight in scored) / total
    return RAG_BY_SCORE[min(2, int(mean + 0.5))]


def _rag_of(rows):
    """The RAG by weight of dashboard rows (grouped by status, `w` the weight of those counted on their own)."""
    status = rag_by_weight((row["status"], row["w"]) for row in rows)
    return {"status": status, "rag": Action.RAG[status][0], "colour": Action.RAG[status][1]} if status else None


def plan_dashboard(plan, *, today=None):
    """RAG counts, weighted progress and the RAG by weight per priority and overall, overdue actions and coverage
    gaps. Actions counted within another (`extend.register_counted_within`) are in the counts, not the weighting."""
    today = today or timezone.localdate()
    priorities = list(plan.priorities.all())
    own = extend.counted_on_their_own()
    rows = list(
        Action.objects.filter(priority__plan=plan)
        .values("priority_id", "status")
        .annotate(
            n=Count("id"),
            w=Sum("weight", filter=own),
            wp=Sum(F("weight") * F("percent_complete"), filter=own),
        )
    )
    by_priority = {}
    for row in rows:
        by_priority.setdefault(row["priority_id"], []).append(row)
    per_priority = []
    for priority in priorities:
        prow = by_priority.get(priority.pk, [])
        counts = _rag_counts(prow)
        per_priority.append(
            {
                "priority": priority,
                "counts": counts,
                "segments": _segments(counts),
                "total": sum(counts.values()),
                "live": sum(n for s, n in counts.items() if s != Action.Status.CANCELLED),
                "progress": _weighted(prow),
                "rag": _rag_of(prow),
            }
        )
    overall = _rag_counts(rows)
    overdue = list(
        Action.objects.filter(priority__plan=plan)
        .overdue(today)
        .select_related("priority", "lead_organisation", "lead_officer")
        .order_by("due_date", "pk")
    )
    covered_areas = {p["priority"].toolkit_area for p in per_priority if p["live"]}
    return {
        "per_priority": per_priority,
        "overall": overall,
        "overall_segments": _segments(overall),
        "total": sum(overall.values()),
        "progress": _weighted(rows),
        "rag": _rag_of(rows),
        "overdue": overdue,
        "ctlp_without_action": [
            p["priority"] for p in per_priority if p["priority"].source == Priority.Source.CTLP and not p["live"]
        ],
        "areas_without_action": [label for value, label in ToolkitArea.choices if value not in covered_areas],
    }


HISTORY_LIMIT = 300


def plan_history(plan, limit=HISTORY_LIMIT):
    """The latest recorded changes (django-auditlog) to a plan, its priorities and its actions: see `change_log`.

    Deleted priorities and actions are found by the plan their entries carry (`get_additional_data`).
    """
    types = ContentType.objects.get_for_models(ActionPlan, Priority, Action)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=types[ActionPlan], object_id=plan.pk)
            | Q(content_type=types[Priority], object_id__in=plan.priorities.values("pk"))
            | Q(content_type=types[Action], object_id__in=Action.objects.filter(priority__plan=plan).values("pk"))
            | Q(content_type__in=[types[Priority], types[Action]], additional_data__plan=plan.pk)
        )
        .filter(action__in=CHANGE_TYPES)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return change_log(entries[:limit])


def _current_first(user, today):
    """The plans `user` can see other than drafts, the one in force on `today` first, then the latest."""
    return (
        ActionPlan.objects.visible_to(user)
        .exclude(status=ActionPlan.Status.DRAFT)
        .annotate(in_force=Case(When(start_date__lte=today, end_date__gte=today, then=Value(1)), default=Value(0)))
        .order_by("-in_force", "-start_date", "pk")
    )


def current_plan(user):
    """The plan in force today, else the latest one the user can see."""
    return _current_first(user, timezone.localdate()).first()


def current_plan_summary(user, *, today=None):
    """The plan `current_plan` chooses, with its actions counted (total, overdue, per status), in one query.

    For the admin dashboard's panel: {"plan": None} when there is no plan, else the plan, total,
    overdue and the RAG segments.
    """
    today = today or timezone.localdate()
    action = "priorities__actions"
    open_ = ~Q(priorities__actions__status__in=Action.CLOSED)
    plan = (
        _current_first(user, today)
        .annotate(
            n_total=Count(action),
            n_overdue=Count(action, filter=Q(priorities__actions__due_date__lt=today) & open_),
            **{f"n_{s}": Count(action, filter=Q(priorities__actions__status=s)) for s in Action.Status.values},
        )
        .first()
    )
    if plan is None:
        return {"plan": None}
    return {
        "plan": plan,
        "total": plan.n_total,
        "overdue": plan.n_overdue,
        "segments": _segments({s: getattr(plan, f"n_{s}") for s in Action.Status.values}),
    }


def updates_between(start, end):
    """Progress updates dated after `start` (exclusive, may be None) up to `end` (inclusive)."""
    updates = ProgressUpdate.objects.filter(date__lte=end).select_related(
        "action__priority__plan", "action__lead_organisation", "author__person", "reported_by"
    )
    if start:
        updates = updates.filter(date__gt=start)
    return updates.order_by("action__priority__number", "action__reference", "-date", "-pk")


def meeting_for(user, pk):
    """A meeting this user may know of (never a draft for a partner), or 404."""
    return get_object_or_404(Meeting.objects.visible_to(user).select_related("group"), pk=pk)


def related_meeting_actions(action, user):
    """The meeting actions linked to a plan action that this user may read (need-to-know, `meetings.policy`)."""
    visible = MeetingAction.objects.visible_to(user)
    return action.meeting_actions.filter(pk__in=visible.values("pk")).select_related("meeting", "owner")


def previous_quarterly_meeting(meeting):
    return (
        Meeting.objects.filter(group=meeting.group, starts_at__lt=meeting.starts_at)
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.DRAFT])
        .order_by("-starts_at")
        .first()
    )


def returns_for_meeting(meeting):
    """The returns asked for this meeting, each with its action (`action`), in the plan's order."""
    requests = list(ReturnRequest.objects.filter(kind=plan_returns.KIND).for_round(meeting))
    actions = Action.objects.select_related("priority", "lead_organisation").in_bulk({r.subject_id for r in requests})
    for request in requests:
        request.action = actions.get(request.subject_id)
    return sorted(
        (r for r in requests if r.action is not None),
        key=lambda r: (r.action.priority.number, r.action.reference, r.pk),
    )


def return_rounds(now=None):
    """Quarterly meetings with returns asked for, latest first, with their counts; and those to come with none."""
    now = now or timezone.now()
    counts = {row["round_id"]: row for row in returns.round_counts(plan_returns.KIND)}
    meetings = Meeting.objects.filter(
        Q(pk__in=counts) | Q(pk__in=plan_returns.quarterly_meetings().filter(starts_at__gt=now))
    ).order_by("-starts_at")
    rows = []
    for meeting in meetings:
        row = counts.get(meeting.pk, {})
        rows.append(
            {
                "meeting": meeting,
                "upcoming": meeting.starts_at > now,
                "round_key": f"meetings.meeting:{meeting.pk}",
                **{key: row.get(key, 0) for key in ("n_requests", "n_sent", "n_chased", "n_returned")},
            }
        )
    return rows


# Board reports ------------------------------------------------------------------------------


def statutory_coverage():
    """Organisations with the Prevent duty and whether each has a current representative, per members."""
    rows = []
    for sector in coverage():
        if not sector.organisations:
            name = gettext("No member organisation (%(sector)s)") % {"sector": sector.label}
            rows.append({"name": name, "sector": sector.label, "covered": False})
        for entry in sector.organisations:
            rows.append({"name": entry.organisation.name, "sector": sector.label, "covered": entry.covered})
    return {"rows": rows, "covered": sum(r["covered"] for r in rows), "total": len(rows)}


def attendance(period_start, period_end):
    """Attendance by organisation over the period: present in person or by deputy, of meetings invited to."""
    return [
        {
            "name": row["organisation"].name,
            "attended": row.get("present", 0) + row.get("deputy", 0),
            "apologies": row.get("apologies", 0),
            "expected": row.get("meetings", 0),
        }
        for row in attendance_by_organisation(period_start, period_end)
    ]


def board_report_data(*, plan, period_start, period_end):
    """Live figures for a board report, as plain JSON-ready values (kept with approved versions)."""
    data = {"plan": None, "coverage": statutory_coverage(), "attendance": attendance(period_start, period_end)}
    if plan is not None:
        dashboard = plan_dashboard(plan)
        data["plan"] = {
            "label": str(plan),
            "status": plan.get_status_display(),
            "progress": dashboard["progress"],
            "total": dashboard["total"],
            "overall": [{"rag": s["rag"], "label": s["label"], "n": s["n"]} for s in dashboard["overall_segments"]],
            "priorities": [
                {"title": str(p["priority"]), "progress": p["progress"], "actions": p["total"]}
                for p in dashboard["per_priority"]
            ],
            "overdue": [
                {
                    "reference": a.reference,
                    "description": a.description,
                    "lead": a.lead_organisation.name,
                    "due": a.due_date.isoformat(),
                }
                for a in dashboard["overdue"]
            ],
            "ctlp_without_action": [str(p) for p in dashboard["ctlp_without_action"]],
            "updates_in_period": ProgressUpdate.objects.filter(
                action__priority__plan=plan, date__range=(period_start, period_end)
            ).count(),
            "completed_in_period": Action.objects.filter(
                priority__plan=plan,
                status=Action.Status.COMPLETE,
                updates__status=Action.Status.COMPLETE,
                updates__date__range=(period_start, period_end),
            )
            .distinct()
            .count(),
        }
    # Plain values: labels are lazy translations until made str, and an approved version keeps these as JSON.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _ctlp_gaps_sentence(priorities):
    """'The CTLP priority "6. Review the local risk assessment" has no action yet.' (or the plural)."""
    quoted = ", ".join(f"“{title}”" for title in priorities)
    return ngettext(
        "The CTLP priority %(priorities)s has no action yet.",
        "%(count)s CTLP priorities have no action yet: %(priorities)s.",
        len(priorities),
    ) % {"count": len(priorities), "priorities": quoted}


def board_report_prefill(data):
    """Starting text for each narrative section, which the admin then edits (in the language of the request)."""
    coverage = data["coverage"]
    plan = data["plan"]
    summary = [
        gettext(
            "%(covered)s of the %(total)s member organisations that carry the Prevent duty "
            "have a current representative on the partnership."
        )
        % {"covered": coverage["covered"], "total": coverage["total"]}
    ]
    recommendations = [
        gettext("That the board notes the progress of the Prevent Partnership's action plan."),
        gettext("That agencies understand their responsibilities under the Prevent duty."),
    ]
    if plan:
        rag = ", ".join(f"{row['n']} {row['label'].lower()}" for row in plan["overall"] if row["n"])
        summary.insert(
            0,
            gettext("The %(plan)s is %(progress)s%% complete (weighted) across %(total)s actions: %(rag)s.")
            % {
                "plan": plan["label"],
                "progress": plan["progress"],
                "total": plan["total"],
                "rag": rag or gettext("no actions yet"),
            },
        )
        if plan["overdue"]:
            recommendations.append(
                gettext("That the board notes the %(count)s overdue actions and supports their leads.")
                % {"count": len(plan["overdue"])}
            )
    gaps = [row["name"] for row in coverage["rows"] if not row["covered"]]
    if gaps:
        recommendations.append(
            gettext("That the board helps secure representation from: %(names)s.") % {"names": ", ".join(gaps)}
        )
    return {
        "summary": "\n\n".join(summary),
        "recommendations": "\n".join(f"- {line}" for line in recommendations),
        "risk_assessment": (
            gettext(
                "The Counter Terrorism Local Profile (CTLP) is produced by the police to describe the threat locally. "
                "It is not reproduced here."
            )
            + " "
            + (
                _ctlp_gaps_sentence(plan["ctlp_without_action"])
                if plan and plan["ctlp_without_action"]
                else gettext("Each CTLP recommendation has at least one action in the plan.")
            )
        ),
        "financial_implications": gettext("The response to Prevent is met through existing budgets."),
        "background": gettext(
            "Prevent is one of the four strands of CONTEST, the government's counter-terrorism strategy. "
            "It aims to stop people becoming terrorists or supporting terrorism."
        ),
        "conclusions": gettext("The partnership will continue to deliver the action plan with its member agencies."),
    }


def period_default(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=182), today


def subject_access_actions_led(person):
    """For a subject access export: the plan actions a person is lead officer of."""
    return [
        {
            "plan": str(action.priority.plan),
            "reference": action.reference,
            "description": action.description,
            "status": action.get_status_display(),
            "due_date": action.due_date,
        }
        for action in Action.objects.filter(lead_officer=person).select_related("priority__plan").order_by("pk")
    ]


def subject_access_updates(person):
    """For a subject access export: progress updates the person posted, signed in or by a return's link."""
    posted = Q(reported_by=person) | (Q(author_id=person.user_id) if person.user_id else Q(pk__in=[]))
    return [
        {"action": update.action.reference, "date": update.date, "narrative": update.narrative}
        for update in ProgressUpdate.objects.filter(posted).select_related("action").order_by("pk")
    ]


# Home page panels ------------------------------------------------------------------------------


def home_panel_partner(organisation):
    """How many open actions of approved plans the organisation leads, and how many are overdue."""
    if organisation is None:
        return {"organisation": None}
    counts = (
        Action.objects.open()
        .led_by(organisation)
        .filter(priority__plan__status=ActionPlan.Status.APPROVED)
        .aggregate(total=Count("id"), overdue=Count("id", filter=Q(due_date__lt=timezone.localdate())))
    )
    return {"organisation": organisation, **counts}


def home_panel_public():
    return {"plan": ActionPlan.objects.published().only("year_label").first()}
