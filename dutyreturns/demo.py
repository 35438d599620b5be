"""Demo partner returns and Channel assurance, all fictional: four quarters of returns from most organisations carrying
the Prevent duty (two late, two missing, including the college's latest, which partner@example.org can make), primary
schools lapsed on training; the Channel panel as a group meeting every two months (probation missed the last two);
a year and more of Channel figures, small numbers among them; last year's statement rated, waiting for sign-off; the
referral pathway due for review soon; agreements with all but one school.
"""

import datetime
import random

from django.utils import timezone

from meetings.models import Group, GroupMembership, Invitation, Meeting
from members.models import Person, Sector

from . import duty_returns, national, selectors, services
from .models import (
    AssuranceStatement,
    ChannelCategory,
    ChannelPanel,
    ChannelQuarter,
    PartnerReturn,
    ReferralPathway,
    ReturnPeriod,
    SharingAgreement,
)

PANEL = "Channel Panel"
LAPSED_SECTOR = Sector.PRIMARY_SCHOOL
MISSING = {"Northport College": 1, "Ferndale Special School": 1}  # organisation: missing its latest n returns
LATE = {"Northshire Police", "University of Northport"}
NO_AGREEMENT = "Westgate High School"
PATHWAY = """If you are worried that someone may be being drawn into terrorism, talk to your organisation's safeguarding \
lead first. They will decide with you whether to make a Prevent referral.

A concern does not need a fixed ideology: confused, mixed or unclear beliefs, or an interest in violence for its own \
sake, can be reason enough to ask for advice.

To refer, use the national Prevent referral form; Northshire Police's Prevent team screens every referral within \
five working days. In an emergency, or if someone is in danger now, call 999.

If Prevent is not the right route, the Channel panel may point to other local support: early help, mental health \
services, youth work or mentoring. Nobody is turned away without being pointed somewhere."""


def _started_quarters(today):
    """Every financial-year quarter since last year's first that has started, as (year, quarter, start)."""
    year = selectors.current_year(today)
    starts = [(y, q, services.quarter_start(y, q)) for y in (year - 1, year) for q in range(1, 5)]
    return [s for s in starts if s[2] <= today]


def _quarters(today):
    """The last four whole quarters and the current one."""
    return _started_quarters(today)[-5:]


def _end_of(year, quarter):
    return services.quarter_start(year + (quarter == 4), 1 if quarter == 4 else quarter + 1) - datetime.timedelta(
        days=1
    )


def load(*, stdout, password):
    from django.apps import apps

    national.ensure(apps)
    rng = random.Random(26)
    today = timezone.localdate()
    periods = []
    for year, quarter, start in _quarters(today):
        end = _end_of(year, quarter)
        period, _ = ReturnPeriod.objects.get_or_create(
            start=start,
            end=end,
            defaults={"label": f"Q{quarter} {year} to {year + 1}", "due": end + datetime.timedelta(days=30)},
        )
        periods.append(period)
    ended = [p for p in periods if p.end < today]
    organisations = list(duty_returns.organisations_in_scope())
    leads = {p.organisation_id: p for p in Person.objects.representing().order_by("pk")}
    for organisation in organisations:
        skip = MISSING.get(organisation.name, 0)
        for index, period in enumerate(ended[: len(ended) - skip] if skip else ended):
            if PartnerReturn.objects.filter(organisation=organisation, period=period).exists():
                continue
            share = 0.5 if organisation.sector == LAPSED_SECTOR else rng.choice([0.93, 0.95, 0.82, 0.97])
            training = {}
            for product in services.products_for(organisation):
                staff = rng.randint(30, 400)
                training[product.pk] = (staff, rng.randint(0, staff // 4), int(staff * min(share + index * 0.01, 1)))
            answers = {}
            for question in services.questions_for(organisation):
                answers[question.pk] = (rng.randint(0, 7), "") if question.is_count else (None, "Termly briefing held")
            record = services.return_save(
                organisation=organisation, period=period, prevent_lead=leads.get(organisation.pk), notes="",
                training=training, answers=answers, by_name="Demo data",
            )  # fmt: skip
            on_time = period.due - datetime.timedelta(days=rng.randint(1, 20))
            late = organisation.name in LATE and period == ended[-1]
            submitted = period.due + datetime.timedelta(days=9) if late else on_time
            PartnerReturn.objects.filter(pk=record.pk).update(
                submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(10)))
            )
    _panel(rng, today)
    _figures(rng, today)
    _statement(today)
    if not ReferralPathway.objects.exists():
        services.pathway_publish(body=PATHWAY, review_date=today + datetime.timedelta(days=20), by=None)
    for organisation in organisations:
        if organisation.name != NO_AGREEMENT and not organisation.sharing_agreements.exists():
            SharingAgreement.objects.create(
                organisation=organisation, title="Northshire Prevent information-sharing agreement",
                parties=f"Northport City Council\nNorthshire Police\n{organisation.name}",
                legal_basis="UK GDPR Article 6(1)(e) public task; Counter-Terrorism and Security Act 2015, s.36",
                scope="Sharing what a Prevent referral and the Channel panel need, case by case",
                signed_date=today - datetime.timedelta(days=400), review_date=today + datetime.timedelta(days=330),
            )  # fmt: skip
    stdout.write(f"Duty returns: {PartnerReturn.objects.count()} returns, {ChannelQuarter.objects.count()} quarters")


def _panel(rng, today):
    group, _ = Group.objects.get_or_create(
        name=PANEL, defaults={"description": "The Channel panel: dates and attendance only, never case content."}
    )
    ChannelPanel.objects.get_or_create(defaults={"group": group})
    sectors = [Sector.LOCAL_AUTHORITY, Sector.POLICE, Sector.NHS_TRUST, Sector.ICB, Sector.PROBATION,
               Sector.FURTHER_EDUCATION]  # fmt: skip
    members = list(
        Person.objects.representing().filter(organisation__sector__in=sectors).order_by("organisation_id", "pk")
    )
    seen = set()
    members = [p for p in members if not (p.organisation_id in seen or seen.add(p.organisation_id))]
    for person in members:
        GroupMembership.objects.get_or_create(group=group, person=person)
    if Meeting.objects.filter(group=group).exists():
        return
    for n in range(6, 0, -1):
        day = today - datetime.timedelta(days=60 * n - 10)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
        meeting = Meeting.objects.create(group=group, title="Channel panel", starts_at=starts,
                                         ends_at=starts + datetime.timedelta(hours=2), status=Meeting.Status.HELD,
                                         venue="Civic Centre, Room 4")  # fmt: skip
        for person in members:
            missed = person.organisation.sector == Sector.PROBATION and n <= 2
            attended = not missed and rng.random() > 0.1
            Invitation.objects.create(
                meeting=meeting, person=person,
                attendance=Invitation.Attendance.PRESENT if attended else Invitation.Attendance.APOLOGIES,
            )  # fmt: skip


def _figures(rng, today):
    categories = {
        d: list(ChannelCategory.objects.filter(dimension=d, active=True)) for d in ("sector", "concern", "age")
    }
    for year, quarter, _start in _started_quarters(today)[:-1]:
        if ChannelQuarter.objects.filter(year=year, quarter=quarter).exists():
            continue
        referrals = rng.randint(14, 26)
        discussed = referrals - rng.randint(3, 7)
        adopted = rng.randint(2, 6)
        counts = {}
        for cats in categories.values():
            # A few big categories and several small ones (which the outputs show as "<5").
            left = referrals
            for category in cats[:-1]:
                n = min(left, rng.choice([0, 1, 2, 3, 6, 8]))
                counts[category.pk] = n
                left -= n
            counts[cats[-1].pk] = left
        due6, due12 = rng.randint(2, 6), rng.randint(1, 5)
        services.quarter_save(
            year=year, quarter=quarter, by=None, counts=counts,
            figures={"referrals": referrals, "discussed": discussed, "adopted": adopted,
                     "closed": rng.randint(1, adopted), "repeat_referrals": rng.randint(0, 3),
                     "reviews_6_due": due6, "reviews_6_on_time": due6 - rng.randint(0, 1),
                     "reviews_12_due": due12, "reviews_12_on_time": due12, "signposted": rng.randint(3, 9)},
        )  # fmt: skip


def _statement(today):
    year = selectors.current_year(today) - 1
    if AssuranceStatement.objects.filter(year=year).exists():
        return
    statement = services.statement_for_year(year)
    ratings = {
        r.pk: ("good" if i % 3 else "requires_improvement", "Panel minutes (dates and attendance), quarterly figures")
        for i, r in enumerate(statement.ratings.all())
    }
    services.statement_save(statement=statement, summary="The panel met every two months; probation's attendance "
                            "fell in the second half of the year.", ratings=ratings)  # fmt: skip
