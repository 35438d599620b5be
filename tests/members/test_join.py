"""Joining: the public form, spam defences, duplicates, and the admin's approve or decline."""

import re

import pytest
from django.urls import reverse

from members.models import JoinRequest, Organisation, Person, User
from outbox.models import EmailDelivery
from tests.factories import PASSWORD, signed_in_client
from tests.members.factories import JoinRequestFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _application(**changes):
    data = {
        "name": "Amina Warsame",
        "email": "Amina.Warsame@example.org",
        "phone": "",
        "job_title": "Coordinator",
        "kind": "organisation",
        "organisation_name": "Northport Somali Women's Network",
        "sector": "voluntary_community",
        "reason": "To make sure women's voices are heard.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_an_application_is_saved_and_both_sides_are_emailed_after_commit(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:join"), _application())
    assert response.status_code == 302
    assert response["Location"] == reverse("members:join_sent")
    request = JoinRequest.objects.get()
    assert request.email == "amina.warsame@example.org"
    assert request.is_pending
    assert [message.to for message in mailoutbox] == [["amina.warsame@example.org"], [admin_user.email]]
    assert "We have your application" in mailoutbox[0].subject
    assert reverse("members:join_request_detail", args=[request.pk]) in mailoutbox[1].body


def test_the_applicants_consent_is_kept_and_shown_to_the_admin(client, admin_user):
    client.post(reverse("members:join"), _application())
    request = JoinRequest.objects.get()
    assert request.consent is True
    signed_in_client(admin_user, client)
    page = client.get(reverse("members:join_request_detail", args=[request.pk])).content.decode()
    assert re.search(r"Consent to store details</dt>\s*<dd[^>]*>Given</dd>", page)


def test_a_retried_email_task_does_not_send_twice(client, admin_user, mailoutbox, django_capture_on_commit_callbacks):
    from outbox.tasks import send_deliveries

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join"), _application())
    send_deliveries(list(EmailDelivery.objects.values_list("pk", flat=True)))
    assert len(mailoutbox) == 2
    assert set(EmailDelivery.objects.values_list("kind", "status", "to_email", "attempts")) == {
        ("join_receipt", "sent", "amina.warsame@example.org", 1),
        ("join_notice", "sent", admin_user.email, 1),
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"consent": ""}, "Agree to us storing your details"),
        ({"organisation_name": ""}, "Enter the name of your organisation"),
        ({"kind": ""}, "Select whether you are joining for an organisation or as an individual"),
    ],
)
def test_a_bad_application_is_explained_and_not_saved(client, changes, message):
    response = client.post(reverse("members:join"), _application(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_an_individual_needs_no_organisation(client):
    client.post(reverse("members:join"), _application(kind="individual", organisation_name="", sector=""))
    assert JoinRequest.objects.get().kind == "individual"


def test_the_form_links_to_the_privacy_notice_and_hides_the_honeypot(client):
    page = client.get(reverse("members:join")).content.decode()
    assert f'href="{reverse("privacy")}"' in page
    assert 'class="govuk-visually-hidden"' in page
    assert "Leave this field empty" in page
    assert 'tabindex="-1"' in page


def test_a_robot_that_fills_the_honeypot_is_thanked_but_nothing_is_saved(client, mailoutbox):
    response = client.post(reverse("members:join"), _application(website="https://spam.example"))
    assert response.status_code == 302
    assert not JoinRequest.objects.exists()
    assert mailoutbox == []


def test_too_many_applications_from_one_address_are_refused(client, settings):
    settings.JOIN_RATE_LIMIT = 2
    for n in range(2):
        client.post(reverse("members:join"), _application(email=f"a{n}@example.org"))
    response = client.post(reverse("members:join"), _application(email="a3@example.org"))
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert JoinRequest.objects.count() == 2


def test_a_second_application_from_the_same_email_is_caught_and_shown(client):
    JoinRequestFactory(email="amina.warsame@example.org")
    response = client.post(reverse("members:join"), _application())
    assert "We already have an application from this email address" in response.content.decode()
    assert JoinRequest.objects.count() == 1


def test_the_admin_sees_that_an_applicant_is_already_known(admin_client):
    PersonFactory(name="Amina Former", email="amina@example.org", status="former")
    request = JoinRequestFactory(email="amina@example.org")
    page = admin_client.get(reverse("members:join_request_detail", args=[request.pk])).content.decode()
    assert "This email address is already known" in page
    assert "Amina Former" in page


def test_approving_creates_the_organisation_member_and_login_and_the_link_sets_a_password(
    admin_client, client, mailoutbox, django_capture_on_commit_callbacks
):
    request = JoinRequestFactory(
        name="Amina Warsame", email="amina@example.org", organisation_name="Somali Women's Network"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("members:join_request_approve", args=[request.pk]), {"role": "representative"}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    person = request.person
    assert request.status == JoinRequest.Status.APPROVED
    assert person.status == Person.Status.ACTIVE
    assert person.organisation.name == "Somali Women's Network"
    assert person.organisation.sector == "voluntary_community"
    assert person.user.is_partner
    assert not person.user.has_usable_password()

    assert len(mailoutbox) == 1
    delivery = EmailDelivery.objects.about(request).get()
    assert (delivery.kind, delivery.status, delivery.to_email) == ("join_approved", "sent", "amina@example.org")
    link = re.search(r"http://\S+/accounts/reset/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    set_password = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert set_password.status_code == 200
    signed_in = client.post(reverse("login"), {"username": "amina@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    # The link works once.
    assert "This link has expired or has been used" in client.get("/" + path, follow=True).content.decode()


def test_approving_can_link_an_existing_organisation(admin_client, django_capture_on_commit_callbacks):
    college = OrganisationFactory(name="Northport College")
    request = JoinRequestFactory(organisation_name="N. College")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("members:join_request_approve", args=[request.pk]), {"organisation": college.pk, "role": "deputy"}
        )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING  # a deputy needs a named representative
    admin_client.post(
        reverse("members:join_request_approve", args=[request.pk]), {"organisation": college.pk, "role": "observer"}
    )
    request.refresh_from_db()
    assert request.person.organisation == college
    assert not Organisation.objects.filter(name="N. College").exists()


def test_approving_someone_already_a_current_member_is_refused(admin_client):
    PersonFactory(email="twice@example.org")
    request = JoinRequestFactory(email="twice@example.org")
    response = admin_client.post(reverse("members:join_request_approve", args=[request.pk]), {"role": "observer"})
    assert response.status_code == 400
    assert "already belongs to a current member" in response.content.decode()
    request.refresh_from_db()
    assert request.is_pending
    assert User.objects.filter(email="twice@example.org").count() == 0


def test_declining_needs_a_reason_which_is_emailed(admin_client, mailoutbox, django_capture_on_commit_callbacks):
    request = JoinRequestFactory(email="no@example.org")
    response = admin_client.post(reverse("members:join_request_decline", args=[request.pk]), {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("members:join_request_decline", args=[request.pk]), {"reason": "Outside the city's area."}
        )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert mailoutbox[0].to == ["no@example.org"]
    assert "Outside the city's area." in mailoutbox[0].body
    assert EmailDelivery.objects.about(request).get().kind == "join_declined"


def test_a_decided_application_cannot_be_decided_again(admin_client):
    request = JoinRequestFactory(status=JoinRequest.Status.DECLINED)
    response = admin_client.post(reverse("members:join_request_approve", args=[request.pk]), {"role": "observer"})
    assert "already been decided" in response.content.decode()
    assert not Person.objects.filter(email=request.email).exists()


def test_admin_dashboard_counts_pending_applications(admin_client):
    JoinRequestFactory()
    assert "1</strong> waiting for a decision" in admin_client.get("/").content.decode()


def test_mistakes_do_not_count_towards_the_rate_limit(client, settings):
    settings.JOIN_RATE_LIMIT = 1
    for _ in range(3):
        client.post(reverse("members:join"), _application(email="bad"))
    assert client.post(reverse("members:join"), _application()).status_code == 302
    assert JoinRequest.objects.count() == 1


def test_behind_a_proxy_the_limit_counts_each_client_address(client, settings):
    settings.JOIN_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("members:join")
    first = client.post(url, _application(email="a@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.post(url, _application(email="b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.2")
    # A made-up address on the left does not help the same client.
    again = client.post(url, _application(email="c@example.org"), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1")
    assert [first.status_code, second.status_code, again.status_code] == [302, 302, 429]


def test_an_organisation_that_left_and_applies_again_is_reopened(admin_client, django_capture_on_commit_callbacks):
    old = OrganisationFactory(name="Eastside Community Association", status=Organisation.Status.LEFT)
    request = JoinRequestFactory(organisation_name="eastside community association")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("members:join_request_approve", args=[request.pk]), {"role": "representative"})
    old.refresh_from_db()
    assert old.status == Organisation.Status.ACTIVE
    assert Person.objects.get(email=request.email).organisation == old
