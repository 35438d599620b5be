"""The subject access export reads as words, as JSON and as a PDF; erasure on request is done now, reason kept."""

import io
import json
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from actionplans import services as plan_services
from members.models import Person
from tests import factories
from tests.actionplans.factories import PlanFactory
from tests.members.factories import LinkedBodyFactory

pytestmark = pytest.mark.django_db

INTERNALS = [
    re.compile(r"\w+\.\w+\.None"),  # a related manager printed: "actionplans.BoardReportVersion.None"
    re.compile(r"\d{2}:\d{2}:\d{2}\.\d+"),  # microseconds
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),  # ISO timestamps
    re.compile(r'"(job_title|term_start|last_login|object_repr|changes|action)"'),  # field names as keys
]


@pytest.fixture
def officer():
    """A council officer who has written a board report (its creation lists a reverse relation) and been edited."""
    user = factories.UserFactory(role="admin", email="grace.okafor@example.org", person__name="Grace Okafor",
                                 person__job_title="Prevent Coordinator")  # fmt: skip
    with set_actor(user):
        plan = PlanFactory()
        plan_services.board_report_create(
            period_start=plan.start_date, period_end=plan.end_date, linked_body=LinkedBodyFactory(), plan=plan
        )
        person = user.person
        person.job_title = "Prevent Lead"
        person.save()
    return user.person


def test_the_subject_access_export_is_in_words_with_no_internals(admin_client, officer):
    text = admin_client.get(reverse("subject_access", args=[officer.pk])).content.decode()
    for internal in INTERNALS:
        found = internal.search(text)
        assert not found, text[max(0, found.start() - 300) : found.end() + 50]
    data = json.loads(text)
    profile = data["Sections"]["Profile"][0]
    assert profile["Job title"] == "Prevent Lead"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", profile["Term start"])
    trail = data["Sections"]["Audit trail"]
    change = next(row for row in trail if row["What happened"] == "Changed" and row["Record"].startswith("Person"))
    assert "Job title: Prevent Coordinator → Prevent Lead" in change["Details"]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}", change["When"])
    report = next(row for row in trail if row["Record"].startswith("Board report"))
    assert not [line for line in report["Details"] if line.endswith(": None")]  # what was empty is not listed


def test_the_subject_access_export_is_a_readable_pdf_too(admin_client, officer):
    response = admin_client.get(reverse("subject_access_pdf", args=[officer.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for words in ("Everything held about Grace Okafor", "Profile", "Job title", "Prevent Lead", "Audit trail"):
        assert words in text
    assert not INTERNALS[0].search(text) and not INTERNALS[1].search(text)
    page = admin_client.get(reverse("members:person_detail", args=[officer.pk])).content.decode()
    assert reverse("subject_access_pdf", args=[officer.pk]) in page


def test_erasure_on_request_removes_every_record_of_theirs_now_and_keeps_who_why_and_when(admin_client, admin_user):
    leaver = factories.UserFactory(role="partner", email="owen.lloyd@example.org", person__name="Owen Lloyd")
    earlier = factories.PersonFactory(name="Owen Lloyd", email="Owen.Lloyd@example.org", status=Person.Status.FORMER)
    url = reverse("members:person_erase", args=[leaver.person.pk])
    page = admin_client.get(url).content.decode()
    assert "This cannot be undone" in page
    refused = admin_client.post(url, {"reason": "", "confirm": ""})
    assert "Enter an answer to: Why are their details being erased?" in refused.content.decode()
    assert Person.objects.get(pk=leaver.person.pk).anonymised_at is None
    response = admin_client.post(url, {"reason": "Asked by email on 3 December, ref DP-41", "confirm": "on"})
    assert response.status_code == 302
    for record in (leaver.person, earlier):
        record.refresh_from_db()
        assert record.anonymised_at is not None and record.name == f"Former member {record.pk}"
        assert record.status == Person.Status.FORMER
    leaver.refresh_from_db()
    assert not leaver.is_active
    entry = LogEntry.objects.get_for_object(leaver.person).filter(changes__icontains="erased on request").get()
    assert entry.actor == admin_user
    assert entry.changes_dict["anonymised"][1] == "erased on request: Asked by email on 3 December, ref DP-41"
    assert "Owen" not in json.dumps(list(LogEntry.objects.values_list("object_repr", "changes")))
