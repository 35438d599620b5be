"""Factories for the reminder and PDF tests: a meeting with invitees, agenda, minutes and actions."""

import datetime

import factory
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Decision,
    Group,
    Invitation,
    Meeting,
    MeetingAction,
    MinuteNote,
    Minutes,
    MinutesVersion,
)
from tests.factories import PersonFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Group {n}")
    reminder_offsets_days = [14, 2]


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Partnership board {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    venue = "Committee Room 1, Northport Civic Centre"
    status = Meeting.Status.SCHEDULED
    # A meeting past draft has been announced to its invitees (meetings.services sets this in the app).
    announced_at = factory.LazyAttribute(lambda m: None if m.status in ("draft", "cancelled") else timezone.now())


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    presenter = "Chair"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    invited_at = factory.LazyAttribute(lambda i: i.meeting.starts_at - datetime.timedelta(days=60))


class MeetingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Action {n}: review the referral pathway")
    owner = factory.SubFactory(PersonFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)


class MinutesVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesVersion

    minutes = factory.SubFactory(MinutesFactory)
    number = 1
    summary = "The chair welcomed members."


class MinuteNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinuteNote

    minutes_version = factory.SubFactory(MinutesVersionFactory)
    item = factory.SubFactory(AgendaItemFactory)
    text = "Members discussed the item."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    minutes_version = factory.SubFactory(MinutesVersionFactory)
    text = "Agreed."
