"""No case data about individuals: free text that looks like a person's record is refused until confirmed."""

import pytest
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ProgressUpdate
from common import casedata
from common.templatetags.text import case_data_marked
from meetings.models import MinutesVersion
from tests.actionplans.factories import ActionFactory, PriorityFactory
from tests.factories import signed_in_client
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

VALID_NHS = "943 476 5919"  # passes the Modulus 11 check
BAD_CHECK_NHS = "943 476 5918"


def kinds(text):
    return [m.kind for m in casedata.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Young person, DOB 12/03/2009, lives locally",
        "born 12 March 2009",
        "Born on 3rd of June 2010 in Northport",
        "d.o.b. 1.3.09",
        "Date of birth: March 12, 2009",
        "12/03/2009 (d.o.b)",
    ],
)
def test_a_date_of_birth_is_found(text):
    assert kinds(text) == ["dob"]


@pytest.mark.parametrize(
    "text",
    [
        "The next meeting is on 12 March 2027.",
        "Agreed on 12/03/2027 to review the plan",
        "Doboz 12/03/2009",
        "Reborn 12 March 2009 as a new board",
    ],
)
def test_a_date_alone_is_not_a_date_of_birth(text):
    assert kinds(text) == []


@pytest.mark.parametrize("number", [VALID_NHS, "9434765919", "401 023 2137"])
def test_an_nhs_number_with_a_valid_check_digit_is_found(number):
    found = casedata.find(f"NHS no {number} referred")
    assert [m.kind for m in found] == ["nhs"]
    assert found[0].text == number


@pytest.mark.parametrize(
    "text",
    [
        BAD_CHECK_NHS,
        "1234567890",  # the check digit would be 10: never a valid NHS number
        "Call 01752 123456 or 020 7946 0018",
        "Ring 07700 900123",
        "Reference 94347659190",  # longer than ten digits
    ],
)
def test_phone_numbers_and_bad_check_digits_are_not_nhs_numbers(text):
    assert kinds(text) == []


def test_nhs_number_check_digit():
    assert casedata.nhs_number_is_valid("9434765919")
    assert not casedata.nhs_number_is_valid("9434765918")
    assert not casedata.nhs_number_is_valid("943476591")


@pytest.mark.parametrize("text", ["NI AB 12 34 56 C", "ni number ab123456d", "JG103759A"])
def test_a_national_insurance_number_is_found(text):
    assert kinds(text) == ["nino"]


@pytest.mark.parametrize(
    "text",
    [
        "BG123456A",  # prefix never issued
        "AB123456E",  # suffix beyond D
        "DA123456A",  # D is never a first letter
        "AO123456A",  # O is never a second letter
        "Project AB1234",
    ],
)
def test_invalid_national_insurance_numbers_are_not_found(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text", ["lives at PL1 2AA", "EC1A 1BB", "postcode m1 1ae", "W1A 0AX", "SW1A 2AA"])
def test_a_full_postcode_is_found(text):
    assert kinds(text) == ["postcode"]


@pytest.mark.parametrize("text", ["the PL1 area", "Plymouth", "Room 2AA", "item 12 agreed", "Q3 2027 review"])
def test_part_of_a_postcode_is_not_found(text):
    assert kinds(text) == []


def test_matches_carry_kind_and_span_and_are_highlighted_escaped():
    text = f"<b>x</b> DOB 12/03/2009, NHS {VALID_NHS}, PL1 2AA"
    found = casedata.find(text)
    assert [m.kind for m in found] == ["dob", "nhs", "postcode"]
    for match in found:
        assert text[match.start : match.end] == match.text
    html = case_data_marked(text, found)
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; ")
    assert f'<mark class="app-case-data">{VALID_NHS}</mark>' in html


def test_plain_minutes_are_not_case_data():
    assert casedata.find("Quorate. The board agreed the annual plan; next meeting 12 March 2027 at 10:00.") == []


def _client(user):
    client = signed_in_client(user)
    return client


def _audit_entries(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return LogEntry.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), changes__has_key="case data confirmed"
    )


@pytest.mark.django_db
def test_minutes_with_an_nhs_number_are_refused_highlighted_then_saved_with_a_confirmed_reason(admin_user):
    meeting = MeetingFactory(past=True)
    item = AgendaItemFactory(meeting=meeting, position=3, title="Referrals")
    client = _client(admin_user)
    client.post(reverse("meetings:minutes_start", args=[meeting.pk]))
    version = MinutesVersion.objects.get()
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    data = {"version": version.version, "summary": "Quorate.", f"item_{item.pk}": f"Discussed NHS {VALID_NHS}."}

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Notes on item 3. Referrals looks like it contains case data about a person: an NHS number" in page
    assert f'<mark class="app-case-data">{VALID_NHS}</mark>' in page
    assert 'name="case_data_confirmed"' in page and 'name="case_data_reason"' in page
    version.refresh_from_db()
    assert not version.notes.filter(text__contains=VALID_NHS).exists()

    ticked_without_reason = client.post(url, {**data, "case_data_confirmed": "on"})
    assert ticked_without_reason.status_code == 200
    assert "Enter the reason the text is not case data" in ticked_without_reason.content.decode()

    reason = "It is the switchboard's reference, not a person"
    saved = client.post(url, {**data, "case_data_confirmed": "on", "case_data_reason": reason})

    assert saved.status_code == 302
    assert version.notes.get(item=item).text == f"Discussed NHS {VALID_NHS}."
    entry = _audit_entries(version).get()
    assert reason in entry.changes["case data confirmed"][1]
    assert entry.actor == admin_user


@pytest.mark.django_db
def test_a_partners_progress_update_with_a_date_of_birth_needs_a_confirmed_reason(partner_user):
    action = ActionFactory(priority=PriorityFactory(), lead_organisation=partner_user.organisation)
    client = _client(partner_user)
    url = reverse("actionplans:action_update", args=[action.pk])
    data = {
        "date": timezone.localdate().isoformat(),
        "narrative": "Visited the family, child born 12 March 2009",
        "status": "on_track",
        "percent_complete": 40,
    }

    refused = client.post(url, data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Progress since the last update looks like it contains case data about a person: a date of birth" in page
    assert '<mark class="app-case-data">born 12 March 2009</mark>' in page
    assert not ProgressUpdate.objects.exists()

    saved = client.post(url, {**data, "case_data_confirmed": "on", "case_data_reason": "The school's founding date"})

    assert saved.status_code == 302
    assert ProgressUpdate.objects.get().narrative == data["narrative"]
    assert "The school's founding date" in _audit_entries(action).get().changes["case data confirmed"][1]


@pytest.mark.django_db
def test_the_paper_upload_page_says_papers_are_not_checked(admin_user):
    item = AgendaItemFactory(meeting=MeetingFactory())
    page = _client(admin_user).get(reverse("meetings:paper_upload", args=[item.pk])).content.decode()
    assert "Papers are not checked for case data" in page


def test_a_decision_that_looks_like_case_data_is_shown_highlighted_and_saved_once_confirmed(admin_client):
    from meetings import services as meeting_services
    from meetings.models import Decision
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting, title="Referrals")
    meeting_services.minutes_start(meeting)
    url = reverse("meetings:decision_add", args=[meeting.pk])
    text = "Agreed to follow up the young person born 12/03/2009 at PL1 2AA"
    response = admin_client.post(url, {"text": text, "kind": "decision", "item": ""})
    assert response.status_code == 400
    assert "<mark" in response.content.decode()
    assert not Decision.objects.exists()


class _NotesForm(casedata.CaseDataCheck, forms.Form):
    notes = forms.CharField(widget=forms.Textarea)


def test_a_prefixed_form_draws_and_reads_its_confirmation_under_its_prefix():
    refused = _NotesForm({"extra-notes": f"NHS {VALID_NHS}"}, prefix="extra")
    assert not refused.is_valid()
    page = render_to_string("includes/case_data.html", {"form": refused})
    for name in ("extra-case_data_confirmed", "extra-case_data_reason"):
        assert f'name="{name}"' in page and f'id="id_{name}"' in page and f'for="id_{name}"' in page

    confirmed = _NotesForm(
        {"extra-notes": f"NHS {VALID_NHS}", "extra-case_data_confirmed": "on", "extra-case_data_reason": "A test"},
        prefix="extra",
    )
    assert confirmed.is_valid()
    assert confirmed.case_data_confirmation == "A test"


@pytest.mark.django_db
def test_a_confirmed_new_decision_records_the_confirmation_on_the_decision(admin_client):
    from meetings import services as meeting_services
    from meetings.models import Decision

    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting, title="Referrals")
    meeting_services.minutes_start(meeting)
    text = "Agreed to follow up the young person born 12/03/2009 at PL1 2AA"
    confirmed = {"case_data_confirmed": "on", "case_data_reason": "The postcode is the venue's"}
    url = reverse("meetings:decision_add", args=[meeting.pk])

    admin_client.post(url, {"text": text, "kind": "decision", "item": "", **confirmed})

    decision = Decision.objects.get()
    assert decision.text == text
    assert "The postcode is the venue's" in _audit_entries(decision).get().changes["case data confirmed"][1]


@pytest.mark.django_db
def test_a_confirmed_new_meeting_action_records_the_confirmation_on_the_action(admin_client, partner_user):
    meeting = MeetingFactory(past=True)
    data = {"description": "Ring the family at PL1 2AA", "owner": partner_user.person.pk, "due_date": "2031-01-10"}
    url = reverse("meetings:action_add", args=[meeting.pk])
    assert admin_client.post(url, {**data, "item": ""}).status_code == 200  # refused until confirmed

    saved = admin_client.post(
        url, {**data, "item": "", "case_data_confirmed": "on", "case_data_reason": "The venue's postcode"}
    )

    assert saved.status_code == 302
    action = meeting.actions.get()
    assert action.description == data["description"]
    assert "The venue's postcode" in _audit_entries(action).get().changes["case data confirmed"][1]


@pytest.mark.django_db
def test_a_confirmed_new_plan_action_records_the_confirmation_on_the_action(admin_client, admin_user):
    priority = PriorityFactory(plan__status="draft")
    data = {
        "reference": "1.1",
        "description": "Visit the pupil born 12/03/2009",
        "lead_organisation": admin_user.organisation.pk,
        "start_date": "2032-04-01",
        "due_date": "2032-09-30",
        "status": "not_started",
        "percent_complete": 0,
        "weight": 1,
        "marking": "official",
        "version": 1,
    }
    url = reverse("actionplans:action_create", args=[priority.pk])
    assert admin_client.post(url, data).status_code == 200  # refused until confirmed

    saved = admin_client.post(url, {**data, "case_data_confirmed": "on", "case_data_reason": "The school's founding"})

    assert saved.status_code == 302
    action = priority.actions.get()
    assert action.description == data["description"]
    assert "The school's founding" in _audit_entries(action).get().changes["case data confirmed"][1]
