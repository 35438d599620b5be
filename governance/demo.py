"""Demo governance: a few registered interests (one member yet to confirm this year), declarations at the last two
held board meetings (one with a withdrawal), a decision superseded by a later one, another implemented, and a decision
taken between meetings, carried and waiting for the next meeting to ratify it. Uses the members and meetings demos;
everything here is fictional.

The held meetings' minutes are approved, so their declarations are written as they stood when they were recorded
(the service refuses new ones on approved minutes: a correction first).
"""

import datetime

from django.utils import timezone

from meetings.models import AgendaItem, Decision, Group, Meeting, MinutesVersion
from members.models import Organisation, Person

from . import services
from .emails import confirmation_year
from .models import ConfirmationRound, DecisionStatus, Declaration, Interest, InterestConfirmation, Motion, Vote

INTERESTS = [
    # email, kind, body, organisation name, description, from
    ("partner@example.org", "membership", "Northport Youth Trust", None, "Trustee (unpaid)", datetime.date(2021, 9, 1)),
    ("partner@example.org", "employment", "Northport College", "Northport College", "Head of Student Services",
     datetime.date(2019, 1, 7)),
    ("partner2@example.org", "directorship", "Hughes Health Consulting Ltd", None, "Director; no trading since 2023",
     datetime.date(2016, 4, 1)),
    ("partner2@example.org", "gift", "Northport Faith Forum", None, "Dinner at the annual interfaith awards",
     datetime.date(2025, 11, 20)),
]  # fmt: skip


def load(*, stdout, password):
    people = {p.email: p for p in Person.objects.filter(email__in=[row[0] for row in INTERESTS])}
    if len(people) < 2:
        stdout.write("Governance: skipped (load the members demo first).")
        return
    organisations = {o.name: o for o in Organisation.objects.all()}
    for email, kind, body, organisation, description, starts_on in INTERESTS:
        Interest.objects.get_or_create(
            person=people[email], body=body,
            defaults={"kind": kind, "organisation": organisations.get(organisation), "description": description,
                      "starts_on": starts_on},
        )  # fmt: skip
    year = confirmation_year() or timezone.localdate().year - 1
    InterestConfirmation.objects.get_or_create(person=people["partner2@example.org"], year=year)
    ConfirmationRound.objects.get_or_create(year=year)  # the year's asking is under way: the sweep emails the rest

    board = Group.objects.filter(is_main_board=True).first()
    held = list(Meeting.objects.filter(group=board, status=Meeting.Status.HELD).order_by("-starts_at")[:2])
    priya = people["partner@example.org"]
    for meeting, withdrew in zip(held, (True, False), strict=False):
        item = (
            meeting.items.exclude(kind__in=["apologies", "minutes", "matters_arising", "action_plan"])
            .filter(purpose=AgendaItem.Purpose.DISCUSSION)
            .order_by("position")
            .first()
        )
        if item is not None and not Declaration.objects.filter(item__meeting=meeting).exists():
            Declaration.objects.create(
                item=item, person=priya, interest=Interest.objects.get(person=priya, body="Northport Youth Trust"),
                withdrew=withdrew,
            )  # fmt: skip
    upcoming = Meeting.objects.filter(group=board, starts_at__gt=timezone.now()).order_by("starts_at").first()
    if upcoming is not None and not upcoming.items.filter(title__icontains="Northport Youth Trust").exists():
        AgendaItem.objects.create(
            meeting=upcoming, position=upcoming.items.count() + 1, purpose=AgendaItem.Purpose.DECISION,
            title="Grant to Northport Youth Trust for the mentoring project",
            description="The Trust asks for £4,500 from the Prevent budget for peer mentors in two secondary schools.",
        )  # fmt: skip

    _decision_statuses(board)
    _motion(board, upcoming, people)
    stdout.write(
        f"Governance: {Interest.objects.count()} interests, {Declaration.objects.count()} declarations, "
        f"{Motion.objects.count()} decisions between meetings."
    )


def _decision_statuses(board):
    """The first meeting's action plan decision was changed by the next's new priority: superseded; that is done."""
    final = MinutesVersion.objects.filter(minutes__meeting__group=board, status__in=["approved", "locked"])
    seen, versions = set(), []
    for version in final.order_by("minutes__meeting__starts_at", "-number"):
        if version.minutes_id not in seen:
            seen.add(version.minutes_id)
            versions.append(version)
    decisions = [Decision.objects.filter(minutes_version=v).order_by("position", "pk").first() for v in versions]
    decisions = [d for d in decisions if d is not None]
    if len(decisions) < 2 or DecisionStatus.objects.exists():
        return
    services.decision_status_set(decisions[0], status="superseded", superseded_by=decisions[1])
    services.decision_status_set(decisions[1], status="implemented")


def _motion(board, upcoming, people):
    if Motion.objects.exists():
        return
    decided = timezone.now() - datetime.timedelta(days=12)
    motion = Motion.objects.create(
        group=board, title="Respond to the Home Office consultation on Prevent guidance",
        text="The partnership responds to the consultation supporting the draft guidance, with the three changes in "
        "the attached paper.",
        reasons="The consultation closed before the next meeting of the board.",
        alternatives="Not responding; responding as the council alone.",
        interests_declared="None.",
        closes_at=decided, status=Motion.Status.CLOSED, outcome=Motion.Outcome.CARRIED, decided_at=decided,
        ratify_at=upcoming, created_at=decided - datetime.timedelta(days=5),
    )  # fmt: skip
    voters = list(Person.objects.active().filter(meeting_groups=board).exclude(role=Person.Role.DEPUTY)[:6])
    for n, person in enumerate(voters):
        choice = Vote.Choice.ABSTAIN if n == 3 else Vote.Choice.FOR
        Vote.objects.create(motion=motion, person=person, choice=choice, cast_by=person, cast_at=decided, via="link")
