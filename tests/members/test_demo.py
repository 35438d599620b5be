"""The demo partnership shows what the app is for: a coverage gap, an overdue review, a pending application."""

import io

import pytest
from django.core.management import call_command

from members import selectors
from members.models import JoinRequest, LinkedBody, Person, TermsOfReference

pytestmark = pytest.mark.django_db


def _load(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_has_one_coverage_gap_an_overdue_review_and_a_pending_application(settings):
    _load(settings)
    _load(settings)  # idempotent
    gaps = selectors.coverage_gaps()
    assert [name for name, _ in gaps] == ["Ferndale Special School"]
    assert gaps[0][1].startswith("No current representative since")
    assert TermsOfReference.objects.count() == 2
    assert TermsOfReference.objects.current().review_overdue
    assert JoinRequest.objects.pending().count() == 1
    assert LinkedBody.objects.count() == 5
    assert Person.objects.filter(status="former").count() == 1
    assert Person.objects.filter(role="deputy").count() == 4
    for email in ["admin@example.org", "partner@example.org", "partner2@example.org"]:
        assert Person.objects.get(email=email).user is not None
