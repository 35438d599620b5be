"""Partner returns on the return-request engine: the Prevent lead is asked by email with a signed link once a period
nears its end, chased once after the due date, and the link takes the return once, without signing in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from dutyreturns import duty_returns, services
from dutyreturns.models import PartnerReturn
from outbox.tasks import send_due_emails
from returnrequests import services as returns
from returnrequests.models import ReturnRequest
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    """The one beat task: the outbox's sweep, which runs the return-request engine among its planners."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            send_due_emails.delay()

    return run


@pytest.fixture
def lead(db):
    return PersonFactory(organisation=OrganisationFactory(name="Harbour Academy"), email="lead@example.org")


def _fill(period, organisation):
    data = {"prevent_lead": organisation.people.first().pk}
    for p in services.products_for(organisation):
        data.update({f"p{p.pk}_in_scope": 30, f"p{p.pk}_completions": 4, f"p{p.pk}_in_date": 28})
    return data


def test_the_lead_is_asked_once_with_a_link_that_takes_the_return_once_without_signing_in(lead, period, daily, client):
    daily()
    daily()  # a second sweep asks nobody again
    asked = [m for m in mail.outbox if m.to == ["lead@example.org"]]
    assert len(asked) == 1 and "Prevent duty return for Last quarter" in asked[0].subject
    request = ReturnRequest.objects.get(kind=duty_returns.KIND)
    path = returns.link_url(request, absolute=False)
    assert path in asked[0].body
    response = client.post(path, _fill(period, lead.organisation))
    assert "Return sent" in response.content.decode()
    record = PartnerReturn.objects.get()
    assert record.organisation == lead.organisation and record.submitted_by_name == lead.name
    request.refresh_from_db()
    assert request.returned_at is not None and request.returned_via == "link"
    again = client.post(path, _fill(period, lead.organisation)).content.decode()
    assert PartnerReturn.objects.count() == 1 and "Thank you: this return is in" in again


def test_an_organisation_that_has_not_returned_is_chased_once_after_the_due_date(lead, period, daily):
    daily()
    request = ReturnRequest.objects.get(kind=duty_returns.KIND)
    ReturnRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now() - datetime.timedelta(days=6))
    daily()
    daily()
    chasers = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert len(chasers) == 1 and chasers[0].to == ["lead@example.org"]


def test_a_return_made_signed_in_ends_the_link(lead, period, daily, client):
    daily()
    request = ReturnRequest.objects.get(kind=duty_returns.KIND)
    services.return_save(organisation=lead.organisation, period=period, prevent_lead=lead, notes="", training={},
                         answers={})  # fmt: skip
    request.refresh_from_db()
    assert request.returned_at is not None and request.returned_via == "signed_in"
    page = client.get(returns.link_url(request, absolute=False)).content.decode()
    assert "Thank you: this return is in" in page and "Send the return" not in page
