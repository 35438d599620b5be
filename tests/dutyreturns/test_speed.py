"""The heat map, the returns list, late returns, the Channel page and the admin's home page read a fixed number of
queries whatever the number of organisations: pinned at 20 and at 300, each with four periods of returns."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dutyreturns.models import PartnerReturn, ReturnPeriod, TrainingLine, TrainingProduct
from members.models import Organisation, Sector

pytestmark = pytest.mark.django_db

SECTORS = [Sector.NHS_TRUST, Sector.PRIMARY_SCHOOL, Sector.SECONDARY_SCHOOL, Sector.FURTHER_EDUCATION, Sector.POLICE]


def _build(n):
    today = timezone.localdate()
    periods = [
        ReturnPeriod.objects.create(
            label=f"Period {k}", start=today - datetime.timedelta(days=90 * k + 90),
            end=today - datetime.timedelta(days=90 * k + 1), due=today - datetime.timedelta(days=90 * k - 20),
        )
        for k in range(1, 5)
    ]  # fmt: skip
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Org {i:03d}", sector=SECTORS[i % len(SECTORS)], has_prevent_duty=True) for i in range(n)
    )
    returns = PartnerReturn.objects.bulk_create(
        PartnerReturn(organisation=o, period=p) for o in organisations for p in periods if (o.pk + p.pk) % 7
    )
    products = list(TrainingProduct.objects.all())
    TrainingLine.objects.bulk_create(
        TrainingLine(partner_return=r, product=p, in_scope=50, completions=5, in_date=40 + r.pk % 11)
        for r in returns
        for p in products
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = ["dutyreturns:coverage", "dutyreturns:index", "dutyreturns:late", "dutyreturns:agreements", "home"]


@pytest.mark.parametrize("name", PAGES)
def test_the_page_reads_as_many_queries_for_300_organisations_as_for_20(admin_client, name):
    _build(20)
    small = _count(admin_client, reverse(name))
    PartnerReturn.objects.all().delete()
    Organisation.objects.filter(name__startswith="Org ").delete()
    ReturnPeriod.objects.all().delete()
    _build(300)
    assert _count(admin_client, reverse(name)) == small


def test_the_heat_map_reads_a_pinned_number_of_queries(admin_client, django_assert_num_queries):
    _build(300)
    admin_client.get(reverse("dutyreturns:coverage"))  # the session and the second factor, once
    with django_assert_num_queries(10):
        admin_client.get(reverse("dutyreturns:coverage"))
