"""Membership emails, written at send time for the outbox.

Sign-in and password links are made when the email is sent, from a fresh token, and never stored: the
outbox row keeps only who it went to and when, so nothing an admin can read would let them sign in.
"""

from django.contrib.auth.tokens import default_token_generator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.email import build_message
from outbox import services as outbox

from .models import JoinRequest, Person, User


class Kind(models.TextChoices):
    """The members app's emails (registered with the outbox below); join kinds are named after their templates."""

    JOIN_RECEIPT = "join_receipt", "Application received"
    JOIN_NOTICE = "join_notice", "New application (to admins)"
    JOIN_APPROVED = "join_approved", "Application approved"
    JOIN_DECLINED = "join_declined", "Application declined"
    MEMBER_INVITATION = "member_invitation", "Sign-in invitation"
    PASSWORD_RESET = "password_reset", "Password reset link"


outbox.register_kinds(Kind)
JOIN_KINDS = (Kind.JOIN_RECEIPT, Kind.JOIN_NOTICE, Kind.JOIN_APPROVED, Kind.JOIN_DECLINED)


def set_password_path(user):
    """A one-time link: Django's password-reset token stops working once the password is set, or after 24 hours."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


# Adding rows (inside the service's transaction; sent once it commits) -----------------------------


def join_submitted_enqueue(join_request):
    """The applicant's receipt, and a notice to each active admin."""
    outbox.email_enqueue(Kind.JOIN_RECEIPT, about=join_request, to_email=join_request.email, to_name=join_request.name)
    admins = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("email")
    for admin in admins:
        outbox.email_enqueue(
            Kind.JOIN_NOTICE, about=join_request, to_email=admin.email, to_name=admin.email, key=str(admin.pk)
        )


def join_decided_enqueue(join_request):
    kind = Kind.JOIN_APPROVED if join_request.status == JoinRequest.Status.APPROVED else Kind.JOIN_DECLINED
    outbox.email_enqueue(kind, about=join_request, to_email=join_request.email, to_name=join_request.name)


def member_invitation_enqueue(person):
    # An admin may send this again on purpose (a lost email): each request is its own row.
    outbox.email_enqueue(Kind.MEMBER_INVITATION, about=person, person=person, key=timezone.now().isoformat())


def password_reset_enqueue(user):
    outbox.email_enqueue(Kind.PASSWORD_RESET, about=user, to_email=user.email, to_name=user.email)


# Renderers --------------------------------------------------------------------------------------


def _about(batch, model, kinds, related=()):
    return batch.cached(model.__name__, lambda: model.objects.select_related(*related).in_bulk(batch.ids_about(*kinds)))


@outbox.renders(*JOIN_KINDS)
def render_join_email(delivery, batch):
    join_request = _about(batch, JoinRequest, JOIN_KINDS, ["person__user"]).get(delivery.about_id)
    if join_request is None:
        return None
    context = {"join_request": join_request}
    if delivery.kind == Kind.JOIN_NOTICE:
        context["path"] = reverse("members:join_request_detail", args=[join_request.pk])
    if delivery.kind == Kind.JOIN_APPROVED:
        user = join_request.person.user if join_request.person else None
        if user is None or not user.is_active:
            return None
        context["path"] = set_password_path(user)
    # The kinds are named after their templates: join_receipt, join_notice, join_approved, join_declined.
    return build_message(str(delivery.kind), to=delivery.to_email, context=context)


@outbox.renders(Kind.MEMBER_INVITATION)
def render_member_invitation(delivery, batch):
    person = _about(batch, Person, [Kind.MEMBER_INVITATION], ["user"]).get(delivery.about_id)
    if person is None or person.user is None or not person.user.is_active:
        return None
    return build_message(
        "member_invitation", to=person.user.email, context={"person": person, "path": set_password_path(person.user)}
    )


@outbox.renders(Kind.PASSWORD_RESET)
def render_password_reset(delivery, batch):
    user = _about(batch, User, [Kind.PASSWORD_RESET]).get(delivery.about_id)
    if user is None or not user.is_active:
        return None
    return build_message(
        "password_reset", to=user.email, context={"email": user.email, "path": set_password_path(user)}
    )
