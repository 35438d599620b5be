"""A whole plan from CSV: priorities, actions, sub-actions, measures and milestones, in the columns the plan's CSV is
exported in (`actionplans.exports`, `measures.exports`), so an export read back in is the same plan.

A dry run checks every row and lists each bad one with its line and reason; the import runs in one transaction and
keeps nothing unless every row is good. Each record goes through the service that makes it in the app (the plan's
rules, the measures' rules), so a row is refused for exactly what the forms refuse. Worked-out columns (RAG, last
update, latest result) are read as nothing. Results and an admin's RAG set by hand are progress, not plan: not carried.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplans import exports as plan_exports
from actionplans import services as plan_services
from actionplans.models import Action, ActionPlan, Priority, ToolkitArea
from common import casedata
from meetings.models import Marking
from members.models import Organisation, Person

from . import exports, services
from .models import Direction, Measure, Milestone, ReportingPeriod

KNOWN = {
    plan_exports.RECORD,
    *plan_exports.PRIORITY_COLUMNS,
    *plan_exports.ACTION_COLUMNS,
    *exports.COLUMNS,
}
REQUIRED = {plan_exports.RECORD, "Priority", "Toolkit area", "Reference", "Action", "Lead organisation", "Start", "Due"}
RECORDS = ("Priority", "Action", exports.MEASURE, exports.MILESTONE)
PRIORITY = re.compile(r"^\s*(\d+)\s*[.)]\s*(.+?)\s*$")
# Which column a service's field error is about, per record.
COLUMN_OF = {
    "Priority": {"number": "Priority", "title": "Priority", "ctlp_reference": "CTLP reference"},
    "Action": {
        "due_date": "Due",
        "start_date": "Start",
        "status": "Status",
        "percent_complete": "Percent complete",
        "lead_officer": "Lead officer",
        "reference": "Reference",
        "description": "Action",
        "parent": "Part of",
        "weight": "Weight",
    },
    exports.MEASURE: {
        "title": "Measure",
        "target": "Target",
        "baseline": "Baseline",
        "amber_at": "Amber threshold",
        "red_at": "Red threshold",
        "target_date": "Target date",
        "baseline_date": "Baseline date",
        "unit": "Unit",
    },
    exports.MILESTONE: {"title": "Milestone", "due_date": "Milestone due", "done_on": "Milestone done on"},
}


@dataclass
class Report:
    errors: list = field(default_factory=list)  # (line, message), in line order
    counts: dict = field(default_factory=dict)  # record kind -> how many
    imported: bool = False
    plan: ActionPlan | None = None

    @property
    def ok(self):
        return not self.errors


class _Rollback(Exception):
    pass


class RowError(Exception):
    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages if isinstance(messages, list) else [messages]


def _messages(error, record):
    """A service's ValidationError as sentences naming the column."""
    if hasattr(error, "error_dict"):
        out = []
        for name, errors in error.message_dict.items():
            column = COLUMN_OF.get(record, {}).get(name)
            out.extend(f"{column}: {message}" if column else message for message in errors)
        return out
    return list(error.messages)


# Cells -----------------------------------------------------------------------------------------------------------


def _choice(text, choices, column, *, default=None):
    text = (text or "").strip()
    if not text and default is not None:
        return default
    for value, label in choices:
        if text.lower() in {str(value).lower(), str(label).lower()}:
            return value
    raise RowError(f"{column}: '{text}' is not one of: {', '.join(str(label) for _, label in choices)}.")


def _date(text, column, *, required=True):
    text = (text or "").strip()
    if not text:
        if required:
            raise RowError(f"{column}: enter a date.")
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(f"{column}: '{text}' is not a date. Write it as 2026-04-01 or 01/04/2026.")


def _number(text, column):
    text = (text or "").strip().replace(",", "")
    if not text:
        raise RowError(f"{column}: enter a number.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(f"{column}: '{text}' is not a number.") from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise RowError(f"{column}: '{text}' is not a number the plan can hold.")
    return value.quantize(Decimal("0.01"))


def _whole(text, column, *, default):
    text = (text or "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise RowError(f"{column}: '{text}' is not a whole number.")
    return int(text)


def _text(row, column, *, required=False, limit=None):
    """A cell's text. Refused when it looks like case data about a person (`common.casedata`): a file has no box to
    confirm it is not, as a form has, so the row is fixed in the file."""
    value = (row.get(column) or "").strip()
    if required and not value:
        raise RowError(f"{column}: enter it.")
    if limit and len(value) > limit:
        raise RowError(f"{column}: at most {limit} characters (this has {len(value)}).")
    if matches := casedata.find(value):
        raise RowError(
            f"{column}: looks like it contains case data about a person ({casedata.describe(matches)}). Records "
            "about people referred to Prevent belong in the case systems: take it out of the file."
        )
    return value


def _organisation(name, organisations):
    found = organisations.get(name.strip().lower())
    if found is None:
        raise RowError(f"Unknown organisation '{name.strip()}': add it to the partnership first, or fix the spelling.")
    return found


# Reading the file ------------------------------------------------------------------------------------------------


def _rows(text, report):
    """[(line, {column: text})] of the file's rows (skipping empty ones), or None when its header is not one we read."""
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip() for name in (reader.fieldnames or [])]
    by_key = {name.lower(): name for name in KNOWN}
    unknown = [name for name in header if name and name.lower() not in by_key]
    missing = sorted(REQUIRED - {by_key.get(name.lower()) for name in header})
    if unknown or missing:
        parts = ([f"unknown column(s): {', '.join(unknown)}"] if unknown else []) + (
            [f"missing column(s): {', '.join(missing)}"] if missing else []
        )
        report.errors.append((1, f"The header row has {'; '.join(parts)}. Use the columns Download CSV writes."))
        return None
    reader.fieldnames = [by_key.get(name.lower(), "") for name in header]
    rows, line = [], 2
    for row in reader:
        values = {key: (value or "") for key, value in row.items() if key}
        if any(v.strip() for v in values.values()):
            rows.append((line, values))
        line = reader.line_num + 1
    if not rows:
        report.errors.append((2, "The file has no rows under the header."))
    return rows


def _priority(row, plan):
    match = PRIORITY.match(row.get("Priority") or "")
    if not match:
        raise RowError("Priority: write it as its number and title, for example '2. Safeguarding in schools'.")
    title = _text({"Priority": match[2]}, "Priority", limit=300)
    return Priority(
        plan=plan,
        number=int(match[1]),
        title=title,
        source=_choice(row.get("Source"), Priority.Source.choices, "Source", default=Priority.Source.LOCAL),
        ctlp_reference=_text(row, "CTLP reference", limit=40),
        toolkit_area=_choice(row.get("Toolkit area"), ToolkitArea.choices, "Toolkit area"),
        description=_text(row, "Priority description"),
        unclassified_summary=_text(row, "Unclassified summary"),
    )


def plan_import(text, *, year_label, title, start_date, end_date, dry_run):
    """Check (dry run) or import a whole plan from CSV text as a new draft plan. Imports nothing unless every row is
    good; the report lists every bad row by its line."""
    report = Report()
    rows = _rows(text, report)
    if rows is None or not rows:
        return report
    try:
        with transaction.atomic():
            plan = _import(rows, report, year_label=year_label, title=title, start_date=start_date, end_date=end_date)
            if dry_run or report.errors:
                raise _Rollback
    except _Rollback:
        report.errors.sort(key=lambda e: e[0])
        return report
    report.imported, report.plan = True, plan
    return report


def _import(rows, report, *, year_label, title, start_date, end_date):
    plan = ActionPlan(year_label=year_label, title=title, start_date=start_date, end_date=end_date)
    try:
        plan.full_clean(exclude=["approved_at_meeting"])
        plan_services.plan_save(plan=plan)
    except ValidationError as error:
        report.errors.append((1, " ".join(_messages(error, "Plan"))))
        return None
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}
    people = {}
    for person in Person.objects.filter(status=Person.Status.ACTIVE).order_by("pk"):
        people.setdefault((person.organisation_id, person.name.lower()), person)
    state = {"priorities": {}, "actions": {}, "action_lines": {}, "parents": []}

    def attempt(line, record, build):
        try:
            with transaction.atomic():
                build()
            report.counts[record] = report.counts.get(record, 0) + 1
        except RowError as error:
            report.errors.extend((line, message) for message in error.messages)
        except ValidationError as error:
            report.errors.extend((line, message) for message in _messages(error, record))

    kinds = []
    for line, row in rows:
        record = (row.get(plan_exports.RECORD) or "").strip().capitalize()
        if record not in RECORDS:
            report.errors.append((line, f"Record: '{record}' is not one of: {', '.join(RECORDS)}."))
            continue
        kinds.append((line, record, row))
    # Priorities and actions first (measures and milestones name their action), then the links between actions.
    for line, record, row in kinds:
        if record in ("Priority", "Action"):
            attempt(line, "Priority", lambda row=row, line=line: _ensure_priority(row, line, plan, state))
        if record == "Action" and _priority_number(row) in state["priorities"]:
            attempt(
                line,
                "Action",
                lambda row=row, line=line: _action(row, line, state, organisations=organisations, people=people),
            )
    for line, parent_ref, child in state["parents"]:
        attempt(line, "Part of", lambda line=line, parent_ref=parent_ref, child=child: _link(parent_ref, child, state))
    for line, record, row in kinds:
        if record == exports.MEASURE:
            attempt(line, record, lambda row=row: _measure(row, state))
        elif record == exports.MILESTONE:
            attempt(line, record, lambda row=row: _milestone(row, state))
    report.counts.pop("Part of", None)
    report.counts["Priority"] = len(state["priorities"])
    return plan


def _priority_number(row):
    match = PRIORITY.match(row.get("Priority") or "")
    return int(match[1]) if match else None


def _ensure_priority(row, line, plan, state):
    """The row's priority, made the first time it is named; named again, it must say the same."""
    priority = _priority(row, plan)
    known = state["priorities"].get(priority.number)
    if known is not None:
        if known.title != priority.title:
            raise RowError(
                f"Priority: priority {priority.number} is '{known.title}' above (line {known.line}), here "
                f"'{priority.title}'. Give each priority one title."
            )
        raise _Known
    priority.full_clean(exclude=["plan"])
    plan_services.priority_save(priority=priority)
    priority.line = line
    state["priorities"][priority.number] = priority


class _Known(RowError):
    """A priority already made: nothing to count."""

    def __init__(self):
        super().__init__([])


def _action(row, line, state, *, organisations, people):
    reference = _text(row, "Reference", required=True, limit=10)
    if reference in state["actions"]:
        raise RowError(
            f"Reference: {reference} is already used on line {state['action_lines'][reference]}. Give each action a "
            "reference of its own."
        )
    state["action_lines"][reference] = line
    priority = state["priorities"][_priority_number(row)]
    lead = _organisation(row.get("Lead organisation") or "", organisations)
    officer = None
    if officer_name := _text(row, "Lead officer"):
        officer = people.get((lead.pk, officer_name.lower()))
        if officer is None:
            raise RowError(f"Lead officer: no current member of {lead.name} is called '{officer_name}'.")
    supporting = [
        _organisation(name, organisations)
        for name in (row.get("Supporting organisations") or "").split(plan_exports.SEPARATOR.strip())
        if name.strip()
    ]
    status = _choice(row.get("Status"), Action.Status.choices, "Status", default=Action.Status.NOT_STARTED)
    percent_text = _text(row, "Percent complete")
    if percent_text:
        percent = _whole(percent_text, "Percent complete", default=0)
    else:
        percent = services.default_percent(status)
        if percent is None:
            raise RowError(f"Percent complete: enter it ({Action.Status(status).label} has no usual percent).")
    action = Action(
        priority=priority,
        reference=reference,
        description=_text(row, "Action", required=True),
        lead_organisation=lead,
        lead_officer=officer,
        start_date=_date(row.get("Start"), "Start"),
        due_date=_date(row.get("Due"), "Due"),
        measure_of_success=_text(row, "Measure of success"),
        status=status,
        percent_complete=percent,
        weight=_whole(row.get("Weight"), "Weight", default=1),
        marking=_choice(row.get("Marking"), Marking.choices, "Marking", default=Marking.OFFICIAL),
    )
    if not 1 <= action.weight <= 10:
        raise RowError("Weight: a whole number from 1 to 10.")
    action.full_clean(exclude=["priority", "lead_officer", "origin"], validate_constraints=False)
    plan_services.action_save(action=action, supporting_organisations=supporting)
    state["actions"][reference] = action
    period = _text(row, exports.PERIOD)
    parent = _text(row, exports.PART_OF)
    if period or parent:
        tracking = services.tracking_for(action)
        tracking.reporting_period = _choice(period, ReportingPeriod.choices, exports.PERIOD, default=3)
        tracking.save(update_fields=["reporting_period"])
    if parent:
        state["parents"].append((line, parent, action))


def _link(parent_ref, child, state):
    parent = state["actions"].get(parent_ref)
    if parent is None:
        raise RowError(f"Part of: no action in this file has the reference {parent_ref}.")
    tracking = services.tracking_for(child)
    services.tracking_save(action=child, parent=parent, reporting_period=tracking.reporting_period)


def _action_of(row, state):
    reference = (row.get("Reference") or "").strip()
    action = state["actions"].get(reference)
    if action is None:
        raise RowError(f"Reference: no action in this file has the reference '{reference}' (it may have been refused).")
    return action


def _measure(row, state):
    action = _action_of(row, state)
    measure = Measure(
        action=action,
        title=_text(row, "Measure", required=True, limit=200),
        unit=_text(row, "Unit", limit=40),
        direction=_choice(row.get("Direction"), Direction.choices, "Direction", default=Direction.HIGHER),
        baseline=_number(row.get("Baseline"), "Baseline"),
        baseline_date=_date(row.get("Baseline date"), "Baseline date"),
        target=_number(row.get("Target"), "Target"),
        target_date=_date(row.get("Target date"), "Target date"),
        amber_at=_number(row.get("Amber threshold"), "Amber threshold"),
        red_at=_number(row.get("Red threshold"), "Red threshold"),
    )
    services.measure_save(measure=measure)


def _milestone(row, state):
    action = _action_of(row, state)
    milestone = Milestone(
        action=action,
        title=_text(row, "Milestone", required=True, limit=300),
        due_date=_date(row.get("Milestone due"), "Milestone due"),
        done_on=_date(row.get("Milestone done on"), "Milestone done on", required=False),
    )
    services.milestone_save(milestone=milestone)
