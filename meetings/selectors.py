"""Reusable reads for other apps and screens (actionplans, reports, reminders)."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery
from django.utils import timezone

from common import need_to_know
from members.models import Organisation, Person

from . import extend, policy
from . import minutes_record as minutes_record_kept
from .models import AgendaItem, Invitation, Meeting, MeetingAction, Paper

ATTENDANCE_COLUMNS = ("present", "apologies", "absent", "deputy", "not_recorded")


# What an organisation did at one meeting: the best of its people's records, in this order.
_ATTENDANCE_RANK = {
    Invitation.Attendance.PRESENT: 4,
    Invitation.Attendance.DEPUTY: 3,
    Invitation.Attendance.APOLOGIES: 2,
    Invitation.Attendance.ABSENT: 1,
}


def meetings_held(start_date, end_date, group=None):
    """Meetings that took place between two dates (inclusive): held, or started already and not cancelled;
    of one group when `group` is given."""
    meetings = Meeting.objects.filter(
        starts_at__date__gte=start_date, starts_at__date__lte=end_date, starts_at__lte=timezone.now()
    ).exclude(status=Meeting.Status.CANCELLED)
    return meetings if group is None else meetings.filter(group=group)


def municipal_year(year):
    """(1 April `year`, 31 March the year after): the council's year, which the partnership reports by."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def municipal_year_of(day):
    """The municipal year `day` falls in, by the year it starts: 2026 for 15 January 2027."""
    return day.year if day.month >= 4 else day.year - 1


def attendance_by_organisation(start_date, end_date, group=None):
    """Per organisation, how many of the meetings held between two dates (of one group, if given) it attended, and
    how.

    Counts organisations, not people: an organisation with two people at a meeting was present once,
    and one with a representative present and another's apologies was present. Meetings still to come
    and cancelled ones are left out; a meeting whose attendance nobody recorded for the organisation counts as
    not recorded. Returns dicts (organisation, meetings it was invited to, present, apologies, absent, deputy,
    not_recorded), ordered by organisation name.
    """
    invitations = Invitation.objects.filter(
        meeting__in=meetings_held(start_date, end_date, group), person__organisation__isnull=False
    ).values_list("person__organisation", "meeting", "attendance")
    best = {}
    for organisation_id, meeting_id, attendance in invitations:
        key = (organisation_id, meeting_id)
        if _ATTENDANCE_RANK.get(attendance, 0) >= _ATTENDANCE_RANK.get(best.get(key), 0):
            best[key] = attendance
    counts = {}
    for (organisation_id, _), attendance in best.items():
        row = counts.setdefault(organisation_id, {"meetings": 0, **dict.fromkeys(ATTENDANCE_COLUMNS, 0)})
        row["meetings"] += 1
        if attendance in row:
            row[attendance] += 1
    organisations = Organisation.objects.filter(pk__in=counts).order_by("name")
    return [{"organisation": organisation, **counts[organisation.pk]} for organisation in organisations]


def open_actions():
    """Open meeting actions, soonest due first, with owner, organisation and meeting loaded."""
    return (
        MeetingAction.objects.open()
        .select_related("owner", "owner__organisation", "meeting", "item")
        .order_by("due_date", "pk")
    )


# Tables on the meeting page read dicts rather than model instances: the template reads a dict's
# keys directly where it tries several lookups on an object, which `make bench` measured as most of
# the page's time. What each row shows, and how, is the template's (meetings/_actions_table.html).
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


def action_rows(actions, *, extra=()):
    """Meeting actions as dicts: the row fields (and any `extra` annotations) plus status_label (the status's
    label) and is_overdue."""
    labels = {value: str(label) for value, label in MeetingAction.Status.choices}  # translated once, not per row
    today = timezone.localdate()
    rows = list(actions.values(*ACTION_ROW_FIELDS, *extra)) if hasattr(actions, "values") else _rows_of(actions)
    for row in rows:
        row["status_label"] = labels[row["status"]]
        row["is_overdue"] = (
            row["status"] == MeetingAction.Status.OPEN and row["due_date"] is not None and row["due_date"] < today
        )
    return rows


def _rows_of(actions):
    """Action rows (as `action_rows` reads them from the database) from actions in memory: approved minutes' own."""
    return [
        {
            "pk": action.pk,
            "description": action.description,
            "item_id": action.item_id,
            "item__position": action.item.position if action.item_id else None,
            "owner__name": action.owner.name,
            "owner__organisation__name": action.owner.organisation.name if action.owner.organisation else None,
            "due_date": action.due_date,
            "status": action.status,
        }
        for action in actions
    ]


def counted(queryset, field="pk", *, distinct=False):
    """How many rows `queryset` has (or distinct values of `field`), as a scalar subquery to put beside another
    query's columns. COUNT as a plain function, not an aggregate, so the subquery gets no GROUP BY."""
    extra = {"template": "%(function)s(DISTINCT %(expressions)s)"} if distinct else {}
    count = Func(F(field), function="COUNT", output_field=IntegerField(), **extra)
    return Subquery(queryset.order_by().annotate(n=count).values("n"))


@dataclass
class CarriedForward:
    actions: list  # rows, the soonest due, at most CARRIED_FORWARD_SHOWN
    total: int


def carried_forward_page(meeting, visible):
    """The first open actions (of those in `visible`) carried forward to a meeting, and how many there are.

    One query whatever the number: the soonest due are chosen by id in a subquery, so only those rows are
    joined to their owner, organisation and item, and the total is a count subquery over the whole set
    (ten years of open actions cost what none do).
    """
    # Matters arising: open actions from earlier meetings of the same group.
    carried = visible.open().filter(meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at)
    soonest = carried.order_by("due_date", "pk").values("pk")[:CARRIED_FORWARD_SHOWN]
    rows = action_rows(
        MeetingAction.objects.filter(pk__in=soonest).annotate(total=counted(carried)).order_by("due_date", "pk"),
        extra=["total"],
    )
    return CarriedForward(rows, rows[0]["total"] if rows else 0)


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
    items = policy.present_items(
        list(AgendaItem.objects.visible_to(user, meeting).order_by("position")), policy.audience(user, meeting)
    )
    # The papers in one query, handed to their items here (a prefetch would clone a queryset per item).
    by_item = {item.pk: item for item in items}
    papers_of = {item.pk: [] for item in items}
    for paper in Paper.objects.visible_to(user, meeting).order_by("position", "pk"):
        if paper.item_id in by_item:
            paper.item = by_item[paper.item_id]
            papers_of[paper.item_id].append(paper)
    for item in items:
        item.paper_list = policy.present_papers(papers_of[item.pk])
    return items


@dataclass
class MinutesItem:
    """One agenda item as a version of the minutes records it for an audience."""

    item: AgendaItem  # with `policy.present_items`' flags; its title blanked when withheld from the audience
    notes_shown: bool  # else the audience reads "Exempt item" in place of the notes and decisions
    notes: str  # Markdown; "" when not shown
    decisions: list
    lines_html: str = ""  # what apps built on meetings print under the item (`extend.register_item_lines`)


@dataclass
class MinutesRecord:
    items: list  # MinutesItem, in the order the minutes record them
    general_decisions: list  # under no item
    invitations: list  # with person and organisation, by name
    guests: list
    actions: list  # every action arising, each with its item and owner; callers show those `policy` lets them
    meeting: Meeting  # with the title, time and place the minutes give


def minutes_record(version, meeting, aud):
    """What a version of the minutes records, as `aud` may read it: the minutes page (the audience of the user
    reading it, or the public copy's) and both PDF variants (the full one for invitees, the public one) print this.
    Notes and decisions of an item are shown or withheld together, as `policy` says of minutes notes.

    An approved version reads what was kept when it was approved (`meetings.minutes_record`), never the live rows."""
    note_rows = list(version.notes.all())
    notes = {note.item_id: note.text for note in note_rows}
    decisions = list(version.decisions.all())
    live_items = list(meeting.items.order_by("position"))
    kept = version.record if version.is_final else None
    if kept:
        by_pk = {item.pk: item for item in live_items}
        invitations = minutes_record_kept.invitations(kept)
        guests = minutes_record_kept.guests(kept)
        actions = minutes_record_kept.actions(kept, by_pk)
    else:
        invitations = list(
            meeting.invitations.select_related("person", "person__organisation").order_by("person__name")
        )
        guests = list(meeting.guests.all())
        actions = list(
            MeetingAction.objects.filter(meeting=meeting).select_related("owner__organisation", "item").order_by("pk")
        )
    items = policy.present_items(version.as_approved(live_items, note_rows), aud)
    rows = []
    for item in items:
        if item.withheld:
            item.title = ""
        shown = need_to_know.shown(policy.MINUTES_NOTES, aud, item)
        rows.append(
            MinutesItem(
                item=item,
                notes_shown=shown,
                notes=notes.get(item.pk, "") if shown else "",
                decisions=[d for d in decisions if d.item_id == item.pk] if shown else [],
            )
        )
    lines = extend.item_lines(meeting, [row.item for row in rows if row.notes_shown], aud)
    for row in rows:
        row.lines_html = lines.get(row.item.pk, "") if row.notes_shown else ""
    return MinutesRecord(
        items=rows,
        general_decisions=[d for d in decisions if d.item_id is None],
        invitations=invitations,
        guests=guests,
        actions=actions,
        meeting=minutes_record_kept.meeting_as_approved(meeting, kept),
    )


def _member_people(meeting):
    """The active people of a meeting's group who belong to an organisation: whose organisations count for quorum."""
    return Person.objects.filter(group_memberships__group_id=meeting.group_id, status=Person.Status.ACTIVE).exclude(
        organisation=None
    )


def _quorum(meeting, represented, total):
    needed = math.ceil(total * float(meeting.group.quorum_fraction)) if total else 0
    present = len(represented)
    return {"present": present, "needed": needed, "total": total, "met": present >= needed}


_ATTENDED = (Invitation.Attendance.PRESENT, Invitation.Attendance.DEPUTY)


def minutes_circulation(meeting):
    """Who circulated minutes go to, as (invitations, by_attendance): the invitees recorded as present or
    represented by a deputy, or every invitee when no attendance is recorded; only those with an email address.
    The circulation email (`emails.minutes_circulated_enqueue`) and the page that says who it reaches both ask here.
    """
    invitations = meeting.invitations.exclude(person__email="")
    attended = invitations.filter(attendance__in=_ATTENDED)
    if attended.exists():
        return attended, True
    return invitations, False


def meeting_quorum(meeting):
    """Whether a meeting is quorate: {present, needed, total, met}, counting organisations, not people.

    `present` is how many of the group's member organisations were represented in person or by a deputy,
    `needed` the group's quorum fraction of `total`, the member organisations. `invitation_summary` counts them.
    """
    return invitation_summary(meeting)["quorum"]


def invitation_summary(meeting):
    """For the meeting page: {invited_count, replies_count (as `reply_counts` gives), quorum (`meeting_quorum`)}.

    One query: each invitation's reply and attendance, whether its person's organisation is one of the
    group's member organisations, and how many member organisations there are (the same on every row).
    A second query counts them only when nobody is invited.
    """
    members = _member_people(meeting)
    rows = list(
        meeting.invitations.order_by()
        .annotate(
            member_organisation=Exists(members.filter(organisation_id=OuterRef("person__organisation_id"))),
            member_organisations=counted(members, "organisation_id", distinct=True),
        )
        .values("reply", "attendance", "person__organisation_id", "member_organisation", "member_organisations")
    )
    represented = {
        row["person__organisation_id"] for row in rows if row["attendance"] in _ATTENDED and row["member_organisation"]
    }
    total = rows[0]["member_organisations"] if rows else members.order_by().values("organisation_id").distinct().count()
    return {
        "invited_count": len(rows),
        "replies_count": reply_counts(rows),
        "quorum": _quorum(meeting, represented, total),
    }
