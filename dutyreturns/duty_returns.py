"""Partner returns by the emailed link: this app's kind of return, on the return-request engine.

For each return period that has started, the Prevent lead of every current organisation carrying the Prevent duty
(from its last return, else its first representative) is asked by one email with a signed link that works once and
without signing in; an organisation that has not returned by the due date is chased once. The engine sends, chases
and records; this module says who is asked, when, and what the link's page asks. Registered in DutyReturnsConfig.ready.
"""

import datetime

from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from common.email import build_message
from members.models import Organisation, Person
from outbox import services as outbox
from returnrequests import registry
from returnrequests import services as returns
from returnrequests.models import ReturnRequest

KIND = "partner_return"
# Asked this long before the period ends (so the figures can be ready by the due date).
ASK_BEFORE_END = datetime.timedelta(days=14)


class Kind(models.TextChoices):
    REQUEST = "partner_return_request", "Partner return request"
    CHASER = "partner_return_chaser", "Partner return chaser"


outbox.register_kinds(Kind)
TEMPLATES = {Kind.REQUEST: "partner_return_request", Kind.CHASER: "partner_return_chaser"}


def organisations_in_scope():
    return Organisation.objects.members().filter(has_prevent_duty=True)


def _who_to_ask(organisations):
    """Each organisation's Prevent lead from its last return if still a current member, else its first current
    representative: {organisation id: person}. Two queries."""
    from .models import PartnerReturn

    leads = {}
    with_lead = PartnerReturn.objects.filter(prevent_lead__status=Person.Status.ACTIVE)
    newest = with_lead.filter(organisation=OuterRef("organisation")).order_by("-period__start").values("pk")[:1]
    for organisation_id, lead_id in with_lead.filter(organisation__in=organisations, pk=Subquery(newest)).values_list(
        "organisation_id", "prevent_lead_id"
    ):
        leads[organisation_id] = lead_id
    people = (
        Person.objects.representing()
        .filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation_id", "pk")
    )
    chosen = {}
    for person in people:
        if person.organisation_id not in chosen or leads.get(person.organisation_id) == person.pk:
            chosen[person.organisation_id] = person
    return chosen


def open_round(period, now=None):
    """Ask every organisation in scope without a return for this period. Returns how many requests were added."""
    from .models import PartnerReturn

    returned = PartnerReturn.objects.filter(period=period).values("organisation_id")
    organisations = organisations_in_scope().exclude(pk__in=returned)
    due = timezone.make_aware(datetime.datetime.combine(period.due, datetime.time(9)))
    rows = [
        returns.request_new(
            KIND, subject=person.organisation, round=period, person=person, send_after=now, chase_after=due
        )
        for person in _who_to_ask(organisations).values()
    ]
    return len(returns.requests_add(rows))


def plan(now):
    """The sweep's run: ask for the periods whose end is near (or past), until a quarter after they were due."""
    from .models import ReturnPeriod

    today = timezone.localdate(now)
    periods = ReturnPeriod.objects.filter(
        end__lte=today + ASK_BEFORE_END, due__gte=today - datetime.timedelta(days=90), start__lte=today
    )
    return sum(open_round(period, now) for period in periods)


def still_wanted(request):
    """While no return is in for the organisation and period (an answered link says thank you instead)."""
    from .models import PartnerReturn

    return (
        request.returned_at is not None
        or not PartnerReturn.objects.filter(organisation_id=request.subject_id, period_id=request.round_id).exists()
    )


def mark_answered(record, *, by_link):
    """The return is in, however it came: the organisation's requests for the period are answered."""
    ReturnRequest.objects.about(record.organisation).for_round(record.period).filter(
        kind=KIND, returned_at__isnull=True
    ).update(
        returned_at=timezone.now(),
        returned_via=ReturnRequest.Via.LINK if by_link else ReturnRequest.Via.SIGNED_IN,
    )


def respond(http_request, return_request):
    from .views.returns import return_by_link

    return return_by_link(http_request, return_request)


KIND_REGISTRATION = registry.ReturnKind(
    value=KIND,
    label="Partner returns (Prevent duty)",
    respond=respond,
    request_email=Kind.REQUEST,
    chase_email=Kind.CHASER,
    plan=plan,
    open_round=open_round,
    still_wanted=still_wanted,
    round_url=lambda period: reverse("dutyreturns:late"),
    chase_gap=datetime.timedelta(days=5),
    link_days=180,
)


@outbox.renders(*TEMPLATES)
def render_request(delivery, batch):
    """One email per person and period; the link is the engine's. Counts only, nothing about anyone."""
    from .models import ReturnPeriod

    period = batch.cached("duty_periods", lambda: ReturnPeriod.objects.in_bulk(batch.ids_about(*TEMPLATES))).get(
        delivery.about_id
    )
    person = batch.cached("duty_people", lambda: Person.objects.in_bulk({d.person_id for d in batch.deliveries})).get(
        delivery.person_id
    )
    asked = returns.requests_in_email(batch, delivery)
    organisations = batch.cached(
        "duty_orgs", lambda: Organisation.objects.in_bulk({r.subject_id for d in batch.deliveries
                                                          for r in returns.requests_in_email(batch, d)})
    )  # fmt: skip
    items = [
        {"organisation": organisations[r.subject_id], "link": r.link} for r in asked if r.subject_id in organisations
    ]
    if period is None or person is None or not person.email or not items:
        return None
    return build_message(
        TEMPLATES[delivery.kind], to=person.email, context={"person": person, "period": period, "items": items}
    )
