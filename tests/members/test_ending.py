"""Ending a record once: an organisation leaves, a membership ends; either way back to the record's page."""

import pytest
from django.urls import reverse

from members.models import Organisation, Person
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ENDINGS = [
    pytest.param(
        OrganisationFactory,
        Organisation.Status.LEFT,
        "organisation",
        "members:organisation_leave",
        {"date_left": "2026-03-03"},
        ("Record that it leaves", "Sam Lee has left the partnership.", "Sam Lee has already left."),
        id="organisation",
    ),
    pytest.param(
        PersonFactory,
        Person.Status.FORMER,
        "person",
        "members:person_end",
        {"end_date": "2026-03-03"},
        ("End membership", "Sam Lee&#x27;s membership has ended.", "Sam Lee is already a former member."),
        id="person",
    ),
]


@pytest.mark.parametrize(("factory", "ended", "kind", "end_url", "data", "texts"), ENDINGS)
def test_ending_asks_for_the_date_then_returns_to_the_record(admin_client, factory, ended, kind, end_url, data, texts):
    record = factory(name="Sam Lee")
    detail = reverse(f"members:{kind}_detail", args=[record.pk])
    page = admin_client.get(reverse(end_url, args=[record.pk])).content.decode()
    assert texts[0] in page
    assert f'href="{detail}"' in page  # cancel
    response = admin_client.post(reverse(end_url, args=[record.pk]), data, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert texts[1] in response.content.decode()
    record.refresh_from_db()
    assert record.status == ended


@pytest.mark.parametrize(("factory", "ended", "kind", "end_url", "data", "texts"), ENDINGS)
def test_a_record_that_has_ended_is_not_ended_again(admin_client, factory, ended, kind, end_url, data, texts):
    record = factory(name="Sam Lee", status=ended)
    detail = reverse(f"members:{kind}_detail", args=[record.pk])
    response = admin_client.get(reverse(end_url, args=[record.pk]), follow=True)
    assert response.redirect_chain == [(detail, 302)]
    page = response.content.decode()
    assert texts[2] in page
    assert reverse(end_url, args=[record.pk]) not in page  # the detail page no longer offers to end it
