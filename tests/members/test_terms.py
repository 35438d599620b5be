"""The Terms of Reference: a public current version, older versions readable, a warning when review is due."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import TermsOfReference
from tests.members.factories import TermsOfReferenceFactory

pytestmark = pytest.mark.django_db


def test_the_public_reads_the_current_version_and_older_ones(client):
    old = TermsOfReferenceFactory(number=1, body="Old wording", approved_on=datetime.date(2023, 4, 1))
    TermsOfReferenceFactory(number=2, body="## Membership\n\nNew wording", approved_on=datetime.date(2025, 4, 1))
    page = client.get(reverse("members:terms")).content.decode()
    assert "New wording" in page
    assert '<h2 class="govuk-heading-m">Membership</h2>' in page
    assert "Version 2 (current)" in page
    older = client.get(reverse("members:terms_version", args=[old.number])).content.decode()
    assert "Old wording" in older
    assert "This is an earlier version" in older
    assert client.get(reverse("members:terms_version", args=[9])).status_code == 404


def test_the_text_is_sanitised(client):
    TermsOfReferenceFactory(body='Hello <script>alert(1)</script> <a href="javascript:alert(1)">x</a>')
    page = client.get(reverse("members:terms")).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_an_admin_publishes_a_new_version_and_the_old_one_stays(admin_client):
    TermsOfReferenceFactory(number=1, body="First")
    today = timezone.localdate()
    response = admin_client.post(
        reverse("members:terms_new"),
        {
            "body": "Second",
            "summary_of_changes": "Clearer",
            "approved_on": today.isoformat(),
            "approved_by": "Partnership meeting",
            "next_review": (today + datetime.timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert TermsOfReference.objects.current().body == "Second"
    assert TermsOfReference.objects.current().number == 2
    assert TermsOfReference.objects.get(number=1).body == "First"


def test_the_review_date_must_follow_approval(admin_client):
    response = admin_client.post(
        reverse("members:terms_new"),
        {"body": "Text", "approved_on": "2026-01-01", "next_review": "2025-01-01"},
    )
    assert "The next review date must be after the date approved." in response.content.decode()
    assert not TermsOfReference.objects.exists()


def test_the_admin_dashboard_warns_when_the_review_date_has_passed(admin_client):
    TermsOfReferenceFactory(approved_on=datetime.date(2024, 1, 1), next_review=datetime.date(2025, 1, 1))
    page = admin_client.get("/").content.decode()
    assert "were due for review on 1 January 2025" in page


def test_no_warning_while_the_review_date_is_ahead(admin_client):
    TermsOfReferenceFactory()
    assert "were due for review" not in admin_client.get("/").content.decode()


def test_an_earlier_version_says_it_was_replaced_when_the_next_version_was_approved(client):
    first = TermsOfReferenceFactory(number=1, approved_on=datetime.date(2024, 3, 12))
    TermsOfReferenceFactory(number=2, approved_on=datetime.date(2025, 3, 11))
    TermsOfReferenceFactory(number=3, approved_on=datetime.date(2026, 3, 10))
    page = client.get(reverse("members:terms_version", args=[first.number])).content.decode()
    assert "replaced by version 2 on 11 March 2025" in page
