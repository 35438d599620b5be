import pytest
from django.core.exceptions import ValidationError

from assurance import services
from assurance.models import AssessmentCycle, SignOff

from .conftest import first, rate_all

pytestmark = pytest.mark.django_db


def test_a_cycle_has_one_assessment_per_criterion_of_the_framework_it_started_with(cycle):
    assert cycle.assessments.count() == 19
    services.framework_import_csv(
        name="New",
        version="2027",
        text="area,area_title,criterion,text\n" + "".join(f"{n},A{n},{n}.1,T\n" for n in range(1, 9)),
    )
    cycle.refresh_from_db()
    assert cycle.framework.version == "2026"


def test_a_rating_without_a_narrative_is_refused(cycle):
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(assessment=first(cycle), rating="met", narrative=" ", confidence="high")
    assert "a rating needs a narrative" in str(refused.value)
    assert first(cycle).rating == ""


def test_not_applicable_without_a_reason_is_refused(cycle):
    with pytest.raises(ValidationError, match="does not apply"):
        services.assessment_save(
            assessment=first(cycle), rating="not_applicable", narrative="No venues.", confidence="high"
        )


def test_not_applicable_with_a_reason_is_kept(cycle):
    services.assessment_save(
        assessment=first(cycle),
        rating="not_applicable",
        narrative="No venues.",
        confidence="medium",
        not_applicable_reason="The council has no venues.",
    )
    assert first(cycle).not_applicable_reason == "The council has no venues."


def test_an_incomplete_cycle_cannot_be_submitted(cycle):
    services.assessment_save(assessment=first(cycle), rating="met", narrative="Done.", confidence="high")
    with pytest.raises(ValidationError, match=r"Still to do: 1\.2"):
        services.cycle_submit(cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.status == "draft"


def test_two_admins_sign_off_and_the_second_locks_it(rated_cycle, admin_user, second_admin):
    services.cycle_submit(cycle=rated_cycle)
    services.cycle_sign_off(cycle=rated_cycle, by=admin_user, role_title="Chair")
    rated_cycle.refresh_from_db()
    assert rated_cycle.status == "submitted"
    services.cycle_sign_off(cycle=rated_cycle, by=second_admin, role_title="Senior council lead")
    rated_cycle.refresh_from_db()
    assert rated_cycle.status == "signed_off" and rated_cycle.signed_off_at
    assert [s.role_title for s in SignOff.objects.filter(cycle=rated_cycle)] == ["Chair", "Senior council lead"]


def test_the_same_person_cannot_sign_off_twice(rated_cycle, admin_user):
    services.cycle_submit(cycle=rated_cycle)
    services.cycle_sign_off(cycle=rated_cycle, by=admin_user, role_title="Chair")
    with pytest.raises(ValidationError, match="A second person must sign it off"):
        services.cycle_sign_off(cycle=rated_cycle, by=admin_user, role_title="Chair")
    assert SignOff.objects.count() == 1


def test_a_draft_cannot_be_signed_off(rated_cycle, admin_user):
    with pytest.raises(ValidationError, match="Submit the assessment"):
        services.cycle_sign_off(cycle=rated_cycle, by=admin_user, role_title="Chair")


def _signed_off(cycle, one, two):
    services.cycle_submit(cycle=cycle)
    services.cycle_sign_off(cycle=cycle, by=one, role_title="Chair")
    services.cycle_sign_off(cycle=cycle, by=two, role_title="Lead")
    cycle.refresh_from_db()
    return cycle


def test_a_signed_off_assessment_cannot_be_edited(rated_cycle, admin_user, second_admin):
    _signed_off(rated_cycle, admin_user, second_admin)
    with pytest.raises(ValidationError, match="Make a correction"):
        services.assessment_save(assessment=first(rated_cycle), rating="not_met", narrative="x", confidence="low")
    assert first(rated_cycle).rating == "met"


def test_a_correction_is_a_new_draft_version_with_a_reason(rated_cycle, admin_user, second_admin):
    _signed_off(rated_cycle, admin_user, second_admin)
    with pytest.raises(ValidationError, match="Say why"):
        services.cycle_correct(cycle=rated_cycle, reason="")
    correction = services.cycle_correct(cycle=rated_cycle, reason="Training figures were wrong.")
    assert (correction.number, correction.status, correction.corrects) == (2, "draft", rated_cycle)
    assert correction.assessments.filter(rating="met").count() == 19
    rated_cycle.refresh_from_db()
    assert rated_cycle.status == AssessmentCycle.Status.SUPERSEDED
    assert first(rated_cycle).rating == "met"


def test_returning_to_draft_clears_sign_offs(rated_cycle, admin_user):
    services.cycle_submit(cycle=rated_cycle)
    services.cycle_sign_off(cycle=rated_cycle, by=admin_user, role_title="Chair")
    services.cycle_return_to_draft(cycle=rated_cycle)
    rated_cycle.refresh_from_db()
    assert rated_cycle.status == "draft" and not rated_cycle.sign_offs.exists()


def test_rate_all_helper_completes_every_criterion(cycle):
    rate_all(cycle, "partly_met")
    assert all(a.is_complete and a.is_gap for a in cycle.assessments.all())
