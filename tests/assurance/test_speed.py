"""The matrix page and the PDF return read a fixed number of queries, whatever the size of the framework."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from assurance import documents, services
from assurance.models import AssessmentCycle, Evidence
from common.pdf import render_html
from tests.actionplans.factories import ActionFactory, PlanFactory, PriorityFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

EVIDENCE_LINKS = 500


def _framework(per_area):
    rows = "".join(f"{a},Area {a},{a}.{n},Criterion {a}.{n}\n" for a in range(1, 9) for n in range(1, per_area + 1))
    return services.framework_import_csv(
        name="Scale", version=f"x{per_area}", text="area,area_title,criterion,text\n" + rows
    )


def _cycles(per_area):
    framework = _framework(per_area)
    last = services.cycle_start(year_label="2025/26", framework=framework)
    last.assessments.update(rating="met", narrative="Yes.", confidence="high")
    AssessmentCycle.objects.filter(pk=last.pk).update(status="signed_off")
    cycle = services.cycle_start(year_label="2026/27", framework=framework)
    cycle.assessments.update(rating="partly_met", narrative="*Mostly*.", confidence="medium")
    meetings = [MeetingFactory(past=True) for _ in range(3)]
    actions = [ActionFactory(priority=PriorityFactory(plan=PlanFactory())) for _ in range(2)]
    records = [(ContentType.objects.get_for_model(r), r.pk) for r in meetings + actions]
    assessments = list(cycle.assessments.all())
    Evidence.objects.bulk_create(
        Evidence(
            assessment=assessments[i % len(assessments)],
            content_type=records[i % len(records)][0],
            object_id=records[i % len(records)][1],
            title=f"Evidence {i}",
        )
        for i in range(EVIDENCE_LINKS)
    )
    first = assessments[0]
    first.improvement_action = actions[0]
    first.save()
    return cycle


@pytest.mark.parametrize("per_area", [1, 10])
def test_the_matrix_page_reads_a_fixed_number_of_queries(per_area, admin_client, django_assert_num_queries):
    cycle = _cycles(per_area)
    url = reverse("assurance:cycle", args=[cycle.pk])
    admin_client.get(url)  # warm the session and the content type cache
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(12):
        response = admin_client.get(url)
    assert response.content.decode().count('id="criterion-') == 8 * per_area


@pytest.mark.parametrize("per_area", [1, 10])
def test_the_pdf_return_reads_a_fixed_number_of_queries(per_area, django_assert_num_queries):
    cycle = AssessmentCycle.objects.select_related("framework").get(pk=_cycles(per_area).pk)
    # 7: each kind of linked record is read for its level as it stands now (two kinds here), not kept on the link.
    with django_assert_num_queries(7):
        html = render_html("assurance/pdf_return.html", documents.return_context(cycle, None))
    assert html.count('class="criterion"') == 8 * per_area
    assert html.count("Evidence ") >= EVIDENCE_LINKS


@pytest.mark.parametrize("per_area", [1, 10])
def test_a_partners_return_page_reads_a_fixed_number_of_queries(per_area, partner_client, django_assert_num_queries):
    cycle = _cycles(per_area)
    AssessmentCycle.objects.filter(pk=cycle.pk).update(status="signed_off")
    url = reverse("assurance:return", args=[cycle.pk])
    partner_client.get(url)
    # 14: the signed-in partner comes with their membership in one query (members.backends); the linked records are
    # read once per kind, for whether the partner may see them and at which level (was 15: the level was a query of
    # its own, from a marking kept on the link).
    with django_assert_num_queries(14):
        response = partner_client.get(url)
    assert response.status_code == 200
