import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from members.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(role="admin", is_staff=True, is_superuser=True)
    signed_in_client(user, client)
    client.user = user
    return client


def test_a_change_made_in_the_browser_records_who_when_where_and_what(superuser_client):
    organisation = OrganisationFactory(name="Harbourside Primary School", website="")
    response = superuser_client.post(
        reverse("admin:members_organisation_change", args=[organisation.pk]),
        {
            "name": "Harbourside Primary Academy",
            "sector": organisation.sector,
            "has_prevent_duty": "on",
            "address": "",
            "website": "",
            "status": "active",
            "date_joined": organisation.date_joined.isoformat(),
        },
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == superuser_client.user
    assert entry.remote_addr == "198.51.100.7"
    assert entry.changes_dict["name"] == ["Harbourside Primary School", "Harbourside Primary Academy"]


def test_every_entry_and_the_lock_out_take_the_one_client_address_not_a_forged_header(
    settings, superuser_client, partner_client, partner_user
):
    """Behind one proxy the client is the address the proxy added (rightmost); what the client wrote to the left of
    it is forgeable. Change entries (auditlog's middleware), access entries and the lock-out all take the same one."""
    from axes.models import AccessAttempt
    from django.test import Client

    from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory

    settings.TRUSTED_PROXY_COUNT = 1
    through_proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}
    organisation = OrganisationFactory(name="Harbourside Primary School", website="")
    superuser_client.post(
        reverse("admin:members_organisation_change", args=[organisation.pk]),
        {"name": "Harbourside Primary Academy", "sector": organisation.sector, "has_prevent_duty": "on",
         "address": "", "website": "", "status": "active", "date_joined": organisation.date_joined.isoformat()},
        **through_proxy,
    )  # fmt: skip
    change = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE).get()
    assert change.remote_addr == "203.0.113.5"

    meeting = MeetingFactory(status="agenda_published")
    InvitationFactory(meeting=meeting, person=partner_user.person)
    AgendaItemFactory(meeting=meeting, confidential=True)
    partner_client.get(reverse("meetings:detail", args=[meeting.pk]), **through_proxy)
    access = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert access.remote_addr == "203.0.113.5"

    Client().post(reverse("login"), {"username": partner_user.email, "password": "wrong"}, **through_proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_admins_browse_and_filter_the_trail(admin_client):
    OrganisationFactory(name="Northport College")
    UserFactory()  # creates a user and a person: other record types
    page = admin_client.get(reverse("audit"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Northport College" in html
    ct = LogEntry.objects.get_for_model(Organisation).first().content_type_id
    filtered = admin_client.get(
        reverse("audit"), {"record_type": ct, "action": LogEntry.Action.CREATE}
    ).content.decode()
    assert "Northport College" in filtered
    assert "Person:" not in filtered


def test_partners_cannot_see_the_trail_and_the_public_is_sent_to_sign_in(client, partner_client):
    assert partner_client.get(reverse("audit")).status_code == 403
    assert client.get(reverse("audit")).status_code == 302


def test_nobody_can_delete_an_entry_even_in_the_back_office(superuser_client):
    OrganisationFactory()
    entry = LogEntry.objects.first()
    response = superuser_client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("rows", [5, 300])
def test_the_trail_costs_the_same_queries_for_few_or_many_entries(admin_client, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    UserFactory.create_batch(3)  # users and people, newest so on the first page: links to records cost a query a model
    # session, user, content types for the filter, count, page; the names of the organisations and users the
    # changes link to (one query per model, whatever the number of entries); the idle-timeout session save
    # (update inside a savepoint: 3)
    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(11):
        admin_client.get(reverse("audit"))


def test_what_changed_names_related_records_and_labels_not_raw_ids(admin_client):
    from tests.factories import PersonFactory

    before, after = OrganisationFactory(name="Northport College"), OrganisationFactory(name="Harbourside Academy")
    person = PersonFactory(organisation=before, role="representative")
    person.organisation = after
    person.role = "deputy"
    person.save()
    html = admin_client.get(reverse("audit"), {"action": LogEntry.Action.UPDATE}).content.decode()
    assert "<strong>Organisation</strong>: Northport College → Harbourside Academy" in html
    assert f"{before.pk} → {after.pk}" not in html
    assert "<strong>Role</strong>: Representative → Deputy" in html
