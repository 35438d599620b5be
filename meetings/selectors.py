"""Reusable reads for other apps and screens (actionplans, reports, reminders)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from members.models import Organisation

from . import policy
from .models import AgendaItem, Invitation, Meeting, MeetingAction, Paper

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


# Tables on the meeting page read dicts rather than model instances: the template reads a dict's
# keys directly where it tries several lookups on an object, which `make bench` measured as most of
# the page's time. Labels and flags are worked out here, once per row.
ACTION_ROW_FIELDS = (
    "pk",
    "description",
    "item_id",
    "item__position",
    "owner__name",
    "owner__organisation__name",
    "due_date",
    "status",
)
CARRIED_FORWARD_SHOWN = 20


def action_rows(actions, limit=None):
    """Meeting actions as dicts: the row fields plus status_label and is_overdue."""
    labels = dict(MeetingAction.Status.choices)
    today = timezone.localdate()
    rows = list(actions.values(*ACTION_ROW_FIELDS)[:limit])
    for row in rows:
        row["status_label"] = labels[row["status"]]
        row["is_overdue"] = (
            row["status"] == MeetingAction.Status.OPEN and row["due_date"] is not None and row["due_date"] < today
        )
    return rows


@dataclass
class CarriedForward:
    actions: list  # rows, the soonest due, at most CARRIED_FORWARD_SHOWN
    total: int


def carried_forward_page(meeting, visible):
    """The first open actions (of those in `visible`) carried forward to a meeting, and how many there are.

    Two queries whatever the number: ten years of open actions cost what none do.
    """
    # Matters arising: open actions from earlier meetings of the same group.
    carried = visible.open().filter(meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at)
    return CarriedForward(action_rows(carried.order_by("due_date", "pk"), CARRIED_FORWARD_SHOWN), carried.count())


def reply_counts(invitation_rows):
    """[(reply label, how many)] for every reply, in the choices' order, from rows with a "reply" key."""
    counts = dict.fromkeys(Invitation.Reply.values, 0)
    for row in invitation_rows:
        counts[row["reply"]] += 1
    return [(label, counts[value]) for value, label in Invitation.Reply.choices]


def subject_access_invitations(person):
    """For a subject access export: the meetings a person was invited to, their replies and attendance."""
    return [
        {
            "meeting": str(invitation.meeting),
            "reply": invitation.get_reply_display(),
            "replied_at": invitation.replied_at,
            "deputy_name": invitation.deputy_name,
            "attendance": invitation.get_attendance_display(),
        }
        for invitation in Invitation.objects.filter(person=person)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ]


def subject_access_actions(person):
    """For a subject access export: the meeting actions a person owns."""
    return [
        {
            "meeting": str(action.meeting),
            "description": action.description,
            "due_date": action.due_date,
            "status": action.get_status_display(),
            "completion_note": action.completion_note,
        }
        for action in MeetingAction.objects.filter(owner=person).select_related("meeting").order_by("pk")
    ]


def agenda_items(user, meeting):
    """The items this user may see, in order, each with the papers this user may see."""
    papers = Paper.objects.visible_to(user, meeting).order_by("position", "pk")
    items = AgendaItem.objects.visible_to(user, meeting).prefetch_related(Prefetch("papers", queryset=papers))
    items = policy.present_items(list(items.order_by("position")), policy.audience(user, meeting))
    for item in items:
        policy.present_papers(item.papers.all())
    return items
