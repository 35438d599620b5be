"""Bad input is refused clearly, naming the field, and nothing is half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from measures import services
from measures.models import Measure, Measurement, Milestone, Tracking
from tests.actionplans.factories import ActionFactory

from .factories import MeasureFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def _measure(action, **fields):
    values = {
        "title": "Staff trained",
        "unit": "%",
        "direction": "higher",
        "baseline": Decimal(20),
        "baseline_date": action.start_date,
        "target": Decimal(90),
        "target_date": action.due_date,
        "amber_at": Decimal(60),
        "red_at": Decimal(40),
        **fields,
    }
    return Measure(action=action, **values)


def _refused(call, field):
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict[field]


def test_a_target_equal_to_its_baseline_is_refused(draft_action):
    messages = _refused(lambda: services.measure_save(measure=_measure(draft_action, target=Decimal(20))), "target")
    assert messages == ["The target must differ from the baseline: it is what the action will change."]
    assert not Measure.objects.exists()


def test_a_target_the_wrong_side_of_the_baseline_for_the_direction_is_refused(draft_action):
    lower = _measure(draft_action, direction="lower", baseline=Decimal(30), target=Decimal(40), amber_at=Decimal(35),
                     red_at=Decimal(38))  # fmt: skip
    assert _refused(lambda: services.measure_save(measure=lower), "target") == [
        "Lower is better, so the target must be below the baseline."
    ]


def test_thresholds_in_the_wrong_order_for_higher_is_better_are_refused(draft_action):
    measure = _measure(draft_action, amber_at=Decimal(40), red_at=Decimal(60))
    assert _refused(lambda: services.measure_save(measure=measure), "red_at") == [
        "Higher is better, so the red threshold must be below the amber threshold."
    ]
    assert not Measure.objects.exists()


def test_thresholds_in_the_wrong_order_for_lower_is_better_are_refused(draft_action):
    measure = _measure(draft_action, direction="lower", baseline=Decimal(45), target=Decimal(28), amber_at=Decimal(42),
                       red_at=Decimal(35))  # fmt: skip
    assert _refused(lambda: services.measure_save(measure=measure), "red_at") == [
        "Lower is better, so the red threshold must be above the amber threshold."
    ]


def test_an_amber_threshold_beyond_the_target_is_refused(draft_action):
    measure = _measure(draft_action, amber_at=Decimal(95), red_at=Decimal(40))
    assert (
        "reaching the target would still be amber"
        in _refused(lambda: services.measure_save(measure=measure), "amber_at")[0]
    )


def test_the_database_refuses_thresholds_in_the_wrong_order_too(draft_action):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        _measure(draft_action, amber_at=Decimal(40), red_at=Decimal(60)).save()


def test_a_measure_cannot_be_added_to_an_approved_plan(own_action):
    with pytest.raises(ValidationError) as refused:
        services.measure_save(measure=_measure(own_action))
    assert refused.value.messages[0].startswith("This plan has been approved, so it cannot be changed in place.")


def test_a_result_for_a_period_not_yet_ended_is_refused(own_action, partner_user):
    measure = MeasureFactory(action=own_action)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.measurement_record(
            measure=measure,
            by=partner_user,
            period_start=today.replace(day=1),
            period_end=today + datetime.timedelta(days=20),
            value=Decimal(50),
            source="Records",
        )
    assert refused.value.message_dict["period_end"][0].startswith("The period has not ended yet")
    assert not Measurement.objects.exists()


def test_a_second_result_for_the_same_period_is_refused(own_action, partner_user):
    first = MeasurementFactory(measure=MeasureFactory(action=own_action))
    with pytest.raises(ValidationError) as refused:
        services.measurement_record(
            measure=first.measure,
            by=partner_user,
            period_start=first.period_start,
            period_end=first.period_end,
            value=Decimal(10),
            source="Records",
        )
    assert "has already been recorded for this measure" in refused.value.message_dict["period_end"][0]
    assert Measurement.objects.count() == 1


def test_another_organisation_cannot_record_a_result(own_action, other_partner_user):
    measure = MeasureFactory(action=own_action)
    with pytest.raises(PermissionDenied):
        services.measurement_record(
            measure=measure,
            by=other_partner_user,
            period_start=own_action.start_date,
            period_end=timezone.localdate(),
            value=Decimal(50),
            source="Records",
        )


def test_a_milestone_after_its_actions_due_date_is_refused(draft_action):
    milestone = Milestone(action=draft_action, title="Launch", due_date=draft_action.due_date + datetime.timedelta(1))
    message = _refused(lambda: services.milestone_save(milestone=milestone), "due_date")[0]
    assert message.startswith(f"The milestone must be due by the action's due date, {draft_action.due_date:%-d %B %Y}")
    assert not Milestone.objects.exists()


def test_a_cycle_in_sub_actions_is_refused(draft_action):
    child = ActionFactory(priority=draft_action.priority)
    grandchild = ActionFactory(priority=draft_action.priority)
    services.tracking_save(action=child, parent=draft_action, reporting_period=3)
    services.tracking_save(action=grandchild, parent=child, reporting_period=3)
    message = _refused(
        lambda: services.tracking_save(action=draft_action, parent=grandchild, reporting_period=3), "parent"
    )[0]
    assert message.startswith(f"Action {grandchild.reference} is already part of action {draft_action.reference}")
    assert Tracking.objects.get(action=draft_action).parent is None


def test_an_action_cannot_be_part_of_itself_or_of_another_plans_action(draft_action, own_action):
    assert _refused(lambda: services.tracking_save(action=draft_action, parent=draft_action, reporting_period=3),
                    "parent") == ["An action cannot be part of itself."]  # fmt: skip
    assert _refused(lambda: services.tracking_save(action=draft_action, parent=own_action, reporting_period=3),
                    "parent") == ["The action it is part of must be in the same plan."]  # fmt: skip


def test_an_override_without_a_reason_is_refused(own_action, admin_user):
    assert _refused(
        lambda: services.rag_override(action=own_action, by=admin_user, status="on_track", reason="  "), "reason"
    ) == ["Say why the RAG is set by hand: the reason is shown with it."]
    assert not Tracking.objects.filter(action=own_action).exclude(override_status="").exists()


def test_a_partner_cannot_override_the_rag(own_action, partner_user):
    with pytest.raises(PermissionDenied):
        services.rag_override(action=own_action, by=partner_user, status="on_track", reason="We know better")


def test_the_measure_form_names_the_field_that_breaks_a_rule(admin_client, draft_action):
    response = admin_client.post(
        reverse("measures:measure_create", args=[draft_action.pk]),
        {
            "title": "Staff trained",
            "unit": "%",
            "direction": "higher",
            "baseline": "20",
            "baseline_date": draft_action.start_date.isoformat(),
            "target": "20",
            "target_date": draft_action.due_date.isoformat(),
            "amber_at": "60",
            "red_at": "70",
            "version": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The target must differ from the baseline" in page
    assert 'href="#id_target"' in page
    assert not Measure.objects.exists()


def test_the_result_form_refuses_a_file_that_is_not_what_its_name_says(own_action, partner_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import signed_in_client

    measure = MeasureFactory(action=own_action)
    client = signed_in_client(partner_user)
    response = client.post(
        reverse("measures:result_create", args=[measure.pk]),
        {
            "period_start": own_action.start_date.isoformat(),
            "period_end": timezone.localdate().isoformat(),
            "value": "55",
            "source": "Training records",
            "marking": "official",
            "evidence": SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "The selected file is not a real PDF file" in response.content.decode()
    assert not Measurement.objects.exists()
