import pytest
from django.core.management import call_command

from assurance.models import AssessmentCycle, Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent


def test_the_demo_has_last_years_signed_off_assessment_and_this_years_draft(demo):
    this, last = AssessmentCycle.objects.order_by("-year_label")
    assert last.status == "signed_off" and last.sign_offs.count() == 2
    assert {s.role_title for s in last.sign_offs.all()} == {
        "Chair of the Prevent Partnership",
        "Senior council lead for Prevent",
    }
    assert this.status == "draft"
    assert this.assessments.exclude(rating="").count() == 6
    assert this.assessments.filter(rating="").exists()
    assert Evidence.objects.filter(assessment__cycle=last, status="accepted").exists()
    assert Evidence.objects.filter(assessment__cycle=this, status="proposed").exists()
