"""Bulk fictional meetings for benchmarks: 10 years of quarterly meetings, 30 items and 40
invitees each, and 2,000 meeting actions (60 of them on the newest meeting)."""

import datetime
import itertools

from django.utils import timezone
from django.utils.formats import date_format

from members.models import Person

from .models import AgendaItem, Group, Invitation, Meeting, MeetingAction

YEARS = 10
ITEMS = 30
INVITEES = 40
ACTIONS = 2000
ACTIONS_ON_NEWEST = 60


def build(*, stdout):
    group, _ = Group.objects.get_or_create(name="Scale Board", defaults={"reminder_offsets_days": [14, 2]})
    people = list(Person.objects.filter(email__startswith="scale.person", status=Person.Status.ACTIVE)[:400])
    today = timezone.localdate()
    first_year = today.year - YEARS + 1
    starts = [
        timezone.make_aware(datetime.datetime(year, month, 10, 10, 0))
        for year in range(first_year, first_year + YEARS)
        for month in (3, 6, 9, 12)
    ]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            group=group,
            title=f"Scale Board meeting {date_format(start, 'F Y')}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            venue="Council House, Committee Room 1",
            status=Meeting.Status.HELD if start.date() < today else Meeting.Status.AGENDA_PUBLISHED,
        )
        for start in starts
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Agenda item {n}",
            presenter="Partnership Officer",
            minutes_allowed=10,
            description="Papers attached.",
            is_confidential=n == ITEMS,
            confidential_reason="Operational policing detail" if n == ITEMS else "",
        )
        for meeting in meetings
        for n in range(1, ITEMS + 1)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, person=people[(index * 7 + n) % len(people)])
        for index, meeting in enumerate(meetings)
        for n in range(INVITEES)
    )
    newest = meetings[-1]
    owners = itertools.cycle(people)
    spread = itertools.cycle(meetings[:-1])
    MeetingAction.objects.bulk_create(
        MeetingAction(
            meeting=newest if n < ACTIONS_ON_NEWEST else (meeting := next(spread)),
            description=f"Scale action {n}: circulate the briefing to all schools",
            owner=next(owners),
            due_date=(newest if n < ACTIONS_ON_NEWEST else meeting).starts_at.date() + datetime.timedelta(days=60),
            status=MeetingAction.Status.OPEN if n % 3 else MeetingAction.Status.DONE,
        )
        for n in range(ACTIONS)
    )
    stdout.write(
        f"Meetings scale: +{len(meetings)} meetings, +{len(meetings) * ITEMS} items, "
        f"+{len(meetings) * INVITEES} invitations, +{ACTIONS} actions."
    )
