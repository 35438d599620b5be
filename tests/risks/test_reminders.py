"""Review reminders to risk owners through the one outbox: before the review date and once it has passed, each
exactly once, whatever the number of sweeps; a new version of the assessment sends nothing again; failures are the
outbox's (retried, shown to admins)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from risks import services
from risks.models import Risk
from tests.factories import UserFactory

from .factories import RiskFactory, agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The one beat task: the outbox's sweep runs the register's planner among the others, then sends."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            send_due_emails.delay()

    return run


def _owned_risk(assessment, days):
    owner = UserFactory(role="partner", email="owner@example.org").person
    risk = RiskFactory(assessment=assessment, owner_organisation=owner.organisation, owner_officer=owner,
                       title="Stickers in the town centre")  # fmt: skip
    Risk.objects.filter(pk=risk.pk).update(review_date=timezone.localdate() + datetime.timedelta(days=days))
    risk.refresh_from_db()
    return risk


def test_an_owner_is_reminded_once_before_the_review_date(assessment, meeting, sweep):
    risk = _owned_risk(assessment, 10)
    sweep()
    assert mail.outbox == []  # a draft's risks are not yet the partnership's
    agree(assessment, meeting)
    sweep()
    sweep()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.org"]
    assert f"Risk {risk.reference} is due for review on" in message.subject
    # Email is an unprotected channel: the reference and a link, never the risk's words.
    assert "Stickers" not in message.subject + message.body and f"/risks/{risk.pk}/" in message.body


def test_an_overdue_review_is_chased_once(assessment, meeting, sweep):
    risk = _owned_risk(assessment, 20)
    agree(assessment, meeting)
    sweep()
    assert mail.outbox == []  # not yet within the reminder's two weeks
    Risk.objects.filter(pk=risk.pk).update(review_date=timezone.localdate() - datetime.timedelta(days=1))
    sweep()
    sweep()
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Risk review overdue"]


def test_a_new_version_of_the_assessment_sends_nothing_again(assessment, meeting, sweep):
    _owned_risk(assessment, 5)
    agree(assessment, meeting)
    sweep()
    draft = services.assessment_new_version(assessment=assessment)
    services.assessment_agree(assessment=draft, meeting=meeting)
    sweep()
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.count() == 1


def test_a_closed_risk_or_one_without_an_owner_is_not_reminded(assessment, meeting, sweep):
    closed = _owned_risk(assessment, 5)
    Risk.objects.filter(pk=closed.pk).update(status="closed")
    RiskFactory(assessment=assessment, review_date=timezone.localdate())
    agree(assessment, meeting)
    sweep()
    assert mail.outbox == []


def test_admins_see_each_reminder_on_the_emails_page(admin_client, assessment, meeting, sweep):
    risk = _owned_risk(assessment, 5)
    agree(assessment, meeting)
    sweep()
    page = admin_client.get(reverse("outbox:deliveries"), {"status": "all"}).content.decode()
    day = risk.review_date
    assert "Risk review reminder" in page and f"Review by {day.day} {day:%B %Y}" in page
