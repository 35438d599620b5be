"""Reads for assurance pages, exports and the annual report, each at a fixed number of queries."""

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from actionplans import selectors as plan_selectors
from actionplans.models import Action, ActionPlan
from common import need_to_know
from common.audit import CHANGE_TYPES, change_log
from meetings.models import Meeting
from members.models import TermsOfReference

from . import policy, sources
from .models import GAP_RATINGS, SIGN_OFFS_NEEDED, Assessment, AssessmentCycle, Evidence, Rating, SignOff

HISTORY_LIMIT = 300
RATING_ORDER = [value for value, _ in Rating.choices]


def home_panel_admin():
    """The latest assessment (not one replaced by a correction) with how far it has got: one query."""
    cycle = (
        AssessmentCycle.objects.exclude(status=AssessmentCycle.Status.SUPERSEDED)
        .annotate(
            criteria=Count("assessments", distinct=True),
            rated=Count("assessments", filter=~Q(assessments__rating=""), distinct=True),
            gap_count=Count("assessments", filter=Q(assessments__rating__in=GAP_RATINGS), distinct=True),
            signed=Count("sign_offs", distinct=True),
        )
        .order_by("-year_label", "-number")
        .first()
    )
    return {"cycle": cycle, "sign_offs_needed": SIGN_OFFS_NEEDED}


def previous_cycle(cycle):
    """Last year's signed-off assessment, for the rating beside this year's."""
    return (
        AssessmentCycle.objects.filter(status=AssessmentCycle.Status.SIGNED_OFF, year_label__lt=cycle.year_label)
        .order_by("-year_label", "-number")
        .first()
    )


def matrix(cycle, user=None):
    """Areas, each with its criteria's rows: this year's rating, last year's and how much evidence. Three queries
    (four for a reader who is not an admin: which improvement actions they may see; `user` None sees them all)."""
    assessments = (
        cycle.assessments.select_related("criterion__area", "improvement_action")
        .annotate(evidence_count=Count("evidence", filter=Q(evidence__status=Evidence.Status.ACCEPTED)))
        .order_by("criterion__area__number", "criterion__order", "criterion__number")
    )
    previous = previous_cycle(cycle)
    last_year = dict(previous.assessments.values_list("criterion__number", "rating")) if previous is not None else {}
    assessments = list(assessments)
    actions = {a.improvement_action_id for a in assessments if a.improvement_action_id}
    if user is not None and not need_to_know.is_admin(user) and actions:
        actions = set(Action.objects.visible_to(user).filter(pk__in=actions).values_list("pk", flat=True))
    areas, totals = [], dict.fromkeys([*RATING_ORDER, ""], 0)
    for assessment in assessments:
        area = assessment.criterion.area
        if not areas or areas[-1]["area"].pk != area.pk:
            areas.append({"area": area, "rows": []})
        previous_rating = last_year.get(assessment.criterion.number, "")
        areas[-1]["rows"].append(
            {
                "assessment": assessment,
                "criterion": assessment.criterion,
                "rating": assessment.rating,
                "rating_label": Rating(assessment.rating).label if assessment.rating else "Not rated yet",
                "last_year": Rating(previous_rating).label if previous_rating else "",
                "evidence_count": assessment.evidence_count,
                "action": assessment.improvement_action if assessment.improvement_action_id in actions else None,
            }
        )
        totals[assessment.rating] += 1
    return {"areas": areas, "previous": previous, "totals": totals, "total": sum(totals.values())}


def gaps(cycle):
    return (
        cycle.assessments.filter(rating__in=GAP_RATINGS)
        .select_related("criterion__area", "improvement_action__priority__plan")
        .order_by("criterion__area__number", "criterion__order", "criterion__number")
    )


def evidence_for(assessment, user):
    """The assessment's evidence rows `user` may see (documents always; records through their own rule)."""
    rows = list(assessment.evidence.exclude(status=Evidence.Status.DISMISSED).select_related("content_type"))
    return _visible_rows(rows, user)


def _visible_rows(rows, user):
    """The rows `user` may see (None: every row, for the admins' PDF return): a document by its own marking, a
    linked record by that record's own rule as it stands now, never by the title kept on the link."""
    seen = sources.linked_levels(rows, user)
    reader = need_to_know.role(user) if user is not None else need_to_know.ADMIN
    visible = []
    for row in rows:
        if row.content_type_id is None:
            row.level = need_to_know.level(row)
            if row.is_snapshot or need_to_know.shown(policy.EVIDENCE_DOCUMENTS, reader, row):
                visible.append(row)
        elif user is None or (row.content_type_id, row.object_id) in seen:
            # A record deleted since it was linked: the admins' return keeps its title, marked as if sensitive.
            row.level = seen.get((row.content_type_id, row.object_id), need_to_know.Level.SENSITIVE)
            source = sources.source_for(row.content_type)
            row.source_label = source.label
            visible.append(row)
    return visible


def cycle_evidence(cycle, user):
    """{assessment id: [accepted evidence rows user may see]} for a whole cycle: a fixed number of queries."""
    rows = list(
        Evidence.objects.filter(assessment__cycle=cycle, status=Evidence.Status.ACCEPTED)
        .select_related("content_type")
        .order_by("assessment", "created_at", "pk")
    )
    grouped = {}
    for row in _visible_rows(rows, user):
        grouped.setdefault(row.assessment_id, []).append(row)
    return grouped


def return_rows(cycle, user):
    """The full return as a list of areas with rows, each row carrying its evidence: for HTML, PDF and XLSX."""
    table = matrix(cycle, user)
    evidence = cycle_evidence(cycle, user)
    for area in table["areas"]:
        for row in area["rows"]:
            row["evidence"] = evidence.get(row["assessment"].pk, [])
    table["sign_offs"] = list(SignOff.objects.filter(cycle=cycle))
    return table


def cycle_history(cycle, limit=HISTORY_LIMIT):
    """Who changed what: the cycle, its assessments, evidence and sign-offs (see `change_log`)."""
    types = ContentType.objects.get_for_models(AssessmentCycle, Assessment, Evidence, SignOff)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=types[AssessmentCycle], object_id=cycle.pk)
            | Q(content_type__in=[types[Assessment], types[Evidence]], additional_data__cycle=cycle.pk)
            | Q(content_type=types[SignOff], object_id__in=cycle.sign_offs.values("pk"))
        )
        .filter(action__in=CHANGE_TYPES)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return change_log(entries[:limit])


def year_dates(cycle):
    start = int(cycle.year_label[:4])
    return datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31)


def year_plan(cycle):
    """The approved partnership plan for the assessment's year, if there is one."""
    start, end = year_dates(cycle)
    return (
        ActionPlan.objects.exclude(status=ActionPlan.Status.DRAFT)
        .filter(start_date__lte=end, end_date__gte=start)
        .order_by("-start_date")
        .first()
    )


def evidence_proposals(cycle, user):
    """[(assessment, record)] the app suggests: area 1 from the Terms of Reference in force and the
    meetings held in the year (membership and attendance); area 3 from the approved partnership plan."""
    first = {}
    for assessment in cycle.assessments.select_related("criterion__area").order_by(
        "criterion__order", "criterion__number"
    ):
        first.setdefault(assessment.criterion.area.number, []).append(assessment)
    proposals = []
    start, end = year_dates(cycle)
    if 1 in first:
        area = first[1]
        terms = TermsOfReference.objects.current()
        if terms is not None:
            proposals.append((area[0], terms))
        held = Meeting.objects.visible_to(user).filter(
            starts_at__date__range=(start, end), starts_at__lte=timezone.now(), status=Meeting.Status.HELD
        )
        for meeting in held.order_by("-starts_at")[:4]:
            proposals.append((area[min(1, len(area) - 1)], meeting))
    if 3 in first:
        plan = year_plan(cycle)
        if plan is not None:
            proposals.append((first[3][0], plan))
            if len(first[3]) > 1:
                proposals.append((first[3][1], plan))
    return proposals


def snapshot_proposals(cycle):
    """[(assessment, title)]: area 1's membership coverage and the year's attendance, as figures dated today."""
    assessments = list(
        cycle.assessments.filter(criterion__area__number=1)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__number")
    )
    if not assessments:
        return []
    target = assessments[min(1, len(assessments) - 1)]
    today = timezone.localdate()
    start, end = year_dates(cycle)
    facts = area_facts(cycle, 1)
    coverage, attendance = facts["coverage"], facts["attendance"]
    proposals = [
        (
            target,
            f"Membership coverage on {date_format(today)}: {coverage['covered']} of {coverage['total']} organisations "
            "with the Prevent duty have a current representative",
        )
    ]
    if attendance:
        attended = sum(row["attended"] for row in attendance)
        expected = sum(row["expected"] for row in attendance)
        proposals.append(
            (
                target,
                f"Attendance {date_format(start)} to {date_format(min(end, today))}: member organisations attended "
                f"{attended} of the {expected} meeting places they were invited to ({len(attendance)} organisations)",
            )
        )
    return proposals


def area_facts(cycle, area_number):
    """What the app knows that bears on an area, shown beside its criteria: coverage and attendance for
    area 1, the plan's progress (RAG summary) for area 3."""
    start, end = year_dates(cycle)
    if area_number == 1:
        coverage = plan_selectors.statutory_coverage()
        attendance = plan_selectors.attendance(start, min(end, timezone.localdate()))
        return {"coverage": coverage, "attendance": attendance}
    if area_number == 3:
        plan = year_plan(cycle)
        if plan is not None:
            return {"plan": plan, "dashboard": plan_selectors.plan_dashboard(plan)}
    return {}


def proposed_evidence(cycle):
    return (
        Evidence.objects.filter(assessment__cycle=cycle, status=Evidence.Status.PROPOSED)
        .select_related("assessment__criterion", "content_type")
        .order_by("assessment__criterion__number", "pk")
    )


def search_records(user, text, *, limit=10):
    """[(source key, label, [records])] matching `text`, through each source's visibility rule."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    results = []
    for key, source in sources.SOURCES.items():
        records = list(source.search(user, text)[:limit])
        if records:
            results.append((key, source.label, [(r, sources.record_title(r)) for r in records]))
    return results
