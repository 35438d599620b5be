"""Every free-text field a person types is checked for case data, through one form mixin, and nothing is written to
the audit trail while a form validates: the services that save record a confirmation."""

import importlib
import pkgutil

import pytest
from auditlog.models import LogEntry
from django import forms
from django.urls import reverse
from django.utils import timezone

from assurance import services
from assurance.models import AssessmentCycle
from common.casedata import CaseDataCheck, free_text_fields
from meetings.forms import AgendaItemForm, MeetingForm
from meetings.models import AgendaItem, Meeting
from members.models import JoinRequest
from tests.meetings.factories import GroupFactory, MeetingFactory

APPS = ("common", "members", "meetings", "actionplans", "assurance", "outbox", "dutyreturns", "governance")

# Forms with free text that is never stored as a record of the partnership, each with the reason.
NOT_CHECKED = {
    "members.account_forms.LoginForm": "signing in: the email and password are not kept as text",
    "members.account_forms.PasswordResetForm": "an email address to send a link to",
    "members.two_factor_views.CodeForm": "a one-time code",
    "members.audit_views.AuditFilterForm": "a search of the audit trail, not stored",
    "members.forms._FilterForm": "a search of the member lists, not stored",
    "members.forms.PeopleFilterForm": "a search of the member lists, not stored",
    "members.forms.DirectorySearchForm": "a search of the member directory, not stored",
    "members.forms.OrganisationFilterForm": "a search of the organisations, not stored",
    "assurance.forms.EvidenceSearchForm": "a search of the app's records, not stored",
    "meetings.forms.ReminderOffsetsForm": "numbers of days, parsed into numbers",
    "governance.forms.RegisterFilterForm": "a search of the decision register, not stored",
    "common.redaction.RedactForm": "the passage to take out of a record: case data by definition, never stored",
}


def _our_form_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module.name or ".management" in module.name or module.name.endswith(".demo"):
                continue
            importlib.import_module(module.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return [cls for cls in seen if cls.__module__.split(".")[0] in APPS]


def test_every_form_with_free_text_uses_the_case_data_mixin():
    classes = _our_form_classes()
    assert len(classes) > 40, "the walk finds the app's forms"
    unchecked = []
    for cls in classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name in NOT_CHECKED or issubclass(cls, CaseDataCheck):
            continue
        fields = list(free_text_fields(cls.base_fields))
        if fields:
            unchecked.append(f"{name}: {', '.join(fields)}")
    assert unchecked == []


def test_the_list_of_unchecked_forms_names_only_forms_that_exist():
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in _our_form_classes()}
    assert set(NOT_CHECKED) <= names


def test_a_checked_forms_exempt_fields_are_its_own():
    for cls in _our_form_classes():
        if issubclass(cls, CaseDataCheck):
            assert set(cls.case_data_exempt) <= set(cls.base_fields), cls


JAMIE = "Jamie Smith (15) was referred to Channel in November"


@pytest.mark.django_db
def test_the_join_forms_reason_refuses_case_data_and_offers_no_confirmation(client):
    data = {
        "name": "Amina Warsame",
        "email": "amina@example.org",
        "kind": "individual",
        "reason": f"I want to help. {JAMIE}.",
        "consent": "on",
        "website": "",
        "case_data_confirmed": "on",
        "case_data_reason": "It is fine",
    }
    response = client.post(reverse("members:join"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "looks like it contains case data about a person: a name with an age" in page
    assert 'name="case_data_confirmed"' not in page
    assert not JoinRequest.objects.exists()


@pytest.mark.django_db
def test_the_public_assurance_summary_refuses_case_data_until_confirmed(admin_client, admin_user):
    cycle = services.cycle_start(year_label="2025/26")
    AssessmentCycle.objects.filter(pk=cycle.pk).update(status=AssessmentCycle.Status.SIGNED_OFF)
    url = reverse("assurance:publish", args=[cycle.pk])
    summary = "We meet the duty. Referral of Jamie Smith, aged 15, of 12 Oak Road, to Channel."

    refused = admin_client.post(url, {"published": "on", "public_summary": summary})

    assert refused.status_code == 200
    assert "<mark" in refused.content.decode()
    cycle.refresh_from_db()
    assert not cycle.summary_published and cycle.public_summary == ""


@pytest.mark.django_db
def test_an_agenda_item_title_is_checked(admin_client):
    meeting = MeetingFactory()
    url = reverse("meetings:item_add", args=[meeting.pk])
    data = {"title": JAMIE, "purpose": "information", "marking": "official"}

    refused = admin_client.post(url, data)

    assert refused.status_code == 200
    assert "Title looks like it contains case data about a person" in refused.content.decode()
    assert not AgendaItem.objects.filter(title=JAMIE).exists()


@pytest.mark.django_db
def test_the_assessment_narrative_is_checked(admin_client):
    from tests.assurance.conftest import first

    cycle = services.cycle_start(year_label="2026/27")
    assessment = first(cycle)
    url = reverse("assurance:assessment", args=[cycle.pk, assessment.pk])
    data = {"rating": "met", "narrative": f"Case: {JAMIE}.", "confidence": "high", "not_applicable_reason": ""}

    refused = admin_client.post(url, data)

    assert refused.status_code == 200
    assert "Current position looks like it contains case data about a person" in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.narrative == ""


@pytest.mark.django_db
def test_validating_a_confirmed_form_writes_no_audit_entry_the_service_does(admin_user):
    meeting = MeetingFactory()
    data = {
        "title": "Visit to PL1 2AA",
        "purpose": "information",
        "marking": "official",
        "case_data_confirmed": "on",
        "case_data_reason": "The venue's postcode",
    }
    form = AgendaItemForm(data)
    before = LogEntry.objects.count()

    assert form.is_valid(), form.errors
    assert LogEntry.objects.count() == before
    assert form.case_data.reason == "The venue's postcode"

    from meetings import services as meeting_services

    fields = form.edited_values()
    item = meeting_services.agenda_item_add(meeting, case_data=form.case_data, **fields)
    entry = LogEntry.objects.get_for_object(item).get(changes__has_key="case data confirmed")
    assert "The venue's postcode" in entry.changes["case data confirmed"][1]


@pytest.mark.django_db
def test_a_venues_postcode_has_a_field_of_its_own_that_is_not_stopped(admin_client):
    group = GroupFactory(is_main_board=True)
    data = {
        "group": group.pk,
        "title": "Partnership board",
        "date": (timezone.localdate() + timezone.timedelta(days=30)).isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Northport Civic Centre",
        "venue_postcode": "np1 1aa",
        "joining_link": "",
    }
    response = admin_client.post(reverse("meetings:create"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Partnership board")
    assert meeting.venue_postcode == "NP1 1AA"
    assert meeting.place == "Northport Civic Centre, NP1 1AA"


@pytest.mark.django_db
def test_a_postcode_typed_in_the_venues_name_is_still_caught():
    form = MeetingForm({"venue": "Civic Centre, NP1 1AA"})
    form.is_valid()
    assert "venue" in form.errors
    assert "venue_postcode" not in form.errors
