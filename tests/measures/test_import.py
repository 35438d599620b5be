"""A whole plan from CSV: a dry run lists each bad row with its line and reason, the import is one transaction, and a
plan exported and imported again is the same plan."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Action, ActionPlan, Priority
from measures import imports, services
from measures.models import Measure, Milestone
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.factories import OrganisationFactory, PersonFactory

from .factories import MeasureFactory, MeasurementFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
NEW = {
    "year_label": "2032/33",
    "title": "Imported plan",
    "start_date": datetime.date(2032, 4, 1),
    "end_date": datetime.date(2033, 3, 31),
}


def _export(client, plan):
    response = client.get(reverse("actionplans:plan_csv", args=[plan.pk]))
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def full_plan(db):
    """A draft plan with every kind of row: an empty priority, actions with supporting organisations, a sub-action,
    measures both ways, milestones (one done)."""
    plan = PlanFactory(
        year_label="2025/26",
        status=ActionPlan.Status.DRAFT,
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
    )
    college = OrganisationFactory(name="Northport College")
    police = OrganisationFactory(name="Northshire Police")
    officer = PersonFactory(name="Sam Patel", organisation=police)
    training = PriorityFactory(
        plan=plan,
        number=1,
        title="Train frontline staff",
        description="Why it matters",
        unclassified_summary="Safe at OFFICIAL",
        toolkit_area="training",
    )
    PriorityFactory(
        plan=plan,
        number=2,
        title="Review venues",
        source="ctlp",
        ctlp_reference="R3",
        toolkit_area="permissive_environments",
    )
    parent = ActionFactory(
        priority=training,
        reference="1.1",
        description="Train every school's DSL",
        lead_organisation=police,
        lead_officer=officer,
        status="on_track",
        percent_complete=40,
        weight=2,
        start_date=plan.start_date,
        due_date=datetime.date(2026, 3, 1),
        measure_of_success="All trained",
        marking="official_sensitive",
    )
    parent.supporting_organisations.set([college])
    child = ActionFactory(
        priority=training,
        reference="1.2",
        description="Train college staff",
        lead_organisation=college,
        lead_officer=None,
        status="not_started",
        percent_complete=0,
        start_date=plan.start_date,
        due_date=datetime.date(2026, 1, 31),
    )
    services.tracking_save(action=child, parent=parent, reporting_period=1)
    services.measure_save(
        measure=Measure(
            action=parent,
            title="DSLs trained",
            unit="%",
            direction="higher",
            baseline=Decimal("12.5"),
            baseline_date=plan.start_date,
            target=Decimal(100),
            target_date=parent.due_date,
            amber_at=Decimal(70),
            red_at=Decimal(50),
        )
    )
    services.measure_save(
        measure=Measure(
            action=child,
            title="Days to complete",
            unit="days",
            direction="lower",
            baseline=Decimal(45),
            baseline_date=plan.start_date,
            target=Decimal(28),
            target_date=child.due_date,
            amber_at=Decimal(35),
            red_at=Decimal(42),
        )
    )
    services.milestone_save(
        milestone=Milestone(
            action=parent,
            title="Sessions booked",
            due_date=datetime.date(2025, 6, 30),
            done_on=datetime.date(2025, 6, 20),
        )
    )
    services.milestone_save(
        milestone=Milestone(action=child, title="Course chosen", due_date=datetime.date(2025, 9, 1))
    )
    return plan


def _import(text, *, dry_run=False, **fields):
    return imports.plan_import(text, dry_run=dry_run, **{**NEW, **fields})


def test_a_plan_exported_and_imported_again_is_the_same_plan(admin_client, full_plan):
    exported = _export(admin_client, full_plan)
    report = _import(exported)
    assert report.errors == []
    assert report.counts == {"Priority": 2, "Action": 2, "Measure": 2, "Milestone": 2}
    again = _export(admin_client, report.plan)
    assert again == exported
    rows = _rows(again)
    assert [row[0] for row in rows] == [
        "Record",
        "Action",
        "Measure",
        "Milestone",
        "Action",
        "Measure",
        "Milestone",
        "Priority",
    ]
    imported = Action.objects.get(priority__plan=report.plan, reference="1.2")
    assert imported.tracking.parent.reference == "1.1" and imported.tracking.reporting_period == 1


def test_results_and_the_last_update_are_worked_out_not_carried(admin_client, full_plan, admin_user):
    measure = Measure.objects.get(title="DSLs trained")
    MeasurementFactory(
        measure=measure,
        value=Decimal(80),
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30),
    )
    exported = _export(admin_client, full_plan)
    header, *rows = _rows(exported)
    assert rows[1][header.index("Latest result")] == "80"
    report = _import(exported)
    assert report.errors == [], report.errors
    header2, *rows2 = _rows(_export(admin_client, report.plan))
    assert rows2[1][header2.index("Latest result")] == ""
    skip = {header.index(c) for c in ("Latest result", "Latest result period end", "Last update", "RAG")}
    assert [[c for i, c in enumerate(r) if i not in skip] for r in rows2] == [
        [c for i, c in enumerate(r) if i not in skip] for r in rows
    ]


def _csv(*rows, header=None):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        header
        or [
            "Record",
            "Priority",
            "Toolkit area",
            "Reference",
            "Action",
            "Lead organisation",
            "Lead officer",
            "Start",
            "Due",
            "Status",
            "Percent complete",
            "Measure",
            "Direction",
            "Baseline",
            "Baseline date",
            "Target",
            "Target date",
            "Amber threshold",
            "Red threshold",
            "Milestone",
            "Milestone due",
            "Part of",
        ]
    )
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _action(ref, org="Northport College", **overrides):
    row = [
        "Action",
        "1. Train staff",
        "Training",
        ref,
        f"Action {ref}",
        org,
        "",
        "2032-04-01",
        "2033-03-01",
        "On track",
        "20",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    for index, value in overrides.items():
        row[int(index[1:])] = value
    return row


def _measure_row(ref, **values):
    row = [
        "Measure",
        "1. Train staff",
        "",
        ref,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Staff trained",
        "Higher is better",
        "20",
        "2032-04-01",
        "90",
        "2033-03-01",
        "60",
        "40",
        "",
        "",
        "",
    ]
    for index, value in values.items():
        row[int(index[1:])] = value
    return row


def test_the_dry_run_lists_every_bad_row_with_its_line_and_reason_and_keeps_nothing(db):
    OrganisationFactory(name="Northport College")
    text = _csv(
        _action("1.1"),
        _action("1.2", org="Northport Collage"),  # line 3: unknown organisation
        _action("1.1"),  # line 4: the reference again
        _measure_row("1.1", c13="90"),  # line 5: baseline equal to the target
        _measure_row("1.1", c17="30", c18="50"),  # line 6: thresholds the wrong way round
        # line 7: a milestone after the action's due date
        [
            "Milestone",
            "1. Train staff",
            "",
            "1.1",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Launch",
            "2033-06-01",
            "",
        ],
        _action("1.3", c21="1.4"),  # line 8: part of an action not in the file
    )
    report = _import(text, dry_run=True)
    lines = [(line, message.split(":")[0]) for line, message in report.errors]
    assert lines == [
        (3, "Unknown organisation 'Northport Collage'"),
        (4, "Reference"),
        (5, "Target"),
        (6, "Red threshold"),
        (7, "Milestone due"),
        (8, "Part of"),
    ]
    assert "1.1 is already used on line 2" in report.errors[1][1]
    assert ActionPlan.objects.count() == 0 and Priority.objects.count() == 0 and Action.objects.count() == 0


def test_a_good_file_imports_as_one_draft_plan(db):
    OrganisationFactory(name="Northport College")
    report = _import(_csv(_action("1.1"), _measure_row("1.1")))
    assert report.imported and report.errors == []
    plan = ActionPlan.objects.get(year_label="2032/33")
    assert plan.status == ActionPlan.Status.DRAFT
    assert Measure.objects.get().action.reference == "1.1"


def test_one_bad_row_keeps_the_whole_import_out(db):
    OrganisationFactory(name="Northport College")
    report = _import(_csv(_action("1.1"), _action("1.2"), _measure_row("1.2", c13="twenty")))
    assert report.errors == [(4, "Baseline: 'twenty' is not a number.")]
    assert not report.imported
    assert ActionPlan.objects.count() == Action.objects.count() == Measure.objects.count() == 0


def test_a_circle_of_sub_actions_in_the_file_is_refused(db):
    OrganisationFactory(name="Northport College")
    report = _import(_csv(_action("1.1", c21="1.2"), _action("1.2", c21="1.1")), dry_run=True)
    assert [line for line, _ in report.errors] == [3]
    assert "already part of action" in report.errors[0][1]


def test_a_header_we_do_not_read_is_refused_with_the_columns_named(db):
    report = _import(_csv(header=["Record", "Priority", "Colour"]), dry_run=True)
    assert report.errors == [
        (
            1,
            "The header row has unknown column(s): Colour; missing column(s): Action, Due, Lead organisation, "
            "Reference, Start, Toolkit area. Use the columns Download CSV writes.",
        )
    ]


def test_an_empty_percent_takes_the_statuss_usual_percent(db):
    OrganisationFactory(name="Northport College")
    report = _import(_csv(_action("1.1", c9="Not started", c10="")))
    assert report.errors == []
    assert Action.objects.get().percent_complete == 0


def test_the_import_page_checks_then_imports_what_was_checked(admin_client, db):
    OrganisationFactory(name="Northport College")
    url = reverse("measures:plan_import")
    upload = SimpleUploadedFile("plan.csv", _csv(_action("1.1"), _action("1.1")).encode(), content_type="text/csv")
    page = admin_client.post(url, {"file": upload, **NEW}).content.decode()
    assert "The file has 1 problem. Nothing has been imported." in page
    assert "1.1 is already used on line 2" in page
    upload = SimpleUploadedFile("plan.csv", _csv(_action("1.1"), _measure_row("1.1")).encode(), content_type="text/csv")
    page = admin_client.post(url, {"file": upload, **NEW}).content.decode()
    assert "The file is ready" in page
    assert ActionPlan.objects.count() == 0
    response = admin_client.post(url, {"action": "confirm"})
    plan = ActionPlan.objects.get(year_label="2032/33")
    assert response.status_code == 302 and response["Location"] == reverse("actionplans:plan", args=[plan.pk])
    assert Measure.objects.filter(action__priority__plan=plan).count() == 1


def test_partners_cannot_import(partner_client):
    assert partner_client.get(reverse("measures:plan_import")).status_code == 403


def test_the_plan_csv_carries_measures_and_milestones(partner_client, plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan), reference="2.1")
    MeasureFactory(action=action, title="Referrals from GPs")
    MilestoneFactory(action=action, title="Letters sent")
    header, *rows = _rows(_export(partner_client, plan))
    assert [
        (r[0], r[header.index("Reference")], r[header.index("Measure")], r[header.index("Milestone")]) for r in rows
    ] == [
        ("Action", "2.1", "", ""),
        ("Measure", "2.1", "Referrals from GPs", ""),
        ("Milestone", "2.1", "", "Letters sent"),
    ]


def test_a_row_that_looks_like_case_data_about_a_person_is_refused(db):
    OrganisationFactory(name="Northport College")
    report = _import(_csv(_action("1.1", c4="Support the pupil born 12/03/2011 at SW1A 1AA")), dry_run=True)
    assert report.errors == [
        (
            2,
            "Action: looks like it contains case data about a person (a date of birth and a postcode). Records about "
            "people referred to Prevent belong in the case systems: take it out of the file.",
        )
    ]
