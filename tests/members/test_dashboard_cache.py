"""The admin dashboard's shared panels come from the cache (the real Redis) until their data changes."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection

from members.models import JoinRequest, Organisation, Person
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard_cache(settings):
    settings.SHARED_CACHE_SECONDS = 60
    # A fresh stamp per app for this test, so panels cached by other tests are never this test's.
    for label in ("members", "meetings", "actionplans"):
        cache.set(f"stamp:{label}", uuid.uuid4().hex, None)


def test_the_second_view_reads_the_panels_from_the_cache(admin_client, dashboard_cache, django_assert_max_num_queries):
    admin_client.get("/")
    # The session, the user and the session's save (in a savepoint, 3 statements): no panel queries.
    with django_assert_max_num_queries(5):
        page = admin_client.get("/").content.decode()
    assert "Statutory coverage" in page


def test_a_change_to_the_data_shows_at_once(admin_client, dashboard_cache):
    OrganisationFactory(name="Ferndale Special School", sector="special_school")
    assert "Ferndale Special School" in admin_client.get("/").content.decode()

    PersonFactory(organisation=Organisation.objects.get(name="Ferndale Special School"))  # now covered

    assert "Ferndale Special School" not in admin_client.get("/").content.decode()


def test_a_deletion_shows_at_once(admin_client, dashboard_cache):
    request = JoinRequest.objects.create(
        name="Pat Applicant", email="pat@example.org", kind=JoinRequest.Kind.INDIVIDUAL, reason="To help"
    )
    waiting = '<strong class="govuk-tag govuk-tag--blue">1</strong> waiting for a decision'
    assert waiting in admin_client.get("/").content.decode()

    request.delete()

    assert "None waiting for a decision" in admin_client.get("/").content.decode()


def test_a_bulk_write_shows_at_once(admin_client, dashboard_cache):
    OrganisationFactory(name="Ferndale Special School", sector="special_school")
    admin_client.get("/")
    school = Organisation.objects.get(name="Ferndale Special School")
    Person.objects.bulk_create([Person(name="Bulk Person", email="bulk@example.org", organisation=school)])
    assert "Ferndale Special School" not in admin_client.get("/").content.decode()


def test_a_raw_sql_write_is_bounded_by_the_timeout(admin_client, dashboard_cache):
    OrganisationFactory(name="Ferndale Special School", sector="special_school")
    person = PersonFactory()
    admin_client.get("/")
    school = Organisation.objects.get(name="Ferndale Special School")
    with connection.cursor() as cursor:  # what a migration or a DBA might do: no stamp is replaced
        cursor.execute("UPDATE members_person SET organisation_id = %s WHERE id = %s", [school.pk, person.pk])
    assert "Ferndale Special School" in admin_client.get("/").content.decode()
    cache.delete_many(list(_panel_keys()))  # what the timeout does, without waiting a minute
    assert "Ferndale Special School" not in admin_client.get("/").content.decode()


def _panel_keys():
    from members import dashboard

    return dashboard._cache_keys([p for p in dashboard._panels if p.shared], "admin").values()


def test_partners_panels_are_never_shared():
    from members import dashboard

    assert all(not panel.shared for panel in dashboard._panels if "partner" in panel.roles)
