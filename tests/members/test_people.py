"""The admin's people list, forms and the rules a membership record keeps."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from members.models import Organisation, Person
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _form_data(person=None, **changes):
    data = {
        "name": "Jo Bloggs",
        "job_title": "Safeguarding Lead",
        "email": "jo.bloggs@example.org",
        "phone": "",
        "organisation": "",
        "role": "representative",
        "deputy_for": "",
        "term_start": "2025-01-01",
        "term_end": "",
    }
    if person is not None:
        data.update(
            name=person.name,
            email=person.email,
            organisation=person.organisation_id or "",
            role=person.role,
            deputy_for=person.deputy_for_id or "",
            term_start=person.term_start.isoformat(),
            version=person.version,
        )
    data.update(changes)
    return data


def test_admin_adds_a_member_of_an_organisation(admin_client):
    organisation = OrganisationFactory(name="Westgate High School")
    response = admin_client.post(reverse("members:person_create"), _form_data(organisation=organisation.pk))
    person = Person.objects.get(email="jo.bloggs@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:person_detail", args=[person.pk])
    assert person.organisation == organisation
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.CREATE).count() == 1


def test_an_individual_can_be_a_member_without_an_organisation(admin_client):
    admin_client.post(reverse("members:person_create"), _form_data(role="adviser"))
    assert Person.objects.get(email="jo.bloggs@example.org").organisation is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"term_end": "2024-12-31"}, "The end of the term must be on or after its start."),
        ({"role": "deputy"}, "Choose the representative this person is a deputy for."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(admin_client, changes, message):
    response = admin_client.post(reverse("members:person_create"), _form_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Person.objects.filter(name="Jo Bloggs").exists()


def test_a_deputy_must_be_from_the_same_organisation_as_their_representative(admin_client):
    representative = PersonFactory(name="Rita Rep", organisation__name="Northshire Police")
    other = OrganisationFactory(name="Northport College")
    response = admin_client.post(
        reverse("members:person_create"),
        _form_data(organisation=other.pk, role="deputy", deputy_for=representative.pk),
    )
    assert "a deputy must be from the same organisation" in response.content.decode()
    assert not Person.objects.filter(name="Jo Bloggs").exists()
    ok = admin_client.post(
        reverse("members:person_create"),
        _form_data(organisation=representative.organisation_id, role="deputy", deputy_for=representative.pk),
    )
    assert ok.status_code == 302
    assert Person.objects.get(name="Jo Bloggs").deputy_for == representative


def test_the_partnership_has_one_chair(admin_client):
    PersonFactory(name="Dr Helen Carter", role="chair")
    response = admin_client.post(reverse("members:person_create"), _form_data(role="chair"))
    assert "Dr Helen Carter is already the chair" in response.content.decode()
    assert Person.objects.filter(role="chair").count() == 1


def test_two_current_members_cannot_share_an_email(admin_client):
    PersonFactory(name="First Person", email="shared@example.org")
    response = admin_client.post(reverse("members:person_create"), _form_data(email="Shared@example.org"))
    assert "already belongs to a current member, First Person" in response.content.decode()


def test_an_edit_saved_by_someone_else_meanwhile_is_shown_not_overwritten(admin_client):
    person = PersonFactory(job_title="Old title")
    stale = _form_data(person, job_title="My title")
    Person.objects.filter(pk=person.pk).update(job_title="Their title", version=person.version + 1)
    response = admin_client.post(reverse("members:person_edit", args=[person.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in page
    assert "Their title" in page
    assert 'value="My title"' in page
    person.refresh_from_db()
    assert person.job_title == "Their title"


def test_ending_a_membership_keeps_the_record_and_closes_the_partner_login(admin_client, partner_user):
    person = partner_user.person
    response = admin_client.post(reverse("members:person_end", args=[person.pk]), {"end_date": "2026-03-03"})
    assert response.status_code == 302
    person.refresh_from_db()
    partner_user.refresh_from_db()
    assert person.status == Person.Status.FORMER
    assert person.term_end == datetime.date(2026, 3, 3)
    assert not partner_user.is_active
    page = admin_client.get(reverse("members:person_detail", args=[person.pk])).content.decode()
    assert "Changed: status, term end" in page


def test_a_membership_cannot_end_before_it_started(admin_client):
    person = PersonFactory(term_start=datetime.date(2025, 6, 1))
    response = admin_client.post(reverse("members:person_end", args=[person.pk]), {"end_date": "2025-01-01"})
    assert "on or after the start of their term" in response.content.decode()
    person.refresh_from_db()
    assert person.status == Person.Status.ACTIVE


def test_people_list_searches_and_filters(admin_client):
    school = OrganisationFactory(name="Ferndale Special School", sector="special_school")
    charity = OrganisationFactory(name="Eastside Community Association", sector="voluntary_community")
    PersonFactory(name="Morag Stewart", organisation=school, status="former")
    PersonFactory(name="Ruth Adeyemi", organisation=charity, role="observer")
    PersonFactory(name="Sam Patel", organisation=school)

    def names(**params):
        page = admin_client.get(reverse("members:people"), params).content.decode()
        return {name for name in ["Morag Stewart", "Ruth Adeyemi", "Sam Patel"] if name in page}

    assert names(q="ferndale") == {"Morag Stewart", "Sam Patel"}
    assert names(status="former") == {"Morag Stewart"}
    assert names(role="observer") == {"Ruth Adeyemi"}
    assert names(sector="voluntary_community") == {"Ruth Adeyemi"}
    assert names(duty="yes") == {"Morag Stewart", "Sam Patel"}


def test_people_list_paginates(admin_client):
    organisation = OrganisationFactory()
    Person.objects.bulk_create(
        Person(name=f"Member {n:03}", email=f"m{n}@example.org", organisation=organisation) for n in range(60)
    )
    first = admin_client.get(reverse("members:people")).content.decode()
    assert "Member 000" in first
    assert "Member 055" not in first
    second = admin_client.get(reverse("members:people"), {"page": 2}).content.decode()
    assert "Member 055" in second
    assert 'aria-label="Pagination"' in second


def test_people_pagination_links_the_ends_and_two_pages_either_side(admin_client):
    import math
    import re

    organisation = OrganisationFactory()
    Person.objects.bulk_create(
        Person(name=f"Member {n:04}", email=f"m{n}@example.org", organisation=organisation) for n in range(1000)
    )
    last = math.ceil(Person.objects.count() / 50)  # an admin sees everyone
    page = admin_client.get(reverse("members:people"), {"page": 10}).content.decode()
    items = re.findall(r'aria-label="Page (\d+)"|(&ctdot;)', page)
    assert [number or "…" for number, _ in items] == ["1", "…", "8", "9", "10", "11", "12", "…", str(last)]
    assert 'aria-label="Page 10" aria-current="page"' in page


def _bulk_people(count):
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Org {n}", sector="secondary_school", has_prevent_duty=True) for n in range(20)
    )
    Person.objects.bulk_create(
        Person(
            name=f"Person {n}",
            email=f"p{n}@example.org",
            organisation=organisations[n % 20],
            role="representative" if n % 3 else "observer",
            status="active" if n % 5 else "former",
            term_start=timezone.localdate(),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [20, 2000])
def test_people_list_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    _bulk_people(count)
    admin_client.get(reverse("members:people"))  # warm the session
    # session, user, count, one page of people (organisation and deputy joined), then the session save (3)
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(8):
        response = admin_client.get(reverse("members:people"), {"status": "active", "page": 1})
    assert response.status_code == 200


def test_people_export_is_a_formula_escaped_csv_of_the_filtered_list(admin_client):
    PersonFactory(name="=HYPERLINK(1)", email="formula@example.org")
    PersonFactory(name="Gone Person", status="former")
    response = admin_client.get(reverse("members:people_export"), {"status": "active"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body
    assert "Gone Person" not in body


def test_admin_gives_a_member_a_partner_sign_in_with_a_one_time_link(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="new.partner@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("members:person_invite", args=[person.pk]))
    person.refresh_from_db()
    assert person.user.email == "new.partner@example.org"
    assert person.user.is_partner
    assert not person.user.has_usable_password()
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_the_filters_keep_what_was_chosen(admin_client):
    page = admin_client.get(reverse("members:people"), {"sector": "police", "status": "former"}).content.decode()
    assert '<option value="police" selected>' in page
    assert '<option value="former" selected>' in page
    assert page.count(" selected>") == 2
    assert '<select class="govuk-select" id="id_sector" name="sector">' in page
