"""The rules of issue 28, each refused clearly with nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import services
from governance.models import DecisionStatus, Declaration, Interest, InterestConfirmation, Motion, Vote
from meetings import services as meeting_services
from meetings.models import Invitation
from tests.factories import PersonFactory
from tests.meetings.factories import AgendaItemFactory, GroupFactory, MeetingFactory

from .factories import decided, interest, motion, present

pytestmark = pytest.mark.django_db


# Interests -----------------------------------------------------------------------------------------


def test_an_interest_that_ends_before_it_starts_is_refused():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        interest(person, starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 4, 30))
    assert "on or after the date it started" in str(error.value)
    assert not Interest.objects.exists()


def test_a_member_confirms_their_register_once_a_year():
    person = PersonFactory()
    services.interests_confirm(person, year=2026)
    with pytest.raises(services.AlreadyDone):
        services.interests_confirm(person, year=2026)
    assert InterestConfirmation.objects.filter(person=person).count() == 1


# Declarations -----------------------------------------------------------------------------------------


def test_a_declaration_with_a_withdrawal_is_recorded_for_someone_present():
    item = AgendaItemFactory(meeting=MeetingFactory(past=True))
    person = PersonFactory()
    present(item.meeting, person)
    entry = interest(person)
    declaration = services.declaration_add(item, person=person, interest=entry, withdrew=True)
    assert declaration.withdrew and declaration.words == "Directorship: Northport Youth Trust"


def test_a_declaration_for_someone_not_at_the_meeting_is_refused():
    item = AgendaItemFactory(meeting=MeetingFactory(past=True))
    person = PersonFactory()
    present(item.meeting, person, attendance=Invitation.Attendance.APOLOGIES)
    with pytest.raises(ValidationError) as error:
        services.declaration_add(item, person=person, text="Governor of the school")
    assert f"{person.name} was not at this meeting" in str(error.value)
    assert not Declaration.objects.exists()


def test_the_deputy_who_attended_may_declare():
    item = AgendaItemFactory(meeting=MeetingFactory(past=True))
    member = PersonFactory()
    deputy = PersonFactory(role="deputy", deputy_for=member, organisation=member.organisation)
    Invitation.objects.create(meeting=item.meeting, person=member, attendance="deputy", deputy=deputy)
    assert services.declaration_add(item, person=deputy, text="Trustee of the charity").pk


def test_a_declaration_on_approved_minutes_is_refused_until_a_correction():
    decision = decided(["Agree the plan"])[0]
    meeting, item = decision.minutes_version.minutes.meeting, decision.item
    person = PersonFactory()
    present(meeting, person)
    with pytest.raises(ValidationError) as error:
        services.declaration_add(item, person=person, text="Trustee")
    assert "Make a correction" in str(error.value)
    meeting_services.minutes_correct(decision.minutes_version, reason="Declaration missed")
    assert services.declaration_add(item, person=person, text="Trustee").pk


def test_a_declaration_names_its_interest():
    item = AgendaItemFactory(meeting=MeetingFactory(past=True))
    person = PersonFactory()
    present(item.meeting, person)
    with pytest.raises(ValidationError):
        services.declaration_add(item, person=person, text="  ")
    other = interest(PersonFactory())
    with pytest.raises(ValidationError) as error:
        services.declaration_add(item, person=person, interest=other)
    assert "not in" in str(error.value)


# The decision register -------------------------------------------------------------------------------


def test_a_decision_is_superseded_only_by_a_later_one():
    earlier = decided(["Meet quarterly"], starts_at=timezone.now() - datetime.timedelta(days=90))[0]
    later = decided(["Meet every two months"])[0]
    with pytest.raises(ValidationError) as error:
        services.decision_status_set(earlier, status="superseded", superseded_by=earlier)
    assert "cannot supersede itself" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.decision_status_set(later, status="superseded", superseded_by=earlier)
    assert "taken before this one" in str(error.value)
    assert not DecisionStatus.objects.exists()
    row = services.decision_status_set(earlier, status="superseded", superseded_by=later)
    assert row.superseded_by == later


# Decisions between meetings -----------------------------------------------------------------------


def test_a_motion_with_no_voters_is_refused():
    with pytest.raises(ValidationError) as error:
        motion(GroupFactory(), [])
    assert "no voters" in str(error.value)
    assert not Motion.objects.exists()


def test_a_vote_cast_twice_is_refused():
    a, b = PersonFactory(), PersonFactory()
    put = motion(GroupFactory(), [a, b])
    vote = put.votes.get(person=a)
    services.vote_cast(vote, choice="for", by=a)
    with pytest.raises(services.AlreadyDone):
        services.vote_cast(vote, choice="against", by=a)
    assert Vote.objects.get(pk=vote.pk).choice == "for"


def test_a_vote_after_the_window_closes_is_refused():
    a, b = PersonFactory(), PersonFactory()
    put = motion(GroupFactory(), [a, b])
    later = put.closes_at + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        services.vote_cast(put.votes.get(person=a), choice="for", by=a, now=later)
    assert "closed" in str(error.value)


def test_a_deputy_votes_for_their_member_and_the_outcome_is_recorded_once_every_vote_is_in():
    a, b = PersonFactory(), PersonFactory()
    deputy = PersonFactory(role="deputy", deputy_for=b, organisation=b.organisation)
    meeting = MeetingFactory()
    put = motion(meeting.group, [a, b])
    services.vote_cast(put.votes.get(person=a), choice="for", by=a)
    assert Motion.objects.get(pk=put.pk).is_open
    services.vote_cast(put.votes.get(person=b), choice="abstain", by=deputy)
    put.refresh_from_db()
    assert (put.status, put.outcome, put.ratify_at) == ("closed", "carried", meeting)


def test_someone_else_cannot_vote():
    a = PersonFactory()
    put = motion(GroupFactory(), [a])
    with pytest.raises(ValidationError):
        services.vote_cast(put.votes.get(person=a), choice="for", by=PersonFactory())


def test_a_motion_closes_at_its_time_and_a_request_for_the_meeting_refers_it():
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    put = motion(GroupFactory(), [a, b, c])
    services.vote_cast(put.votes.get(person=a), choice="for", by=a)
    services.vote_cast(put.votes.get(person=b), choice="wait", by=b)
    services.motions_close_due(now=put.closes_at)
    put.refresh_from_db()
    assert (put.status, put.outcome) == ("closed", "referred")


def test_more_against_than_for_is_not_carried():
    assert services.outcome_of(["for", "against", "against", "abstain"]) == "lost"
    assert services.outcome_of(["for", "abstain"]) == "carried"
    assert services.outcome_of([]) == "referred"
