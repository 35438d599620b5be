"""Every email goes through the one outbox: claimed once, retried with backoff, recorded, sent again by an admin."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from members import services as member_services
from members.models import JoinRequest
from outbox import services as outbox
from outbox.models import EmailDelivery
from outbox.tasks import send_due_emails
from tests.members.factories import JoinRequestFactory

pytestmark = pytest.mark.django_db


def _submitted(email="amina@example.org"):
    """An application whose emails are in the outbox, not yet sent (the test's transaction never commits)."""
    join_request = JoinRequestFactory.build(email=email, name="Amina Warsame")
    return member_services.join_request_submit(join_request=join_request)


def _receipt(join_request):
    return EmailDelivery.objects.about(join_request).get(kind="join_receipt")


def test_an_application_adds_one_row_per_message_to_the_outbox(admin_user):
    join_request = _submitted()

    rows = EmailDelivery.objects.about(join_request).order_by("pk")
    assert [(r.kind, r.to_email, r.status) for r in rows] == [
        ("join_receipt", "amina@example.org", "pending"),
        ("join_notice", admin_user.email, "pending"),
    ]


def test_a_failing_send_is_retried_with_backoff_and_recorded(smtp_server, settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    receipt = _receipt(_submitted())
    smtp_server.stop()

    with pytest.raises(outbox.DeliveryFailed) as failure:
        outbox.deliveries_send([receipt.pk])

    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts, receipt.sent_at) == ("pending", 1, None)
    assert receipt.last_error
    assert receipt.not_before > timezone.now() + datetime.timedelta(seconds=50)
    assert failure.value.retry_ids == [receipt.pk] and failure.value.retry_in == 60
    assert outbox.deliveries_send([receipt.pk]).sent == 0  # not before its backoff has passed

    smtp_server.start()
    EmailDelivery.objects.filter(pk=receipt.pk).update(not_before=timezone.now())  # the backoff has passed
    assert outbox.deliveries_send([receipt.pk]).sent == 1

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "amina@example.org"
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts, receipt.last_error) == ("sent", 2, "")
    assert receipt.sent_at is not None
    assert receipt.subject == message["Subject"]


def test_a_row_claimed_by_another_sender_is_not_sent_twice(mailoutbox):
    receipt = _receipt(_submitted())

    # Another worker got there first: its claim is the conditional update every sender makes.
    claimed = EmailDelivery.objects.filter(pk=receipt.pk, status="pending").update(
        status="sending", claim=uuid.uuid4(), claimed_at=timezone.now()
    )

    assert claimed == 1
    assert outbox.deliveries_send([receipt.pk]).sent == 0
    assert mailoutbox == []


def test_a_sent_row_is_not_sent_again_by_a_repeated_task(mailoutbox):
    receipt = _receipt(_submitted())

    assert outbox.deliveries_send([receipt.pk]).sent == 1
    assert outbox.deliveries_send([receipt.pk]).sent == 0
    assert len(mailoutbox) == 1


def test_the_sweep_sends_any_apps_email_whose_task_was_lost(mailoutbox, admin_user):
    join_request = _submitted()  # its sending task was never queued: the transaction did not commit

    send_due_emails.delay()

    assert sorted(m.to[0] for m in mailoutbox) == sorted(["amina@example.org", admin_user.email])
    assert set(EmailDelivery.objects.about(join_request).values_list("status", flat=True)) == {"sent"}


def test_an_admin_sees_a_failed_join_receipt_and_sends_it_again(
    admin_client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    receipt = _receipt(_submitted())
    EmailDelivery.objects.filter(pk=receipt.pk).update(
        status="failed", attempts=settings.EMAIL_MAX_ATTEMPTS, last_error="SMTPRecipientsRefused: mailbox full"
    )

    page = admin_client.get(reverse("outbox:deliveries")).content.decode()
    assert "Application received" in page and "mailbox full" in page
    assert f'Send again<span class="govuk-visually-hidden"> to {escape("Amina Warsame")}' in page

    url = reverse("outbox:send_again", args=[receipt.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302 and response.url == reverse("outbox:deliveries")
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts) == ("sent", 1)
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
    assert "We have your application" in mailoutbox[0].subject

    again = admin_client.post(url, follow=True).content.decode()
    assert "may have been sent already" in again
    assert len(mailoutbox) == 1


def test_send_again_refuses_to_go_elsewhere(admin_client):
    receipt = _receipt(_submitted())
    EmailDelivery.objects.filter(pk=receipt.pk).update(status="failed")

    response = admin_client.post(reverse("outbox:send_again", args=[receipt.pk]), {"next": "https://evil.example/"})

    assert response.url == reverse("outbox:deliveries")


def test_send_again_goes_back_to_a_path_on_this_site_only(admin_client):
    receipt = _receipt(_submitted())
    url = reverse("outbox:send_again", args=[receipt.pk])
    for back, expected in [("/meetings/", "/meetings/"), ("meetings:list", None), ("junk", None)]:
        EmailDelivery.objects.filter(pk=receipt.pk).update(status="failed")
        response = admin_client.post(url, {"next": back})
        assert response.url == (expected or reverse("outbox:deliveries")), back


def test_only_admins_see_the_list_of_every_email(client, partner_client, admin_client):
    url = reverse("outbox:deliveries")
    assert client.get(url).status_code == 302
    assert partner_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_an_email_no_longer_wanted_is_skipped(mailoutbox):
    join_request = _submitted()
    receipt = _receipt(join_request)
    JoinRequest.objects.filter(pk=join_request.pk).delete()

    result = outbox.deliveries_send([receipt.pk])

    assert (result.sent, result.skipped) == (0, 1)
    receipt.refresh_from_db()
    assert receipt.status == "skipped"


@pytest.mark.parametrize("rows", [3, 40])
def test_the_list_of_every_email_runs_the_same_queries_at_any_size(admin_client, django_assert_num_queries, rows):
    for n in range(rows):
        EmailDelivery.objects.about(_submitted(f"applicant{n}@example.org")).update(status="failed")
    admin_client.get(reverse("outbox:deliveries"))  # warm the session

    # +1: the admin's second-factor device, read from the session (django-otp), as in production.
    with django_assert_num_queries(10):
        admin_client.get(reverse("outbox:deliveries"))


def test_anonymising_a_member_scrubs_their_name_and_address_from_the_outbox():
    join_request = _submitted()

    changed = outbox.deliveries_anonymise(person_id=None, emails=["amina@example.org"], label="Former member 7")

    assert changed == 1
    receipt = _receipt(join_request)
    assert (receipt.to_name, receipt.to_email) == ("Former member 7", "")


def _current_filter(page):
    """The text of the status filter marked as the one in force."""
    start = page.index('aria-current="true">') + len('aria-current="true">')
    return page[start : page.index("</strong>", start)]


def test_the_list_of_every_email_shows_the_default_filter_in_force_when_nothing_has_failed(admin_client):
    _submitted()  # emails waiting to send, none failed

    page = admin_client.get(reverse("outbox:deliveries")).content.decode()

    assert page.count('aria-current="true"') == 1
    assert _current_filter(page) == "Failed (0)"
    assert "Showing: Failed" in page
    assert "No emails with this status." in page
    assert 'href="?status=pending">Waiting to send (2)</a>' in page


@pytest.mark.parametrize("query", ["?status=all", "?status=nonsense", "?status="])
def test_asking_for_every_status_or_an_unknown_one_shows_all_in_force(admin_client, query):
    _submitted()

    page = admin_client.get(reverse("outbox:deliveries") + query).content.decode()

    assert _current_filter(page) == "All"
    assert "Showing: All" in page
    assert "amina@example.org" in page


def test_a_kind_filter_in_force_is_said_and_can_be_cleared(admin_client):
    _submitted()

    page = admin_client.get(reverse("outbox:deliveries") + "?status=pending&kind=join_receipt").content.decode()

    assert _current_filter(page) == "Waiting to send (1)"
    assert "Showing: Waiting to send, application received only" in page
    assert 'href="?status=pending">Show every kind of email</a>' in page


def test_an_app_adds_a_kind_of_email_without_touching_the_outbox(mailoutbox, admin_client):
    from django.core import mail
    from django.db import models

    from outbox import kinds

    class Kind(models.TextChoices):  # as a new app's emails.py declares its own
        RISK_REVIEW = "test_risk_review", "Risk review reminder"

    outbox.register_kinds(Kind)

    @outbox.renders(Kind.RISK_REVIEW)
    def render(delivery, batch):
        return mail.EmailMessage("Review your risk", "It is due.", "prevent@example.org", [delivery.to_email])

    try:
        row = outbox.email_enqueue(Kind.RISK_REVIEW, to_email="owner@example.org", to_name="Risk owner")
        assert outbox.deliveries_send([row.pk]).sent == 1
        assert [m.subject for m in mailoutbox] == ["Review your risk"]
        row.refresh_from_db()
        row.full_clean()  # the column is checked against the registry, not a list of choices in the outbox
        page = admin_client.get(reverse("outbox:deliveries") + "?status=all&kind=test_risk_review").content.decode()
        assert "Showing: All, risk review reminder only" in page
        assert '<option value="test_risk_review" selected>Risk review reminder</option>' in page
    finally:
        kinds._LABELS.pop(Kind.RISK_REVIEW)
        kinds._RENDERERS.pop(Kind.RISK_REVIEW)


def test_an_unregistered_kind_of_email_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValueError, match="not a registered kind"):
        outbox.email_enqueue("no_such_kind", to_email="someone@example.org")
    with pytest.raises(ValidationError):
        EmailDelivery(kind="no_such_kind", to_email="someone@example.org").full_clean()


def test_the_outbox_and_the_return_request_engine_import_no_app_above_them():
    import ast
    from pathlib import Path

    above = {"members", "meetings", "actionplans", "assurance"}
    root = Path(__file__).resolve().parents[2]
    for app, allowed in (("outbox", {"common", "outbox"}), ("returnrequests", {"common", "outbox", "returnrequests"})):
        for path in (root / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    top = name.split(".")[0]
                    assert top not in above or top in allowed, f"{path.relative_to(root)} imports {name}"
