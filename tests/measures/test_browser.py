"""In Chromium with the demo data, as a new user would: an admin adds a measure to next year's draft, records a result
and watches the RAG change, imports a plan from CSV with a deliberate bad row, and prints the highlight report. Every
page passes axe-core."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from measures.models import HighlightReport
from tests.browser import accessibility_violations, sign_in
from tests.realworld import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "partnership-demo"


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _checked(page):
    assert accessibility_violations(page) == [], page.url


def test_an_admin_adds_a_measure_records_a_result_and_watches_the_rag_change(page, live_server, demo_data):
    draft = ActionPlan.objects.get(status="draft")
    action = Action.objects.filter(priority__plan=draft).order_by("priority__number", "reference").first()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("actionplans:action", args=[action.pk]))
    _checked(page)
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Measure", exact=True).fill("Staff trained in Prevent awareness")
    page.get_by_label("Unit").fill("%")
    page.get_by_label("Higher is better").check()
    page.get_by_label("Baseline", exact=True).fill("30")
    page.get_by_label("Target", exact=True).fill("30")
    page.get_by_label("Amber threshold").fill("70")
    page.get_by_label("Red threshold").fill("50")
    page.get_by_role("button", name="Save").click()
    assert "The target must differ from the baseline" in page.locator(".govuk-error-summary").inner_text()
    _checked(page)
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Save").click()
    assert "Measure added." in page.content()
    assert page.locator("#measures").is_visible()
    _checked(page)

    page.get_by_role("link", name="Record a result for Staff trained in Prevent awareness").click()
    _checked(page)
    page.get_by_label("Result").fill("42")
    page.get_by_label("Where the figure comes from").fill("Training records")
    page.get_by_role("button", name="Save").click()
    assert "Result recorded" in page.content()
    shown = page.locator("main").inner_text()
    assert "Red: off track" in shown and "Worked out from latest results: red." in shown
    _checked(page)
    action.refresh_from_db()
    assert action.status == "off_track"

    page.get_by_role("link", name="Set the RAG by hand").click()
    page.get_by_label("Amber: at risk").check()
    page.get_by_role("button", name="Save").click()
    assert "Say why the RAG is set by hand" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why").fill("The second cohort is booked for next week.")
    page.get_by_role("button", name="Save").click()
    shown = page.locator("main").inner_text()
    assert "Amber: at risk" in shown and "The second cohort is booked for next week." in shown
    _checked(page)


def test_an_admin_imports_a_plan_with_a_bad_row_fixes_it_and_prints_the_highlight_report(
    page, live_server, demo_data, tmp_path, celery_worker
):
    this = ActionPlan.objects.filter(status="approved").order_by("-start_date").first()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("actionplans:plan", args=[this.pk]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    header = rows[0]
    bad = [list(row) for row in rows]
    bad[1][header.index("Lead organisation")] = "Northport Collage"
    path = tmp_path / "plan.csv"
    page.get_by_role("link", name="Import a plan from CSV").click()
    for version in (bad, rows):
        out = io.StringIO()
        csv.writer(out).writerows(version)
        path.write_text(out.getvalue(), encoding="utf-8")
        page.get_by_label("CSV file").set_input_files(str(path))
        page.get_by_label("Year").fill("2031/32")
        page.get_by_label("Title").fill("Imported plan")
        page.locator("#id_start_date").fill("2031-04-01")
        page.locator("#id_end_date").fill("2032-03-31")
        page.get_by_role("button", name="Check the file").click()
        _checked(page)
        if version is bad:
            problems = page.locator("main table").inner_text()
            assert "Unknown organisation 'Northport Collage'" in problems and "\n2\t" in problems
            assert not ActionPlan.objects.filter(year_label="2031/32").exists()
    assert "The file is ready" in page.content()
    page.get_by_role("button", name="Import the plan").click()
    imported = ActionPlan.objects.get(year_label="2031/32")
    assert imported.status == "draft"
    assert Action.objects.filter(priority__plan=imported).count() == Action.objects.filter(priority__plan=this).count()
    _checked(page)

    page.goto(live_server.url + reverse("actionplans:plan", args=[this.pk]))
    page.get_by_role("link", name="Highlight report").click()
    _checked(page)
    assert "Red: off track" in page.locator("main").inner_text()
    page.get_by_role("button", name="Prepare the PDF").click()
    assert wait_until(lambda: HighlightReport.objects.filter(plan=this, state="ready").exists(), timeout=60)
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    page.goto(live_server.url + reverse("actionplans:dashboard", args=[this.pk]))
    assert page.locator("#exceptions").is_visible()
    _checked(page)
