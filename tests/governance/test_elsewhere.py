"""What governance adds elsewhere: home-page panels, the assurance evidence source (area 1), subject access and
retention."""

import pytest
from django.urls import reverse

from assurance import sources
from governance import services
from governance.models import Declaration, Interest, InterestConfirmation
from members import data_protection
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .factories import interest, motion, present

pytestmark = pytest.mark.django_db


def test_a_partner_asked_to_vote_sees_it_on_their_home_page(partner_client, partner_user):
    motion(MeetingFactory().group, [partner_user.person], title="Adopt the pathway")
    page = partner_client.get(reverse("home")).content.decode()
    assert "Your vote is asked" in page and "Adopt the pathway" in page


def test_an_admin_sees_the_registers_and_open_votes_on_their_dashboard(admin_client, partner_user):
    motion(MeetingFactory().group, [partner_user.person])
    page = admin_client.get(reverse("home")).content.decode()
    assert "Decision register" in page and "1 open for votes" in page


def test_decisions_between_meetings_are_evidence_for_an_assessment_each_read_by_its_own_rule(partner_user):
    from django.contrib.auth.models import AnonymousUser

    source = sources.SOURCES["governance.motion"]
    official = motion(MeetingFactory().group, [partner_user.person], title="Adopt the pathway")
    sensitive = motion(MeetingFactory().group, [partner_user.person], title="Adopt the threat plan",
                       marking="official_sensitive")  # fmt: skip
    services.motion_close(official)
    services.motion_close(sensitive)
    assert list(source.search(AnonymousUser(), "Adopt")) == []  # referred to the meeting: not filed
    from governance.models import Motion

    Motion.objects.update(outcome="carried")  # as if the votes had carried both
    assert list(source.search(AnonymousUser(), "Adopt")) == [official]
    assert set(source.search(partner_user, "Adopt")) == {official, sensitive}  # partner A voted on both


def test_subject_access_and_retention(partner_user):
    person = partner_user.person
    entry = interest(person, body="Northport Youth Trust")
    services.interests_confirm(person, year=2026)
    item = AgendaItemFactory(meeting=MeetingFactory(past=True))
    present(item.meeting, person)
    declaration = services.declaration_add(item, person=person, interest=entry, withdrew=True)
    sections = {title: collect(person) for title, collect in data_protection.subject_access_sections()}
    assert sections["Register of interests"][0]["body"] == "Northport Youth Trust"
    assert sections["Declarations of interest at meetings"][0]["withdrew"] is True
    person.status = "former"
    person.save()
    data_protection.person_anonymise(person=person)
    assert not Interest.objects.filter(person=person).exists()
    assert not InterestConfirmation.objects.filter(person=person).exists()
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.text == "Directorship: Northport Youth Trust" and declaration.interest is None
