"""Reads for the register, the heat map, the coordinator's checks, summaries and panels: data, never HTML, each at a
fixed number of queries whatever the size of the register."""

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from assurance.sources import Source
from common import need_to_know

from .models import BANDS, Recommendation, RecommendationSource, Risk, RiskAssessment, Theme, band_of, band_range

# Pale enough for black text at AA, apart enough to tell the bands (whose words are always shown too).
FILL = {"low": "#cce2d8", "medium": "#fff2a8", "high": "#ffbf8c", "very_high": "#f28b82"}
CELL = 72
NATURAL = (Length("reference"), "reference", "pk")  # R2 before R10
LEFT, TOP = 96, 16


# The register ----------------------------------------------------------------------------------------------------


def register_rows(assessment, user, filters=None):
    """The risks of an assessment `user` may read, filtered: theme, owner (organisation id), band (low, medium, high,
    very_high, on the residual score) and overdue (past review). A queryset: the page reads one screenful of it, with
    their actions in one more query, and the heat map counts all of it in one."""
    filters = filters or {}
    risks = Risk.objects.visible_to(user).filter(assessment=assessment)
    if filters.get("theme"):
        risks = risks.filter(theme_id=filters["theme"])
    if filters.get("owner"):
        risks = risks.filter(owner_organisation_id=filters["owner"])
    if filters.get("overdue"):
        risks = risks.past_review()
    if band := band_range(filters.get("band") or ""):
        risks = risks.alias(residual=F("residual_likelihood") * F("residual_impact")).filter(
            residual__gte=band[0], residual__lte=band[1]
        )
    return (
        risks.order_by(*NATURAL)
        .select_related("theme", "owner_organisation", "owner_officer")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.visible_to(user).only("pk", "reference", "status").order_by("reference"),
            )
        )
    )


def positions(risks):
    """((likelihood, impact) before, (likelihood, impact) after, how many) for a queryset of risks: one query."""
    rows = (
        risks.order_by()
        .values("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
        .annotate(n=Count("pk"))
    )
    return [
        ((r["inherent_likelihood"], r["inherent_impact"]), (r["residual_likelihood"], r["residual_impact"]), r["n"])
        for r in rows
    ]


def positions_of(risks):
    """As `positions`, for risks already read."""
    return [((r.inherent_likelihood, r.inherent_impact), (r.residual_likelihood, r.residual_impact), 1) for r in risks]


def heat_map(at, *, title):
    """A 5x5 grid (likelihood across, impact up) with how many risks sit in each cell before and after controls: the
    geometry for templates/risks/_heat_map.html, and the same figures as a table. `at`: from `positions`."""
    inherent, residual = Counter(), Counter()
    for before, after, n in at:
        inherent[before] += n
        residual[after] += n
    cells, table = [], []
    for impact in range(5, 0, -1):
        row = []
        for likelihood in range(1, 6):
            band, label = band_of(likelihood * impact)
            i, r = inherent[(likelihood, impact)], residual[(likelihood, impact)]
            x, y = LEFT + (likelihood - 1) * CELL, TOP + (5 - impact) * CELL
            cells.append(
                {
                    "x": x,
                    "y": y,
                    "fill": FILL[band],
                    "band": label,
                    "inherent": i,
                    "residual": r,
                    "likelihood": likelihood,
                    "impact": impact,
                    "text_x": x + CELL / 2,
                }
            )
            row.append({"likelihood": likelihood, "inherent": i, "residual": r, "band": label, "fill": FILL[band]})
        table.append({"impact": impact, "cells": row})
    return {
        "title": title,
        "cells": cells,
        "table": table,
        "size": CELL,
        "width": LEFT + 5 * CELL + 8,
        "height": TOP + 5 * CELL + 56,
        "axis_y": TOP + 5 * CELL + 20,
        "axis_x_label_y": TOP + 5 * CELL + 44,
        "axis_ticks": [
            {"n": n, "x": LEFT + (n - 0.5) * CELL, "y": TOP + (5 - n + 0.5) * CELL + 5} for n in range(1, 6)
        ],
        "left": LEFT,
        "total": sum(n for _before, _after, n in at),
    }


def theme_counts(assessment):
    """How many risks per theme and residual band: what every partner and (once published) the public may read.
    One query."""
    rows = (
        Risk.objects.filter(assessment=assessment)
        .values("theme__name", "residual_likelihood", "residual_impact")
        .annotate(n=Count("pk"))
        .order_by()
    )
    themes = {}
    for row in rows:
        counts = themes.setdefault(row["theme__name"], {"theme": row["theme__name"], "total": 0})
        counts["total"] += row["n"]
        band = band_of(row["residual_likelihood"] * row["residual_impact"])[0]
        counts[band] = counts.get(band, 0) + row["n"]
    ordered = sorted(themes.values(), key=lambda t: (-t["total"], t["theme"]))
    for counts in ordered:
        counts["bands"] = [counts.get(key, 0) for key, *_ in BANDS]
    totals = [sum(t["bands"][i] for t in ordered) for i in range(len(BANDS))]
    return {
        "themes": ordered,
        "bands": [label for _key, label, *_ in BANDS],
        "band_totals": totals,
        "total": sum(t["total"] for t in ordered),
    }


def filter_choices(assessment, user):
    """Themes and owners of the assessment's risks `user` may read, for the register's filters. Two queries."""
    readable = Risk.objects.visible_to(user).filter(assessment=assessment)
    themes = Theme.objects.filter(risks__in=readable).distinct().order_by("order", "name")
    owners = (
        readable.values_list("owner_organisation_id", "owner_organisation__name")
        .distinct()
        .order_by("owner_organisation__name")
    )
    return {
        "themes": [(t.pk, t.name) for t in themes],
        "owners": list(owners),
        "bands": [(key, label) for key, label, *_ in BANDS],
    }


# The coordinator's checks ---------------------------------------------------------------------------------------


def plan_in_force(assessment):
    """The approved plan whose year overlaps the assessment's period (the latest), or None."""
    return (
        ActionPlan.objects.filter(
            status=ActionPlan.Status.APPROVED,
            start_date__lte=assessment.period_end,
            end_date__gte=assessment.period_start,
        )
        .order_by("-start_date")
        .first()
    )


CHECKS_SHOWN = 20  # of each check's list on the register page; the number in all is beside it


def checks(assessment, *, today=None, limit=None):
    """What a coordinator should look at: open risks with no action, open actions of the plan in force with no risk,
    risks past their review date, recommendations answered by nothing, unmet assurance criteria with no action.
    Each risk and action list is the first `limit` (all when None), with the number in all beside it (`counts`).
    Eight queries."""
    today = today or timezone.localdate()
    open_risks = Risk.objects.filter(assessment=assessment).open()
    linked = Risk.actions.through.objects.filter(risk=OuterRef("pk"))
    plan = plan_in_force(assessment)
    answered = Risk.objects.filter(assessment=assessment, actions=OuterRef("pk"))
    unlinked = (
        Action.objects.open()
        .filter(priority__plan=plan)
        .filter(~Exists(answered))
        .select_related("lead_organisation")
        .order_by("priority__number", "reference")
        if plan
        else Action.objects.none()
    )
    neither = Recommendation.objects.with_neither().select_related("source")

    def first(rows):
        return list(rows[:limit] if limit else rows)

    counts = open_counts(assessment, today)
    counts["actions_no_risk"] = unlinked.count() if plan else 0
    return {
        "no_action": first(open_risks.filter(~Exists(linked)).select_related("owner_organisation")),
        "past_review": first(open_risks.filter(review_date__lt=today).select_related("owner_organisation")),
        "actions_no_risk": first(unlinked),
        "counts": counts,
        "plan": plan,
        "ctlp_neither": [r for r in neither if r.source.kind == RecommendationSource.Kind.CTLP],
        "outside_neither": [r for r in neither if r.source.kind != RecommendationSource.Kind.CTLP],
        "unmet_no_action": list(Recommendation.objects.unmet_without_action().select_related("source")),
    }


def open_counts(assessment, today=None):
    """How many open risks have no plan action, and how many are past review: counted in one query, not read (the
    home page and the annual report need the numbers, not the 2,000 rows `checks` lists)."""
    today = today or timezone.localdate()
    linked = Risk.actions.through.objects.filter(risk=OuterRef("pk"))
    return (
        Risk.objects.filter(assessment=assessment)
        .open()
        .aggregate(
            no_action=Count("pk", filter=~Exists(linked)), past_review=Count("pk", filter=Q(review_date__lt=today))
        )
    )


def current_assessment(user):
    """The assessment a reader starts from: the agreed one of the latest period, else (admins) the latest draft."""
    visible = RiskAssessment.objects.visible_to(user)
    return visible.filter(status=RiskAssessment.Status.AGREED).first() or visible.first()


# The risk page ---------------------------------------------------------------------------------------------------


def risk_history(risk):
    """The risk's audit entries across its versions (all carry its first version's id), newest first."""
    from auditlog.models import LogEntry

    from common.audit import change_log

    entries = (
        LogEntry.objects.get_for_model(Risk)
        .filter(Q(object_id=risk.pk) | Q(additional_data__first=risk.lineage_id))
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:100]
    )
    return change_log(entries)


# Home page, public summary, evidence, subject access ----------------------------------------------------------


def home_panel(user):
    assessment = RiskAssessment.objects.visible_to(user).first()
    if assessment is None:
        return {"r_assessment": None}
    if need_to_know.is_admin(user):
        counts = open_counts(assessment)
        return {
            "r_assessment": assessment,
            "r_no_action": counts["no_action"],
            "r_past_review": counts["past_review"],
            "r_neither": Recommendation.objects.with_neither().count(),
            "r_unmet": Recommendation.objects.unmet_without_action().count(),
        }
    current = current_assessment(user)
    mine = Risk.objects.visible_to(user).filter(assessment=current) if current else Risk.objects.none()
    return {"r_assessment": current, "r_mine": mine.count(), "r_past_review": mine.past_review().count()}


def published_summary():
    assessment = RiskAssessment.objects.published().order_by("-period_start").first()
    if assessment is None:
        return None
    return {"assessment": assessment, **theme_counts(assessment)}


def evidence_source():
    return Source(
        "Local risk assessment",
        RiskAssessment,
        lambda user: RiskAssessment.objects.visible_to(user),
        ("period_label",),
        lambda r: reverse("risks:assessment", args=[r.pk]),
    )


def subject_access_risks(person):
    return [
        {"assessment": str(r.assessment), "risk": r.reference, "role": "risk owner"}
        for r in Risk.objects.filter(owner_officer=person).select_related("assessment")
    ] + [
        {"recommendation": str(r), "role": "owner"}
        for r in Recommendation.objects.filter(owner_officer=person).select_related("source")
    ]
