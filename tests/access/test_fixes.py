"""Bugs the access matrix found, pinned down on their own."""

import pytest
from django.urls import reverse

from members.models import Organisation


def test_a_partner_not_invited_cannot_download_an_official_sensitive_paper(world, client_for):
    url = reverse("meetings:paper_download", args=[world.sensitive_paper.pk])
    assert client_for("partner_b").get(url).status_code == 404
    assert client_for("partner_a").get(url).status_code == 200  # the file it streams is closed after the test


def test_the_meeting_page_does_not_list_official_sensitive_papers_to_partners_not_invited(world, client_for):
    url = reverse("meetings:detail", args=[world.meeting.pk])
    assert "Sensitive paper" not in client_for("partner_b").get(url).content.decode()
    assert "Sensitive paper" in client_for("partner_a").get(url).content.decode()


@pytest.mark.django_db
def test_the_audit_trail_shows_changes_whatever_the_tracked_fields_are_called(world, client_for):
    Organisation.objects.filter(pk=world.org_a.pk).update(name="Organisation A renamed")
    organisation = Organisation.objects.get(pk=world.org_a.pk)
    organisation.name = "Organisation A again"
    organisation.save()
    response = client_for("admin").get(reverse("audit"))
    assert response.status_code == 200
    assert "Organisation A again" in response.content.decode()
