"""The register (with its heat maps, counts and checks), the risk page and the home page take a fixed number of queries
whatever the size of the register: pinned at 20 risks and at 2,000, as admin and as an owning partner."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from risks.models import Risk, Theme
from tests.actionplans.factories import ActionFactory, PriorityFactory

from .factories import RecommendationFactory, agree

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(assessment, organisations, actions, total):
    """`total` risks across themes and owners, every other one linked to two actions, every tenth past review."""
    Risk.objects.filter(assessment=assessment).delete()
    themes = list(Theme.objects.all())
    today = timezone.localdate()
    risks = Risk.objects.bulk_create(
        Risk(assessment=assessment, reference=f"R{n + 1}", title=f"Risk {n}", theme=themes[n % len(themes)],
             from_local_data=True, owner_organisation=organisations[n % len(organisations)],
             inherent_likelihood=1 + n % 5, inherent_impact=1 + (n // 5) % 5, residual_likelihood=1 + n % 3,
             residual_impact=1 + (n // 3) % 3, controls="Controls",
             review_date=today + datetime.timedelta(days=-3 if n % 10 == 0 else 30))
        for n in range(total)
    )  # fmt: skip
    through = Risk.actions.through
    through.objects.bulk_create(
        through(risk=risk, action=action) for n, risk in enumerate(risks) if n % 2 for action in actions[:2]
    )
    return risks


# session, user, person, second-factor device; then the page's own reads. The admin's checks count each list in SQL
# and read only its first 20 (three queries more than reading every row, which cost 160 ms at 2,000 risks).
PINNED = {"admin": 24, "partner": 14}


def test_the_register_takes_a_fixed_number_of_queries_at_20_and_2000_risks(
    admin_client, partner_client, partner_user, assessment, meeting, plan
):
    actions = [ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation)
               for _ in range(3)]  # fmt: skip
    RecommendationFactory(reference="R1")
    others = [ActionFactory(priority=PriorityFactory(plan=plan)).lead_organisation for _ in range(3)]
    organisations = [partner_user.organisation, *others]
    risks = _fill(assessment, organisations, actions, 20)
    agree(assessment, meeting)
    url = reverse("risks:assessment", args=[assessment.pk])
    filtered = url + "?band=low&overdue=on"  # R1 and R11 at 20 risks, a page of them at 2,000
    clients = {"admin": admin_client, "partner": partner_client}
    small = {who: _count(client, url) for who, client in clients.items()}
    small_filtered = _count(admin_client, filtered)
    small_home = {who: _count(client, "/") for who, client in clients.items()}
    _count(admin_client, reverse("risks:risk", args=[risks[0].pk]))  # the audit log's content type, read once
    small_risk = _count(admin_client, reverse("risks:risk", args=[risks[1].pk]))

    risks = _fill(assessment, organisations, actions, 2000)
    assert Risk.objects.count() == 2000
    large = {who: _count(client, url) for who, client in clients.items()}
    assert small == large == PINNED
    assert _count(admin_client, filtered) == small_filtered
    assert {who: _count(client, "/") for who, client in clients.items()} == small_home
    assert _count(admin_client, reverse("risks:risk", args=[risks[1].pk])) == small_risk
    # Half the risks have no action and every tenth is past review: the checks list 20 of each and say how many.
    page = admin_client.get(url).content.decode()
    assert "1000 in all: the first 20 are listed." in page and "200 in all: the first 20 are listed." in page
