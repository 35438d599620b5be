"""Statutory coverage: every statutory sector, its member organisations and their current representatives."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import selectors
from members.models import Organisation, Person, Sector
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _sector(sectors, sector):
    return next(entry for entry in sectors if entry.sector == sector)


def test_a_sector_with_no_member_organisation_is_a_gap():
    sector = _sector(selectors.coverage(), Sector.PROBATION)
    assert not sector.covered
    assert sector.gap_reason == "No member organisation in this sector"


def test_an_organisation_whose_representative_left_shows_since_when():
    school = OrganisationFactory(name="Ferndale Special School", sector=Sector.SPECIAL_SCHOOL)
    PersonFactory(
        organisation=school,
        status=Person.Status.FORMER,
        term_start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2026, 3, 3),
    )
    PersonFactory(organisation=school, role=Person.Role.OBSERVER)  # observers do not cover the duty
    entry = _sector(selectors.coverage(), Sector.SPECIAL_SCHOOL).organisations[0]
    assert not entry.covered
    assert entry.gap_reason == "No current representative since 3 March 2026"


def test_a_representative_whose_term_has_ended_no_longer_covers_it():
    police = OrganisationFactory(sector=Sector.POLICE)
    PersonFactory(
        organisation=police,
        term_start=datetime.date(2024, 1, 1),
        term_end=timezone.localdate() - datetime.timedelta(days=1),
    )
    entry = _sector(selectors.coverage(), Sector.POLICE).organisations[0]
    assert not entry.covered
    assert entry.gap_since == timezone.localdate() - datetime.timedelta(days=1)


def test_a_current_representative_or_deputy_covers_the_organisation():
    college = OrganisationFactory(sector=Sector.FURTHER_EDUCATION)
    representative = PersonFactory(organisation=college)
    PersonFactory(organisation=college, role=Person.Role.DEPUTY, deputy_for=representative)
    sector = _sector(selectors.coverage(), Sector.FURTHER_EDUCATION)
    assert sector.covered
    assert len(sector.organisations[0].representatives) == 2


def test_organisations_that_left_are_not_listed():
    OrganisationFactory(name="Gone School", sector=Sector.PRIMARY_SCHOOL, status=Organisation.Status.LEFT)
    assert _sector(selectors.coverage(), Sector.PRIMARY_SCHOOL).organisations == []


def test_an_organisation_marked_with_the_duty_outside_the_statutory_sectors_is_listed():
    OrganisationFactory(name="Youth Justice", sector=Sector.YOUTH_JUSTICE, has_prevent_duty=True)
    assert _sector(selectors.coverage(), Sector.YOUTH_JUSTICE).organisations[0].organisation.name == "Youth Justice"


def test_the_coverage_page_flags_gaps_in_red_with_the_reason(admin_client):
    school = OrganisationFactory(name="Ferndale Special School", sector=Sector.SPECIAL_SCHOOL)
    PersonFactory(
        organisation=school, status="former", term_start=datetime.date(2024, 1, 1), term_end=datetime.date(2026, 3, 3)
    )
    page = admin_client.get(reverse("members:coverage")).content.decode()
    assert "Ferndale Special School" in page
    assert "No current representative since 3 March 2026" in page
    assert "govuk-tag--red" in page
    assert "No member organisation in this sector" in page


def test_the_admin_dashboard_shows_the_coverage_gaps(admin_client):
    OrganisationFactory(name="Ferndale Special School", sector=Sector.SPECIAL_SCHOOL)
    page = admin_client.get("/").content.decode()
    assert "Statutory coverage" in page
    assert "Ferndale Special School" in page


def _bulk(count):
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"School {n}", sector=Sector.statutory()[n % 10], has_prevent_duty=True) for n in range(20)
    )
    Person.objects.bulk_create(
        Person(
            name=f"Person {n}",
            email=f"p{n}@example.org",
            organisation=organisations[n % 20],
            status=Person.Status.ACTIVE if n % 4 else Person.Status.FORMER,
            term_start=datetime.date(2024, 1, 1),
            term_end=None if n % 4 else datetime.date(2025, 1, 1),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [20, 2000])
def test_the_coverage_page_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    _bulk(count)
    admin_client.get(reverse("members:coverage"))
    # session, user, organisations, their current representatives; then the session is saved (3)
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(8):
        response = admin_client.get(reverse("members:coverage"))
    assert response.status_code == 200


def test_the_dashboard_gaps_are_the_coverage_pages_gaps_in_the_same_order():
    OrganisationFactory(name="Youth Justice", sector=Sector.YOUTH_JUSTICE, has_prevent_duty=True)
    school = OrganisationFactory(name="Ferndale Special School", sector=Sector.SPECIAL_SCHOOL)
    PersonFactory(
        organisation=school, status="former", term_start=datetime.date(2024, 1, 1), term_end=datetime.date(2026, 3, 3)
    )
    covered = OrganisationFactory(name="Northgate Police", sector=Sector.POLICE)
    PersonFactory(organisation=covered)
    expected = []
    for sector in selectors.coverage():
        if not sector.organisations:
            expected.append((sector.label, sector.gap_reason))
        expected.extend((entry.organisation.name, entry.gap_reason) for entry in sector.gaps)

    gaps = selectors.coverage_gaps()

    assert gaps == expected
    assert ("Ferndale Special School", "No current representative since 3 March 2026") in gaps
    assert ("Youth Justice", "No representative has been named") in gaps
    assert all(name != "Northgate Police" for name, _ in gaps)


def test_the_dashboard_lists_ten_gaps_and_counts_the_rest(admin_client):
    for n in range(13):
        OrganisationFactory(name=f"Uncovered School {n:02d}", sector=Sector.PRIMARY_SCHOOL)
    gaps = selectors.coverage_gaps()
    page = admin_client.get("/").content.decode()
    assert len(gaps) > 13
    assert gaps[9][0] in page
    assert "Uncovered School 12" not in page  # the gaps after the tenth are counted, not listed
    assert f"and {len(gaps) - 10} more." in page
