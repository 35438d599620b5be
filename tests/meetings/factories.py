"""Factories for meetings. Other apps' tests (action plans) import these."""

import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Group, GroupMembership, Invitation, Meeting, MeetingAction
from tests.factories import PersonFactory


def in_days(days, hour=10):
    now = timezone.localtime()
    return (now + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Group {n}")


class MainBoardFactory(GroupFactory):
    name = "Prevent Partnership Board"
    is_main_board = True


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(PersonFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled meeting three weeks ahead, 10:00 to 12:00."""

    class Meta:
        model = Meeting

    group = factory.SubFactory(MainBoardFactory)
    title = factory.Sequence(lambda n: f"Board meeting {n}")
    starts_at = factory.LazyFunction(lambda: in_days(21, 10))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    venue = "Committee Room 2"
    status = Meeting.Status.SCHEDULED
    # A meeting past draft has been announced to its invitees (meetings.services sets this in the app).
    announced_at = factory.LazyAttribute(lambda m: None if m.status in ("draft", "cancelled") else timezone.now())

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: in_days(-30, 10)), status=Meeting.Status.HELD)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")

    class Params:
        confidential = factory.Trait(is_confidential=True, confidential_reason="Names individuals")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class MeetingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(MeetingFactory, past=True)
    description = factory.Sequence(lambda n: f"Action number {n}")
    owner = factory.SubFactory(PersonFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Params:
        overdue = factory.Trait(
            due_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
        )


def later_meeting(meeting, **kwargs):
    """The meeting that approves `meeting`'s minutes: the same group, a week later, already taken place."""
    starts_at = kwargs.pop("starts_at", min(meeting.starts_at + datetime.timedelta(days=7), in_days(-1, 10)))
    return MeetingFactory(group=meeting.group, starts_at=starts_at, status=Meeting.Status.HELD, **kwargs)


def approve_minutes(version):
    """Approve draft or circulated minutes as the service allows: their meeting held, at a later one."""
    from meetings import services

    meeting = version.minutes.meeting
    if meeting.status != Meeting.Status.HELD:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        meeting.refresh_from_db()
    if meeting.starts_at > in_days(-2, 10):
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-30, 10), ends_at=in_days(-30, 12))
        meeting.refresh_from_db()
    return services.minutes_approve(version, at_meeting=later_meeting(meeting))
