"""Membership emails. Each task takes a primary key, claims its row so a retry never sends twice, then sends."""

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.email import send_email

from .models import JoinRequest, Person, User


def _claim(pk, field):
    """True if this call is the one that sends: a conditional update that changes exactly one row."""
    return JoinRequest.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1


@shared_task
def send_join_receipt(join_request_id):
    if not _claim(join_request_id, "receipt_sent_at"):
        return
    join_request = JoinRequest.objects.get(pk=join_request_id)
    send_email("join_receipt", to=join_request.email, context={"join_request": join_request})


@shared_task
def send_join_notice(join_request_id):
    if not _claim(join_request_id, "notice_sent_at"):
        return
    join_request = JoinRequest.objects.get(pk=join_request_id)
    admins = list(
        User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("email").values_list("email", flat=True)
    )
    if admins:
        path = reverse("members:join_request_detail", args=[join_request.pk])
        send_email("join_notice", to=admins, context={"join_request": join_request, "path": path})


def set_password_path(user):
    """A one-time link: Django's password-reset token stops working once the password is set, or after 24 hours."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@shared_task
def send_join_approved(join_request_id):
    if not _claim(join_request_id, "decision_sent_at"):
        return
    join_request = JoinRequest.objects.select_related("person__user").get(pk=join_request_id)
    path = set_password_path(join_request.person.user)
    send_email("join_approved", to=join_request.email, context={"join_request": join_request, "path": path})


@shared_task
def send_member_invitation(person_id):
    # An admin may send this again on purpose (a lost email), so there is no claim: each call is one request.
    person = Person.objects.select_related("user").get(pk=person_id)
    if person.user is None:
        return
    send_email(
        "member_invitation", to=person.user.email, context={"person": person, "path": set_password_path(person.user)}
    )


@shared_task
def send_join_declined(join_request_id):
    if not _claim(join_request_id, "decision_sent_at"):
        return
    join_request = JoinRequest.objects.get(pk=join_request_id)
    send_email("join_declined", to=join_request.email, context={"join_request": join_request})
