"""Risks from CSV into a draft: every bad line listed with its reason (an unknown owner above all), nothing kept
unless every line is good; the register's own CSV read back into a new draft gives the same risks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from risks.models import Risk
from tests.factories import OrganisationFactory

from .factories import RecommendationFactory, RiskFactory

pytestmark = pytest.mark.django_db

HEADER = "Title,Theme,CTLP recommendations,Local data,Owner organisation,Inherent likelihood,Inherent impact," \
         "Residual likelihood,Residual impact,Controls,Review date\n"  # fmt: skip


def _post(client, assessment, text):
    upload = SimpleUploadedFile("risks.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("risks:risks_import", args=[assessment.pk]), {"file": upload})


def test_a_file_with_an_unknown_owner_is_refused_line_by_line_and_nothing_is_kept(admin_client, assessment):
    OrganisationFactory(name="Northshire Police")
    text = HEADER + (
        "Stickers in the town centre,Extreme right-wing,,yes,Northshire Police,3,3,2,2,Cleansing,2031-01-01\n"
        "Venue bookings,A place of concern,,yes,Northshire Polise,2,4,1,4,Terms,2031-01-01\n"
        "Gaming platforms,Online radicalisation,R9,,Northshire Police,4,7,3,3,Filtering,2031-01-01\n"
    )
    response = _post(admin_client, assessment, text)
    problems = response.context["report"].problems
    assert (3, "Owner organisation: unknown organisation 'Northshire Polise'") in problems
    assert (4, "CTLP recommendations: no CTLP recommendation 'R9' is recorded") in problems
    assert "Nothing has been imported" in response.content.decode()
    assert not Risk.objects.exists()


def test_a_good_file_is_imported_in_one_go(admin_client, assessment):
    OrganisationFactory(name="Northshire Police")
    ctlp = RecommendationFactory(reference="R1")
    text = HEADER + (
        "Stickers in the town centre,Extreme right-wing,,yes,Northshire Police,3,3,2,2,Cleansing,2031-01-01\n"
        "Gaming platforms,Online radicalisation,R1,,Northshire Police,4,4,3,3,Filtering,2031-01-01\n"
    )
    response = _post(admin_client, assessment, text)
    assert response.status_code == 302
    assert list(Risk.objects.order_by("reference").values_list("reference", "title")) == [
        ("R1", "Stickers in the town centre"), ("R2", "Gaming platforms")
    ]  # fmt: skip
    assert list(Risk.objects.get(reference="R2").recommendations.all()) == [ctlp]


def test_the_registers_csv_reads_back_into_a_new_draft(admin_client, assessment):
    from risks import imports
    from tests.risks.factories import AssessmentFactory

    RiskFactory(assessment=assessment, title="First")
    RiskFactory(assessment=assessment, title="Second", residual_likelihood=5, residual_impact=5, residual_reason="Why")
    exported = b"".join(admin_client.get(reverse("risks:register_csv", args=[assessment.pk])).streaming_content)
    draft = AssessmentFactory(period_label="2031/32")
    report = imports.risks_import(assessment=draft, text=exported.decode("utf-8-sig"))
    assert report.ok, report.problems
    fields = ("reference", "title", "theme", "owner_organisation", "inherent_likelihood", "residual_impact",
              "residual_reason", "controls", "review_date")  # fmt: skip
    assert list(draft.risks.order_by("reference").values_list(*fields)) == list(
        assessment.risks.order_by("reference").values_list(*fields)
    )
