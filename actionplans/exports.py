"""The plan as a CSV: every priority and action with every field that makes the plan, one row each, so a plan read
back in (an app may offer that) is the same plan. Apps add columns and rows of their own (`extend.register_csv_part`).

The first column says what a row records: "Priority" (a priority with no actions, alone on its row), "Action" (an
action, with its priority's fields repeated), or a kind an app adds (its rows repeat the priority and the action's
reference, and leave the plan's other columns empty).
"""

from django.db.models import Prefetch

from members.models import Organisation

from . import extend, selectors

RECORD = "Record"
PRIORITY_COLUMNS = ("Priority", "Source", "CTLP reference", "Toolkit area", "Priority description",
                    "Unclassified summary")  # fmt: skip
ACTION_COLUMNS = ("Reference", "Action", "Lead organisation", "Lead officer", "Supporting organisations", "Start",
                  "Due", "Status", "RAG", "Percent complete", "Weight", "Measure of success", "Marking",
                  "Last update")  # fmt: skip
# Worked out, not entered: a plan read back in has no use for them.
DERIVED_COLUMNS = ("RAG", "Last update")
SEPARATOR = "; "  # between the names of supporting organisations


def _priority_cells(priority):
    return [
        f"{priority.number}. {priority.title}",
        priority.get_source_display(),
        priority.ctlp_reference,
        priority.get_toolkit_area_display(),
        priority.description,
        priority.unclassified_summary,
    ]


def _action_cells(action):
    return [
        action.reference,
        action.description,
        action.lead_organisation.name,
        action.lead_officer.name if action.lead_officer else "",
        SEPARATOR.join(sorted(o.name for o in action.supporting_organisations.all())),
        action.start_date.isoformat(),
        action.due_date.isoformat(),
        action.get_status_display(),
        action.rag_label,
        action.percent_complete,
        action.weight,
        action.measure_of_success,
        action.get_marking_display(),
        action.last_update.isoformat() if action.last_update else "",
    ]


def plan_table(plan):
    """(header, rows) of the plan's CSV, at a fixed number of queries whatever its size."""
    parts = extend.csv_parts()
    header = [RECORD, *PRIORITY_COLUMNS, *ACTION_COLUMNS, *(c for part in parts for c in part.columns)]
    blank_action = [""] * len(ACTION_COLUMNS)
    reference_at = ACTION_COLUMNS.index("Reference")
    part_cells = [part.rows(plan) for part in parts]
    widths = [len(part.columns) for part in parts]
    actions = selectors.plan_actions(plan).prefetch_related(
        Prefetch("supporting_organisations", queryset=Organisation.objects.only("name"))
    )
    by_priority = {}
    for action in actions:
        by_priority.setdefault(action.priority_id, []).append(action)
    rows = []
    for priority in plan.priorities.all():
        priority_cells = _priority_cells(priority)
        if priority.pk not in by_priority:
            rows.append(["Priority", *priority_cells, *blank_action, *([""] * sum(widths))])
        for action in by_priority.get(priority.pk, []):
            own, extra = [], []
            for cells, width in zip(part_cells, widths, strict=True):
                mine = cells.get(action.pk) or [[""] * width]
                own.extend(mine[0])
                extra.append(mine[1:])
            rows.append(["Action", *priority_cells, *_action_cells(action), *own])
            for index, part_rows in enumerate(extra):
                before, after = sum(widths[:index]), sum(widths[index + 1 :])
                for record, cells in part_rows:
                    reference = [""] * len(ACTION_COLUMNS)
                    reference[reference_at] = action.reference
                    rows.append([record, *priority_cells, *reference, *([""] * before), *cells, *([""] * after)])
    return header, rows


def plan_filename(plan):
    return f"action-plan-{plan.year_label.replace('/', '-')}.csv"
