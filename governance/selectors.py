"""Governance's reads, each in a fixed number of queries, each through the visible querysets of the records it reads."""

import re

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assurance.sources import Source
from common import need_to_know
from common.need_to_know import member_of
from meetings.models import AgendaItem, Decision, Group, Invitation, MeetingAction, MinutesVersion
from members.models import Person

from . import policy
from .emails import confirmation_year
from .models import ConfirmationRound, DecisionStatus, Declaration, Interest, InterestConfirmation, Motion, Vote

FINAL = [MinutesVersion.Status.APPROVED, MinutesVersion.Status.LOCKED]
MOTIONS_SHOWN = 50

# The decision register ---------------------------------------------------------------------------


def register_decisions(user, *, public=False):
    """Every decision and recommendation on the record, across meetings and groups, as `user` may read them.

    On the record: in the latest approved version of each meeting's minutes. The public version: in the minutes
    version published for the public, read as the public reads it (`user` is not asked)."""
    if public:
        rows = Decision.objects.visible_to(None).filter(
            minutes_version__minutes__published_version=F("minutes_version")
        )
    else:
        later = MinutesVersion.objects.filter(
            minutes=OuterRef("minutes_version__minutes"),
            number__gt=OuterRef("minutes_version__number"),
            status__in=FINAL,
        )
        rows = (
            Decision.objects.visible_to(user)
            .filter(minutes_version__status__in=FINAL, minutes_version__in=MinutesVersion.objects.visible_to(user))
            .exclude(Exists(later))
        )
    return rows.select_related("minutes_version__minutes__meeting__group", "item", "register_status").order_by(
        "-minutes_version__minutes__meeting__starts_at", "position", "pk"
    )


def filter_register(rows, filters):
    """The register's search: group, dates of the meeting, words in the decision or its item, status."""
    if group := filters.get("group"):
        rows = rows.filter(minutes_version__minutes__meeting__group=group)
    if since := filters.get("date_from"):
        rows = rows.filter(minutes_version__minutes__meeting__starts_at__date__gte=since)
    if until := filters.get("date_to"):
        rows = rows.filter(minutes_version__minutes__meeting__starts_at__date__lte=until)
    if text := filters.get("q"):
        rows = rows.filter(Q(text__icontains=text) | Q(item_title__icontains=text) | Q(item__title__icontains=text))
    if status := filters.get("status"):
        if status == DecisionStatus.Status.MADE:
            rows = rows.filter(Q(register_status__isnull=True) | Q(register_status__status=status))
        else:
            rows = rows.filter(register_status__status=status)
    return rows


def filter_motions(rows, filters):
    if group := filters.get("group"):
        rows = rows.filter(group=group)
    if since := filters.get("date_from"):
        rows = rows.filter(decided_at__date__gte=since)
    if until := filters.get("date_to"):
        rows = rows.filter(decided_at__date__lte=until)
    if text := filters.get("q"):
        rows = rows.filter(Q(title__icontains=text) | Q(text__icontains=text) | Q(reasons__icontains=text))
    if filters.get("status") not in (None, "", DecisionStatus.Status.MADE):
        rows = rows.none()
    return rows


def present_decisions(decisions, user, *, public=False):
    """Set on each decision of a page what the register prints: its meeting, status, the later decision that
    superseded it (only if the reader may read that one) and its actions arising (those the reader may read).
    Two queries for the page, whatever its length."""
    statuses = [d.register_status for d in decisions if hasattr(d, "register_status")]
    successors = {s.superseded_by_id for s in statuses if s.superseded_by_id}
    readable = register_decisions(user, public=public).filter(pk__in=successors).in_bulk() if successors else {}
    actions = {}
    if statuses and not public:
        through = DecisionStatus.actions.through.objects.filter(decisionstatus__in=statuses).filter(
            meetingaction__in=MeetingAction.objects.visible_to(user)
        )
        for row in through.select_related("meetingaction"):
            actions.setdefault(row.decisionstatus_id, []).append(row.meetingaction)
    for decision in decisions:
        decision.meeting = decision.minutes_version.minutes.meeting
        status = getattr(decision, "register_status", None)
        decision.status_label = status.get_status_display() if status else DecisionStatus.Status.MADE.label
        decision.successor = readable.get(status.superseded_by_id) if status and status.superseded_by_id else None
        if decision.successor is not None:
            decision.successor.meeting = decision.successor.minutes_version.minutes.meeting
        decision.arising = actions.get(status.pk, []) if status else []
        decision.item_words = decision.item_title or (decision.item.title if decision.item_id else "")
    return decisions


def register_groups():
    return list(Group.objects.order_by("-is_main_board", "name"))


def register_motions(user, filters, *, public=False):
    rows = Motion.objects.visible_to(None if public else user).filed().select_related("group", "ratify_at")
    return list(filter_motions(rows, filters).order_by("-decided_at", "pk")[:MOTIONS_SHOWN])


def register_csv_rows(decisions, motions):
    for d in decisions:
        yield [
            "Meeting", d.meeting.group.name, d.meeting.title, timezone.localdate(d.meeting.starts_at).isoformat(),
            d.item_words, d.get_kind_display(), d.text, d.status_label, "", "",
        ]  # fmt: skip
    for m in motions:
        yield [
            "Between meetings", m.group.name, m.title, timezone.localdate(m.decided_at).isoformat(), "",
            "Decision", m.text, m.get_outcome_display(), m.reasons, m.alternatives,
        ]  # fmt: skip


CSV_HEADER = ["taken", "group", "meeting or title", "date", "item", "kind", "decision", "status", "reasons",
              "alternatives rejected"]  # fmt: skip


# Interests ---------------------------------------------------------------------------------------


def interests_register(user):
    """Every current member's entries and whether they confirmed this year (admins and members)."""
    year = confirmation_year() or timezone.localdate().year - 1
    people = (
        Person.objects.active()
        .filter(Exists(Interest.objects.filter(person=OuterRef("pk"))) | Q(user__isnull=False))
        .select_related("organisation")
        .annotate(confirmed=Exists(InterestConfirmation.objects.filter(person=OuterRef("pk"), year=year)))
        .prefetch_related(Prefetch("interests", Interest.objects.visible_to(user).order_by("-starts_on", "pk")))
        .order_by("name")
    )
    if not need_to_know.shown(policy.INTERESTS, need_to_know.role(user)):
        people = people.none()
    asked = ConfirmationRound.objects.filter(year=year).first()
    return {"people": list(people), "year": year, "asked": asked, "can_ask": confirmation_year() is not None}


def my_interests(person):
    year = confirmation_year() or timezone.localdate().year - 1
    return {
        "interests": list(Interest.objects.filter(person=person).select_related("organisation")),
        "year": year,
        "confirmation": InterestConfirmation.objects.filter(person=person, year=year).first(),
    }


# Declarations at meetings -------------------------------------------------------------------------


def meeting_declarations(user, meeting):
    return list(
        Declaration.objects.visible_to(user, meeting).select_related("item", "person__organisation", "interest")
    )


def is_declarations_item(item):
    return "declaration" in item.title.lower()


def minutes_lines(meeting, items, aud):
    """Under each item of the minutes, its declarations; at the "declarations of interest" item, all of them.
    Read at each item's level for the minutes' audience (the declarations' row), in one query."""
    shown_items = {i.pk: i for i in items if need_to_know.shown(policy.DECLARATIONS, aud, i)}
    if not shown_items:
        return {}
    declarations = list(
        Declaration.objects.filter(item_id__in=shown_items).select_related("person__organisation", "interest")
    )
    lines = {}
    by_item = {}
    for declaration in declarations:
        declaration.item = shown_items[declaration.item_id]
        by_item.setdefault(declaration.item_id, []).append(declaration)
    for pk, rows in by_item.items():
        lines[pk] = render_to_string("governance/_minutes_item_declarations.html", {"declarations": rows})
    home = next((i for i in items if is_declarations_item(i)), None)
    if home is not None:
        lines[home.pk] = lines.get(home.pk, "") + render_to_string(
            "governance/_minutes_all_declarations.html", {"declarations": declarations}
        )
    return lines


def agenda_prompts(user, meeting, items):
    """The reader's current interests that an item of this agenda mentions (by the body's or organisation's name).
    `items`: the agenda as the reader sees it, or a function giving it (called only if they have interests)."""
    member = member_of(user)
    if member is None:
        return []
    interests = list(Interest.objects.filter(person=member).current().select_related("organisation"))
    if not interests:
        return []
    prompts = []
    for item in items() if callable(items) else items:
        if getattr(item, "withheld", False):
            continue
        words = " ".join([item.title, item.presenter, item.description if item.content_shown else ""]).lower()
        for interest in interests:
            names = {interest.body} | ({interest.organisation.name} if interest.organisation else set())
            if any(name and re.search(rf"\b{re.escape(name.lower())}\b", words) for name in names):
                prompts.append({"item": item, "interest": interest})
    return prompts


def attendees(meeting):
    """Who may declare: invitees not recorded absent, and deputies who attended."""
    rows = Invitation.objects.filter(meeting=meeting).select_related("person", "deputy")
    people = {}
    for row in rows:
        if row.attendance in (Invitation.Attendance.PRESENT, Invitation.Attendance.NOT_RECORDED):
            people[row.person.pk] = row.person
        if row.attendance == Invitation.Attendance.DEPUTY and row.deputy is not None:
            people[row.deputy.pk] = row.deputy
    return sorted(people.values(), key=lambda p: p.name)


def items_for_declarations(user, meeting):
    return list(AgendaItem.objects.visible_to(user, meeting).order_by("position"))


# Decisions between meetings ------------------------------------------------------------------------


def motions_for(user):
    return list(Motion.objects.visible_to(user).select_related("group").order_by("-created_at")[:100])


def my_votes(person):
    if person is None:
        return []
    return list(
        Vote.objects.filter(Q(person=person) | Q(person__deputies=person), choice="", motion__status=Motion.Status.OPEN)
        .select_related("motion", "person")
        .distinct()
    )


def tally(motion):
    counts = dict.fromkeys(Vote.Choice.values, 0)
    for choice in motion.votes.exclude(choice="").values_list("choice", flat=True):
        counts[choice] += 1
    return [(Vote.Choice(c).label, n) for c, n in counts.items()]


def motions_to_ratify(meeting):
    return list(Motion.objects.filter(ratify_at=meeting, status=Motion.Status.CLOSED).order_by("decided_at"))


# Elsewhere ---------------------------------------------------------------------------------------------


def evidence_source():
    """Decisions between meetings as evidence for area 1 (governance of the partnership), by their own rule."""
    return Source(
        "Decision between meetings",
        Motion,
        lambda user: Motion.objects.visible_to(user).filed(),
        ("title", "text", "reasons"),
        lambda r: reverse("governance:motion", args=[r.pk]),
        ("group",),
    )


def subject_access_interests(person):
    return [
        {"kind": i.get_kind_display(), "body": i.body, "description": i.description, "from": i.starts_on,
         "to": i.ends_on}
        for i in Interest.objects.filter(person=person).order_by("pk")
    ]  # fmt: skip


def subject_access_declarations(person):
    return [
        {"meeting": str(d.item.meeting), "item": d.item.title, "declared": d.words, "withdrew": d.withdrew}
        for d in Declaration.objects.filter(person=person).select_related("item__meeting", "interest").order_by("pk")
    ]


def subject_access_votes(person):
    return [
        {"motion": v.motion.title, "vote": v.get_choice_display(), "cast_at": v.cast_at}
        for v in Vote.objects.filter(person=person).exclude(choice="").select_related("motion").order_by("pk")
    ]
