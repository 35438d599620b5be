"""The register of interests (members keep their own, confirm yearly, admins see who has not, never public) and
declarations at meetings (recorded per item, shown in the minutes page and PDF, prompted on the agenda)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from common.pdf import html_to_pdf
from governance import emails
from governance.models import ConfirmationRound, Declaration, Interest, InterestConfirmation
from meetings import documents
from meetings import services as meeting_services
from meetings.models import GeneratedPdf
from outbox.models import EmailDelivery
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .factories import interest, present

pytestmark = pytest.mark.django_db


def test_a_partner_adds_an_interest_and_confirms_their_register(partner_client, partner_user):
    response = partner_client.post(
        reverse("governance:interest_add"),
        {"kind": "directorship", "body": "Northport Youth Trust", "starts_on": "2024-01-01", "ends_on": ""},
    )
    assert response.status_code == 302
    assert Interest.objects.get().person == partner_user.person
    partner_client.post(reverse("governance:interests_confirm"))
    assert InterestConfirmation.objects.filter(person=partner_user.person).exists()
    page = partner_client.get(reverse("governance:my_interests")).content.decode()
    assert "You confirmed your register" in page and "Northport Youth Trust" in page


def test_an_interest_ending_before_it_starts_is_refused_on_the_form_naming_the_field(partner_client):
    response = partner_client.post(
        reverse("governance:interest_add"),
        {"kind": "gift", "body": "Acme Ltd", "starts_on": "2025-05-01", "ends_on": "2025-04-01"},
    )
    assert response.status_code == 200
    assert "must be on or after the date it started" in response.content.decode()
    assert not Interest.objects.exists()


def test_a_partner_cannot_edit_another_members_interest(partner_client, other_partner_user):
    entry = interest(other_partner_user.person)
    assert partner_client.get(reverse("governance:interest_edit", args=[entry.pk])).status_code == 404


def test_the_register_is_read_by_members_and_admins_never_the_public(
    client, partner_client, admin_client, partner_user
):
    interest(partner_user.person, body="Northport Rowing Club")
    assert "Northport Rowing Club" in partner_client.get(reverse("governance:interests")).content.decode()
    assert "Northport Rowing Club" in admin_client.get(reverse("governance:interests")).content.decode()
    assert client.get(reverse("governance:interests")).status_code == 302
    assert "Northport Rowing Club" not in client.get(reverse("governance:public_register")).content.decode()


def test_admins_see_who_has_not_confirmed(admin_client, partner_user, other_partner_user):
    year = emails.confirmation_year() or timezone.localdate().year - 1
    InterestConfirmation.objects.create(person=other_partner_user.person, year=year)
    page = admin_client.get(reverse("governance:interests")).content.decode()
    unconfirmed = page.split('id="unconfirmed"')[1].split("Entries")[0]
    assert partner_user.person.name in unconfirmed and other_partner_user.person.name not in unconfirmed


def test_the_yearly_request_goes_once_to_each_member_who_has_not_confirmed(partner_user, other_partner_user):
    InterestConfirmation.objects.create(person=other_partner_user.person, year=2026)
    now = timezone.make_aware(datetime.datetime(2026, 4, 2, 9))
    assert emails.plan_confirmations(now=now) == 0  # nobody is emailed until an admin asks for the year
    ConfirmationRound.objects.create(year=2026)
    assert emails.plan_confirmations(now=now) >= 1
    emails.plan_confirmations(now=now)
    rows = EmailDelivery.objects.filter(kind="interests_confirm")
    assert rows.filter(person_id=partner_user.person.pk, key="2026").count() == 1
    assert not rows.filter(person_id=other_partner_user.person.pk).exists()
    assert emails.plan_confirmations(now=timezone.make_aware(datetime.datetime(2026, 3, 1, 9))) == 0


def _meeting_with_declaration(partner_user):
    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting, title="Declarations of interest", position=2)
    item = AgendaItemFactory(meeting=meeting, title="Funding for Northport Youth Trust", position=5)
    present(meeting, partner_user.person)
    entry = interest(partner_user.person)
    return meeting, item, entry


def test_an_admin_records_a_declaration_with_a_withdrawal_and_the_minutes_show_it(admin_client, partner_user):
    meeting, item, entry = _meeting_with_declaration(partner_user)
    response = admin_client.post(
        reverse("governance:meeting_declarations", args=[meeting.pk]),
        {"item": item.pk, "person": partner_user.person.pk, "interest": entry.pk, "text": "", "withdrew": "yes"},
    )
    assert response.status_code == 302
    assert Declaration.objects.get().withdrew
    version = meeting_services.minutes_start(meeting)
    page = admin_client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert page.count("Directorship: Northport Youth Trust") == 2  # under the item and at the declarations item
    assert "withdrew from the item" in page
    html = documents.minutes_html(version, GeneratedPdf.Kind.MINUTES_FULL)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(html_to_pdf(html))).pages)
    assert "Northport Youth Trust" in text and "withdrew from the item" in " ".join(text.split())
    public = documents.minutes_html(version, GeneratedPdf.Kind.MINUTES_PUBLIC)
    assert "Directorship: Northport Youth Trust" not in public


def test_a_declaration_for_someone_not_at_the_meeting_is_refused_on_the_page(
    admin_client, partner_user, other_partner_user
):
    meeting, item, _ = _meeting_with_declaration(partner_user)
    present(meeting, other_partner_user.person, attendance="absent")
    response = admin_client.post(
        reverse("governance:meeting_declarations", args=[meeting.pk]),
        {"item": item.pk, "person": other_partner_user.person.pk, "text": "Trustee", "withdrew": "no"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_member_is_prompted_on_the_agenda_when_an_item_names_their_interest(partner_client, partner_user):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Funding for Northport Youth Trust", position=5)
    present(meeting, partner_user.person, attendance="not_recorded")
    page = partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "You may need to declare an interest" not in page
    interest(partner_user.person)
    page = partner_client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "You may need to declare an interest" in page and "Item 5" in page


def test_an_admin_asks_for_the_years_confirmations_once(admin_client, partner_client, partner_user):
    year = emails.confirmation_year()
    if year is None:  # before 1 April there is no year to ask for yet
        assert b"Ask every member" not in admin_client.get(reverse("governance:interests")).content
        return
    ask = reverse("governance:confirmations_ask")
    assert partner_client.post(ask).status_code == 403
    assert not ConfirmationRound.objects.exists()
    page = admin_client.get(reverse("governance:interests")).content.decode()
    assert f"Ask every member to confirm their register for {year}" in page
    admin_client.post(ask)
    admin_client.post(ask)  # asked again: nothing more
    assert ConfirmationRound.objects.filter(year=year).count() == 1
    emails.plan_confirmations()
    assert EmailDelivery.objects.filter(kind="interests_confirm", person_id=partner_user.person.pk).count() == 1
    assert "Members were asked on" in admin_client.get(reverse("governance:interests")).content.decode()
