"""Groups and who is in them: the main board and its sub-groups, each with its own members, reminders and
standing items (the items every new meeting of the group starts with).

Adding people to a group also invites them to the group's meetings still to come, so a member added in
June is invited to September's meeting; removing someone withdraws the invitations they have not answered.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import save_versioned
from members.models import Person
from outbox import services as outbox

from . import reminders
from .minutes_record import meetings_with_final_minutes, refuse_if_minutes_final
from .models import AgendaItem, Group, GroupMembership, Invitation, Meeting, StandingItem

UPCOMING_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)

# (title, purpose, minutes allowed, kind): the items a group's agendas start from, until admins edit them.
DEFAULT_STANDING_ITEMS = [
    ("Welcome and apologies", "information", 5, AgendaItem.Kind.APOLOGIES),
    ("Declarations of interest", "information", 5, ""),
    ("Minutes of the last meeting", "decision", 5, AgendaItem.Kind.MINUTES),
    ("Matters arising and action log", "discussion", 15, AgendaItem.Kind.MATTERS_ARISING),
    ("Action plan progress", "discussion", 20, AgendaItem.Kind.ACTION_PLAN),
    ("Threat and risk update", "information", 20, ""),
    ("Any other business", "discussion", 10, ""),
    ("Date of next meeting", "information", 5, ""),
]


@transaction.atomic
def group_create(*, group):
    """A new group (a sub-group, or the main board if there is none), starting with the default standing items."""
    group.full_clean()
    group.save()
    standing_items_ensure(group)
    return group


@transaction.atomic
def group_update(*, group, expected_version):
    group.full_clean()
    return save_versioned(group, expected_version=expected_version)


def standing_items(group):
    """(title, purpose, minutes, kind, presenter) for each item a new meeting of `group` starts with."""
    items = list(StandingItem.objects.filter(group=group).order_by("position"))
    if items:
        return [(s.title, s.purpose, s.minutes_allowed, s.kind, s.presenter) for s in items]
    return [(title, purpose, minutes, kind, "") for title, purpose, minutes, kind in DEFAULT_STANDING_ITEMS]


def standing_items_ensure(group):
    """Store the default standing items for `group` if it has none, so admins can edit them."""
    if not StandingItem.objects.filter(group=group).exists():
        StandingItem.objects.bulk_create(
            StandingItem(group=group, position=position, title=title, purpose=purpose, minutes_allowed=m, kind=kind)
            for position, (title, purpose, m, kind) in enumerate(DEFAULT_STANDING_ITEMS, start=1)
        )


@transaction.atomic
def standing_item_save(*, item, expected_version=None):
    """Add (no version) or edit an item of its group's standing list; a position is used once per group."""
    twin = StandingItem.objects.filter(group=item.group, position=item.position).exclude(pk=item.pk).first()
    if twin is not None:
        raise ValidationError({"position": f"Position {item.position} is already “{twin.title}”: choose another"})
    item.full_clean(validate_constraints=False)
    if item.pk is None:
        item.save()
        return item
    return save_versioned(item, expected_version=expected_version)


@transaction.atomic
def standing_item_remove(*, item):
    """Take an item off its group's standing list; meetings already created keep it on their agendas."""
    item.delete()


def _upcoming(group):
    return Meeting.objects.filter(group=group, status__in=UPCOMING_STATUSES, starts_at__gt=timezone.now())


@transaction.atomic
def group_add_members(group, people):
    """Add these current members to the group and invite them to its meetings to come: (added, invited)."""
    people = [p for p in people if p.status == Person.Status.ACTIVE]
    already = set(GroupMembership.objects.filter(group=group).values_list("person_id", flat=True))
    new = [person for person in people if person.pk not in already]
    GroupMembership.objects.bulk_create(GroupMembership(group=group, person=person) for person in new)
    invited = invitations_add_many(_upcoming(group), new)
    return len(new), invited


@transaction.atomic
def invitations_add_many(meetings, people):
    """Invite each person to each meeting they are not yet invited to; returns how many invitations were made.

    Someone invited to a meeting whose agenda is out gets it (with the calendar invitation) once this commits:
    its outbox row is written here, with the invitation.
    """
    meetings, people = list(meetings), list(people)
    for meeting in meetings_with_final_minutes(meetings):
        refuse_if_minutes_final(meeting, "who was invited")
    existing = set(
        Invitation.objects.filter(meeting__in=meetings, person__in=people).values_list("meeting_id", "person_id")
    )
    rows = [
        Invitation(meeting=meeting, person=person)
        for meeting in meetings
        for person in people
        if (meeting.pk, person.pk) not in existing
    ]
    Invitation.objects.bulk_create(rows)
    for meeting in {invitation.meeting for invitation in rows}:
        if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
            outbox.deliveries_queue(reminders.deliveries_for_agenda(meeting.pk, new_only=True), on_commit=True)
    return len(rows)


@transaction.atomic
def group_remove_member(group, person):
    """Take a person out of the group, and out of its meetings to come that they have not answered."""
    GroupMembership.objects.filter(group=group, person=person).delete()
    withdrawn = Invitation.objects.filter(
        meeting__in=_upcoming(group),
        person=person,
        reply=Invitation.Reply.NO_REPLY,
        attendance=Invitation.Attendance.NOT_RECORDED,
    )
    return withdrawn.delete()[0]


@transaction.atomic
def person_leave_meetings(person):
    """A membership closed: the person leaves every group, and the invitee lists of the meetings after their last
    day that are still to be held (attendance already recorded stays, as history). Their organisation stops
    counting towards quorum through them. Registered with members.services.on_membership_closed."""
    GroupMembership.objects.filter(person=person).delete()
    last_day = person.term_end or timezone.localdate()
    after = timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min))
    to_come = Invitation.objects.filter(
        person=person, meeting__starts_at__gte=after, attendance=Invitation.Attendance.NOT_RECORDED
    ).exclude(meeting__status__in=(Meeting.Status.HELD, Meeting.Status.CANCELLED))
    return to_come.delete()[0]


@transaction.atomic
def group_set_reminders(group, *, offsets):
    """The days before each meeting on which its invitees are reminded, e.g. [14, 2]."""
    offsets = sorted({int(days) for days in offsets}, reverse=True)
    if any(days < 1 or days > 90 for days in offsets):
        raise ValidationError({"offsets": _("Each reminder must be between 1 and 90 days before the meeting")})
    group.reminder_offsets_days = offsets
    group.save(update_fields=["reminder_offsets_days"])
    return group


def people_not_in(group):
    """Current members who are not in the group, newest first: those just approved or imported top the list."""
    return (
        Person.objects.active()
        .exclude(group_memberships__group=group)
        .select_related("organisation")
        .order_by("-term_start", "-pk")
    )


def main_board():
    return Group.objects.filter(is_main_board=True).first()
