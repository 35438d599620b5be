"""Reusable reads for other apps and screens (actionplans, reports, reminders)."""

from collections import defaultdict

from django.db.models import Count, Q

from members.models import Organisation

from .models import Invitation, Meeting, MeetingAction

ATTENDANCE_COLUMNS = ("present", "apologies", "absent", "deputy")


def attendance_by_organisation(start_date, end_date):
    """Per organisation, counts of invitations by attendance at meetings held between two dates (inclusive).

    Cancelled meetings are excluded. Returns a list of dicts: organisation, present, apologies, absent,
    deputy, meetings (how many of these meetings the organisation was invited to), ordered by name.
    """
    rows = (
        Invitation.objects.filter(
            meeting__starts_at__date__gte=start_date,
            meeting__starts_at__date__lte=end_date,
            person__organisation__isnull=False,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values("person__organisation")
        .annotate(
            present=Count("pk", filter=Q(attendance=Invitation.Attendance.PRESENT)),
            apologies=Count("pk", filter=Q(attendance=Invitation.Attendance.APOLOGIES)),
            absent=Count("pk", filter=Q(attendance=Invitation.Attendance.ABSENT)),
            deputy=Count("pk", filter=Q(attendance=Invitation.Attendance.DEPUTY)),
            meetings=Count("meeting", distinct=True),
        )
    )
    by_org = {row["person__organisation"]: row for row in rows}
    organisations = Organisation.objects.filter(pk__in=by_org).order_by("name")
    result = []
    for organisation in organisations:
        row = by_org[organisation.pk]
        result.append(
            {"organisation": organisation, "meetings": row["meetings"], **{c: row[c] for c in ATTENDANCE_COLUMNS}}
        )
    return result


def open_actions():
    """Open meeting actions, soonest due first, with owner, organisation and meeting loaded."""
    return (
        MeetingAction.objects.open()
        .select_related("owner", "owner__organisation", "meeting", "item")
        .order_by("due_date", "pk")
    )


def carried_forward_actions(meeting):
    """Open actions from earlier meetings of the same group: the 'matters arising' list."""
    return open_actions().filter(meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at)


def replies_count(meeting):
    counts = defaultdict(int)
    for reply in meeting.invitations.values_list("reply", flat=True):
        counts[reply] += 1
    return counts
