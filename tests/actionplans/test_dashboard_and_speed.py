import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, Priority, ProgressUpdate, ToolkitArea
from tests.factories import OrganisationFactory

from .factories import ActionFactory, PriorityFactory

pytestmark = pytest.mark.django_db

STATUSES = ["not_started", "on_track", "at_risk", "off_track", "complete", "cancelled"]


def _bulk_plan(plan, author, *, actions, updates_per_action):
    organisations = [OrganisationFactory(name=f"Bulk organisation {n}") for n in range(10)]
    priorities = [
        PriorityFactory(
            plan=plan,
            number=n + 1,
            source="ctlp" if n == 0 else "local",
            ctlp_reference="R1" if n == 0 else "",
            toolkit_area=ToolkitArea.values[n % 8],
        )
        for n in range(6)
    ]
    rows = []
    for n in range(actions):
        status = STATUSES[n % 6]
        rows.append(
            Action(
                priority=priorities[n % 6],
                reference=f"{n % 6 + 1}.{n}",
                description=f"Bulk action {n}",
                lead_organisation=organisations[n % 10],
                start_date=plan.start_date,
                due_date=plan.start_date + datetime.timedelta(days=30 if n % 7 == 0 else 360),
                status=status,
                percent_complete=100 if status == "complete" else 50,
                weight=1 + n % 3,
            )
        )
    created = Action.objects.bulk_create(rows)
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                action=action,
                author=author,
                date=plan.start_date + datetime.timedelta(days=d),
                narrative="Progress",
                status=action.status,
                percent_complete=action.percent_complete,
            )
            for action in created
            for d in range(updates_per_action)
        ]
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["actionplans:plan", "actionplans:dashboard"])
def test_plan_page_and_dashboard_take_a_fixed_number_of_queries_at_any_size(
    admin_client, admin_user, plan, name, django_assert_num_queries
):
    url = reverse(name, args=[plan.pk])
    _bulk_plan(plan, admin_user, actions=12, updates_per_action=2)
    small = _count(admin_client, url)
    Action.objects.all().delete()
    Priority.objects.all().delete()
    _bulk_plan(plan, admin_user, actions=500, updates_per_action=10)
    assert ProgressUpdate.objects.count() == 5000
    # session, user, person, second-factor device; then the page's own reads. The dashboard's +3 are plan measures'
    # section (stale actions, milestones missed, measures off target: tests/measures/test_speed.py).
    expected = {"actionplans:plan": 10, "actionplans:dashboard": 13}[name]
    assert small == expected
    with django_assert_num_queries(expected):
        admin_client.get(url)


def test_home_panels_take_a_fixed_number_of_queries(admin_client, admin_user, partner_client, plan):
    _bulk_plan(plan, admin_user, actions=12, updates_per_action=1)
    small = (_count(admin_client, "/"), _count(partner_client, "/"))
    Action.objects.all().delete()
    Priority.objects.all().delete()
    _bulk_plan(plan, admin_user, actions=300, updates_per_action=1)
    assert (_count(admin_client, "/"), _count(partner_client, "/")) == small


def test_dashboard_counts_rag_per_priority_and_finds_gaps(partner_client, plan):
    training = PriorityFactory(plan=plan, number=1, toolkit_area="training")
    PriorityFactory(
        plan=plan,
        number=2,
        source="ctlp",
        ctlp_reference="R7",
        title="Venues used by hate groups",
        toolkit_area="channel_panel",
    )
    ActionFactory(priority=training, status="on_track", percent_complete=50, weight=3)
    ActionFactory(priority=training, status="complete", percent_complete=100, weight=1)
    overdue = ActionFactory(
        priority=training, status="off_track", percent_complete=0, weight=1, due_date=plan.start_date
    )
    page = partner_client.get(reverse("actionplans:dashboard", args=[plan.pk])).content.decode()
    assert 'role="img"' in page and '<title id="rag-chart-title">' in page and "aria-labelledby" in page
    assert "<script" not in page.split("</main>")[0]
    # (3*50 + 1*100 + 1*0) / 5 = 50
    assert "50%" in page
    assert overdue.description[:40] in page
    assert "R7: Venues used by hate groups" in page
    assert "Reducing permissive environments" in page  # a toolkit area with no action
    assert "On track (Green)" in page and "Red: off track" in page


def test_plan_page_filters_by_status_organisation_and_overdue(partner_client, plan):
    priority = PriorityFactory(plan=plan)
    late = ActionFactory(priority=priority, status="at_risk", due_date=plan.start_date, description="Late action")
    ActionFactory(priority=priority, status="on_track", description="Fine action")
    url = reverse("actionplans:plan", args=[plan.pk])
    assert "Fine action" not in partner_client.get(url, {"overdue": "1"}).content.decode()
    assert "Late action" in partner_client.get(url, {"overdue": "1"}).content.decode()
    assert "Late action" not in partner_client.get(url, {"status": "on_track"}).content.decode()
    page = partner_client.get(url, {"organisation": late.lead_organisation_id}).content.decode()
    assert "Late action" in page and "Fine action" not in page
    assert partner_client.get(url, {"status": "nonsense", "priority": "x"}).status_code == 200


def test_csv_export_escapes_formulas(partner_client, plan):
    ActionFactory(priority=PriorityFactory(plan=plan), description='=HYPERLINK("http://evil")')
    response = partner_client.get(reverse("actionplans:plan_csv", args=[plan.pk]))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body
    assert "Green" in body


def test_pdf_export_is_landscape_with_rag_and_a_key(partner_client, plan, prepared_pdf):
    from pypdf import PdfReader

    ActionFactory(priority=PriorityFactory(plan=plan), status="off_track", percent_complete=10, description="Audit")
    response = prepared_pdf(
        partner_client,
        reverse("actionplans:plan_pdf_prepare", args=[plan.pk]),
        reverse("actionplans:plan_pdf", args=[plan.pk]),
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = reader.pages[0].extract_text()
    assert "Key:" in text and "Red: off track" in text and "Audit" in text


def test_the_plan_pdf_is_prepared_by_a_worker_and_its_state_shown_on_the_plan_page(
    partner_client, plan, media, django_capture_on_commit_callbacks
):
    from actionplans.models import GeneratedReport

    from .conftest import pdf_text

    ActionFactory(priority=PriorityFactory(plan=plan), description="Train school staff")
    page_url = reverse("actionplans:plan", args=[plan.pk])
    assert "No PDF has been prepared yet" in partner_client.get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        partner_client.post(reverse("actionplans:plan_pdf_prepare", args=[plan.pk]))
    assert GeneratedReport.objects.get(plan=plan).state == "preparing"
    assert "Being prepared" in partner_client.get(page_url).content.decode()
    for callback in queued:
        callback()
    assert GeneratedReport.objects.get(plan=plan).state == "ready"
    assert "Download PDF" in partner_client.get(page_url).content.decode()
    text = pdf_text(partner_client.get(reverse("actionplans:plan_pdf", args=[plan.pk])))
    assert plan.title in text and "Train school staff" in text


def test_a_failed_render_is_shown_and_can_be_asked_for_again(
    admin_client, plan, media, django_capture_on_commit_callbacks, monkeypatch
):
    from actionplans import documents
    from actionplans.models import GeneratedReport

    def broken(*args, **kwargs):
        raise RuntimeError("fonts are missing")

    monkeypatch.setattr(documents, "render_pdf", broken)  # WeasyPrint, outside our code
    prepare = reverse("actionplans:plan_pdf_prepare", args=[plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(prepare)
    pdf = GeneratedReport.objects.get(plan=plan)
    assert pdf.state == "failed" and "fonts are missing" in pdf.error
    page = admin_client.get(reverse("actionplans:plan", args=[plan.pk])).content.decode()
    assert "Failed" in page and "Prepare the PDF again" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(prepare)
    pdf.refresh_from_db()
    assert (pdf.state, pdf.error) == ("ready", "")
