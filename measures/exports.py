"""Measures, milestones and sub-actions in the plan's CSV (`actionplans.extend.register_csv_part`): on each action's
row, the action it is part of and how often it reports; then a row of its own for each measure and each milestone.
`imports` reads the same columns back."""

from . import selectors
from .models import Direction, ReportingPeriod

PART_OF, PERIOD = "Part of", "Reporting period"
MEASURE_COLUMNS = ("Measure", "Unit", "Direction", "Baseline", "Baseline date", "Target", "Target date",
                   "Amber threshold", "Red threshold")  # fmt: skip
MILESTONE_COLUMNS = ("Milestone", "Milestone due", "Milestone done on")
# Worked out, not entered: a plan read back in has no use for them.
DERIVED_COLUMNS = ("Latest result", "Latest result period end")
COLUMNS = (PART_OF, PERIOD, *MEASURE_COLUMNS, *DERIVED_COLUMNS, *MILESTONE_COLUMNS)
MEASURE, MILESTONE = "Measure", "Milestone"


def number(value):
    """A decimal as people write it: 40, 12.5 (never 40.00 or 4E+1)."""
    return "" if value is None else format(value.normalize(), "f")


def _date(value):
    return value.isoformat() if value else ""


def _cells(**named):
    return [named.get(column, "") for column in COLUMNS]


def _measure_cells(row):
    m = row["measure"]
    entered = [m.title, m.unit, Direction(m.direction).label, number(m.baseline), _date(m.baseline_date),
               number(m.target), _date(m.target_date), number(m.amber_at), number(m.red_at)]  # fmt: skip
    derived = [number(row["latest"]), _date(m.latest_end)]
    return _cells(**dict(zip(MEASURE_COLUMNS + DERIVED_COLUMNS, entered + derived, strict=True)))


def _milestone_cells(milestone):
    values = [milestone.title, _date(milestone.due_date), _date(milestone.done_on)]
    return _cells(**dict(zip(MILESTONE_COLUMNS, values, strict=True)))


def rows(plan):
    """{action pk: [its own cells, (record, cells), ...]} for the actions of the plan that have any, in three queries.
    An action with none gets empty cells: no parent, and the usual reporting period."""
    out = {}
    for action_id, found in selectors.plan_measures(plan).items():
        tracking = found["tracking"]
        own = _cells(
            **{
                PART_OF: tracking.parent.reference if tracking and tracking.parent else "",
                PERIOD: ReportingPeriod(tracking.reporting_period).label if tracking else "",
            }
        )
        out[action_id] = [
            own,
            *((MEASURE, _measure_cells(row)) for row in found["measures"]),
            *((MILESTONE, _milestone_cells(milestone)) for milestone in found["milestones"]),
        ]
    return out
