"""Groups and who is in them: the main board and its sub-groups, each with its own members and reminders.

Adding people to a group also invites them to the group's meetings still to come, so a member added in
June is invited to September's meeting; removing someone withdraws the invitations they have not answered.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person

from .models import Group, GroupMembership, Invitation, Meeting

UPCOMING_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


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


def invitations_add_many(meetings, people):
    """Invite each person to each meeting they are not yet invited to; returns how many invitations were made."""
    meetings, people = list(meetings), list(people)
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
