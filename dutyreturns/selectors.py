"""Reads: who may read the Channel figures, the training coverage grid, late returns, the Channel year (suppressed),
panel attendance by agency. Each runs a fixed number of queries whatever the number of organisations."""

import datetime
from collections import OrderedDict

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.text import capfirst

from common import need_to_know
from meetings.models import Invitation, Meeting
from members.models import Sector

from . import policy
from .duty_returns import organisations_in_scope
from .models import (
    ChannelCategory,
    ChannelCount,
    ChannelPanel,
    ChannelQuarter,
    Dimension,
    PartnerReturn,
    ReturnPeriod,
    SharingAgreement,
    TrainingLine,
    TrainingProduct,
)
from .suppression import figure, suppress_table

# Who reads the Channel panel's figures ----------------------------------------------------------------------------


def panel_group_id():
    return ChannelPanel.objects.values_list("group_id", flat=True).first()


def channel_audience(user):
    """ADMIN, PANEL (a current member in the panel's group) or the user's role."""
    audience = need_to_know.role(user)
    member = need_to_know.member_of(user)
    if audience is need_to_know.PARTNER and member is not None:
        group_id = panel_group_id()
        if group_id and member.group_memberships.filter(group_id=group_id).exists():
            return policy.PANEL
    return audience


def reads_channel(user, content=policy.CHANNEL_FIGURES):
    return need_to_know.shown(content, channel_audience(user))


# Training coverage ------------------------------------------------------------------------------------------------

IN_DATE, DUE, LAPSED, NONE = "in_date", "due", "lapsed", "none"
STATES = {IN_DATE: "In date", DUE: "Due", LAPSED: "Lapsed", NONE: "No return"}
# Share of staff in scope who are in date: at or above IN_DATE_AT "in date"; at or above DUE_AT "due" (refreshers
# are due for some); below, "lapsed". A return older than the product's refresher period is lapsed whatever it said.
IN_DATE_AT, DUE_AT = 0.9, 0.7


def state_of(line, today):
    if line is None or not line.in_scope:
        return NONE
    months = line.product.refresher_months
    age_limit = line.partner_return.period.end + datetime.timedelta(days=31 * months)
    if age_limit < today:
        return LAPSED
    share = line.in_date / line.in_scope
    return IN_DATE if share >= IN_DATE_AT else DUE if share >= DUE_AT else LAPSED


def coverage_grid(today=None):
    """Sectors, each with its organisations in scope, each with a cell per product from its latest return.

    Four queries: organisations, products, each organisation's latest return, their training lines."""
    today = today or timezone.localdate()
    organisations = list(organisations_in_scope().order_by("sector", "name"))
    products = list(TrainingProduct.objects.filter(active=True))
    newest = PartnerReturn.objects.filter(organisation=OuterRef("organisation")).order_by("-period__start")
    latest = PartnerReturn.objects.filter(
        organisation__in=organisations, pk=Subquery(newest.values("pk")[:1])
    ).select_related("period")  # each organisation's latest, on every database (not PostgreSQL's DISTINCT ON)
    latest = {r.organisation_id: r for r in latest}
    by_pk = {r.pk: r for r in latest.values()}
    lines = {}
    for line in TrainingLine.objects.filter(partner_return__in=list(by_pk)).select_related("product"):
        line.partner_return = by_pk[line.partner_return_id]
        lines[(line.partner_return.organisation_id, line.product_id)] = line
    sectors = OrderedDict()
    for organisation in organisations:
        cells = []
        for product in products:
            applies = product.applies_to(organisation.sector)
            line = lines.get((organisation.pk, product.pk))
            state = state_of(line, today) if applies else ""
            cells.append({"product": product, "applies": applies, "line": line, "state": state,
                          "label": STATES.get(state, "Not asked")})  # fmt: skip
        sectors.setdefault(organisation.sector, []).append(
            {"organisation": organisation, "return": latest.get(organisation.pk), "cells": cells}
        )
    labels = dict(Sector.choices)
    return {
        "products": products,
        "sectors": [{"sector": labels.get(s, s), "rows": rows} for s, rows in sectors.items()],
        "states": STATES,
    }


def heat_map_svg(grid):
    """The grid as shapes for an SVG drawn in the template: (x, y, width, height, state, label) per cell."""
    cell_w, cell_h, label_w, head_h = 120, 26, 260, 60
    shapes, y = [], head_h
    for sector in grid["sectors"]:
        shapes.append({"kind": "sector", "x": 0, "y": y + 18, "text": sector["sector"]})
        y += cell_h
        for row in sector["rows"]:
            shapes.append({"kind": "org", "x": 8, "y": y + 18, "text": row["organisation"].name})
            for i, cell in enumerate(row["cells"]):
                shapes.append({"kind": "cell", "x": label_w + i * cell_w, "y": y, "w": cell_w - 4, "h": cell_h - 4,
                               "state": cell["state"] or "na", "text": STATES.get(cell["state"], "Not asked"),
                               "title": f"{row['organisation'].name}, {cell['product'].name}"})  # fmt: skip
            y += cell_h
    # Column heads are the products' names, cut to fit a cell; the table below gives them whole.
    heads = [{"x": label_w + i * cell_w + 2, "text": p.name, "title": p.name} for i, p in enumerate(grid["products"])]
    return {"shapes": shapes, "heads": heads, "width": label_w + cell_w * max(len(grid["products"]), 1), "height": y}


# Late returns -----------------------------------------------------------------------------------------------------


def late_returns(today=None, periods=4):
    """For the last periods that were due: organisations in scope with no return yet, and returns that came late.
    Three queries."""
    today = today or timezone.localdate()
    due = list(ReturnPeriod.objects.filter(due__lt=today).order_by("-due")[:periods])
    organisations = list(organisations_in_scope().order_by("name"))
    made = {}
    for r in (
        PartnerReturn.objects.filter(period__in=due)
        .select_related("period")
        .only("organisation_id", "period_id", "submitted_at", "period__due")
    ):
        made[(r.organisation_id, r.period_id)] = r
    rows = []
    for period in due:
        missing = [o for o in organisations if (o.pk, period.pk) not in made]
        late = [(o, made[(o.pk, period.pk)]) for o in organisations if (o.pk, period.pk) in made
                and made[(o.pk, period.pk)].is_late]  # fmt: skip
        rows.append({"period": period, "missing": missing, "late": late, "days_overdue": (today - period.due).days})
    return rows


# Channel figures --------------------------------------------------------------------------------------------------


def channel_year(year):
    """The year's quarters, figures and counts by category, suppressed: totals across the quarters and the year, with
    secondary suppression so no small number follows from them. Three queries."""
    quarters = {q.quarter: q for q in ChannelQuarter.objects.filter(year=year)}
    categories = list(ChannelCategory.objects.filter(active=True))
    counts = {(c.quarter_id, c.category_id): c.count for c in ChannelCount.objects.filter(quarter__year=year)}
    columns = [f"Q{n}" for n in range(1, 5)]
    figures = []
    from .services import FIGURES

    labels = {f.name: capfirst(f.verbose_name) for f in ChannelQuarter._meta.fields}
    for name in FIGURES:  # every figure counts people (referrals, cases, reviews): each is suppressed
        values = {f"Q{n}": getattr(quarters[n], name) if n in quarters else 0 for n in range(1, 5)}
        table = suppress_table({name: values}, row_totals=True, column_totals=False)
        figures.append({"label": labels[name], "cells": [table.cells[name][c] for c in columns],
                        "total": table.row_totals[name]})  # fmt: skip
    dimensions = []
    for value, label in Dimension.choices:
        rows = {
            cat.label: {f"Q{n}": counts.get((quarters[n].pk, cat.pk), 0) if n in quarters else 0 for n in range(1, 5)}
            for cat in categories
            if cat.dimension == value
        }
        if not rows:
            continue
        table = suppress_table(rows)
        dimensions.append({
            "label": label,
            "rows": [{"label": k, "cells": [table.cells[k][c] for c in columns], "total": table.row_totals[k]}
                     for k in rows],
            "totals": [table.column_totals[c] for c in columns],
            "grand": table.grand,
        })  # fmt: skip
    return {"year": year, "columns": columns, "quarters": quarters, "figures": figures, "dimensions": dimensions}


def current_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


# Panel attendance -------------------------------------------------------------------------------------------------


def panel_attendance(year):
    """Held panel meetings in the year and, per agency invited, whether someone from it attended each; agencies that
    missed the last two running. Two queries."""
    group_id = panel_group_id()
    if group_id is None:
        return {"meetings": [], "agencies": [], "alerts": [], "configured": False}
    start = timezone.make_aware(datetime.datetime(year, 4, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 4, 1))
    meetings = list(
        Meeting.objects.filter(group_id=group_id, status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at")
        .prefetch_related(
            Prefetch("invitations", Invitation.objects.select_related("person__organisation").order_by("pk"))
        )
    )
    agencies, present = {}, set()
    for meeting in meetings:
        for invitation in meeting.invitations.all():
            organisation = invitation.person.organisation
            if organisation is None:
                continue
            agencies.setdefault(organisation.pk, organisation)
            if invitation.attendance in (Invitation.Attendance.PRESENT, Invitation.Attendance.DEPUTY):
                present.add((organisation.pk, meeting.pk))
    rows, alerts = [], []
    for organisation in sorted(agencies.values(), key=lambda o: o.name):
        marks = [(m, (organisation.pk, m.pk) in present) for m in meetings]
        attended = sum(1 for _m, was in marks if was)
        missed_two = len(marks) >= 2 and not marks[-1][1] and not marks[-2][1]
        rows.append({"organisation": organisation, "marks": marks, "attended": attended, "missed_two": missed_two})
        if missed_two:
            alerts.append(organisation)
    return {"meetings": meetings, "agencies": rows, "alerts": alerts, "configured": True}


def panel_alerts():
    """Agencies invited to the panel's last two held meetings that attended neither: missed two running. Two queries,
    whatever the year the meetings fell in."""
    group_id = panel_group_id()
    if group_id is None:
        return []
    last_two = list(Meeting.objects.filter(group_id=group_id, status=Meeting.Status.HELD).order_by("-starts_at")[:2])
    if len(last_two) < 2:
        return []
    invited, attended = {}, set()
    for invitation in Invitation.objects.filter(meeting__in=last_two).select_related("person__organisation"):
        organisation = invitation.person.organisation
        if organisation is None:
            continue
        invited.setdefault(organisation.pk, [organisation, set()])[1].add(invitation.meeting_id)
        if invitation.attendance in (Invitation.Attendance.PRESENT, Invitation.Attendance.DEPUTY):
            attended.add(organisation.pk)
    return sorted((o for pk, (o, met) in invited.items() if len(met) == 2 and pk not in attended), key=lambda o: o.name)


# Agreements -------------------------------------------------------------------------------------------------------


def _without_agreement(today):
    current = SharingAgreement.objects.current(today).values("organisation_id")
    return organisations_in_scope().exclude(pk__in=current)


def agreement_gaps(today=None):
    """Organisations in scope with no current information-sharing agreement (none, or past its review date)."""
    return list(_without_agreement(today).order_by("name"))


def agreement_gaps_count(today=None):
    return _without_agreement(today).count()


def sector_answers_shown(partner_return):
    """A return's sector answers as shown on every output but its entry form: counts of people as "<5" when small."""
    shown = []
    for answer in partner_return.answers.all():
        q = answer.question
        value = (figure(answer.number) if q.describes_people else answer.number) if q.is_count else answer.text
        shown.append({"question": q, "value": value})
    return shown
