"""Signed reply links: one link per (invitation, answer), usable without signing in, until the meeting ends.

The payload carries the invitation id, the intended answer, the invitation's `reply_token` (rotate it
to revoke links already sent) and an expiry. The signature uses a salt for this purpose only, so a
token made for anything else never verifies here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Invitation

SALT = "meetings.invitation-reply"
ANSWERS = (Invitation.Reply.ATTENDING, Invitation.Reply.APOLOGIES, Invitation.Reply.DEPUTY)


class ReplyLinkError(Exception):
    """The link cannot be used; the message says why, in words for the person holding it."""


@dataclass(frozen=True)
class ReplyClaim:
    invitation: Invitation
    answer: str


def make_token(invitation, answer):
    expires = int(invitation.meeting.ends_at.timestamp())
    return signing.dumps({"i": invitation.pk, "a": answer, "k": str(invitation.reply_token), "x": expires}, salt=SALT)


def reply_url(invitation, answer, *, absolute=True):
    path = reverse("meetings:reply", args=[make_token(invitation, answer)])
    return f"{settings.SITE_URL}{path}" if absolute else path


def reply_urls(invitation, *, absolute=True):
    return {answer: reply_url(invitation, answer, absolute=absolute) for answer in ANSWERS}


def read_token(token):
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise ReplyLinkError(
            "This reply link is not valid. It may have been copied wrongly: use the link in your invitation email."
        ) from error
    if not isinstance(data, dict) or data.get("a") not in ANSWERS:
        raise ReplyLinkError("This reply link is not valid.")
    if timezone.now().timestamp() > data.get("x", 0):
        raise ReplyLinkError("This reply link has expired because the meeting has ended.")
    invitation = (
        Invitation.objects.select_related("meeting", "meeting__group", "person", "person__organisation")
        .filter(pk=data.get("i"), reply_token=data.get("k"))
        .first()
    )
    if invitation is None:
        raise ReplyLinkError("This reply link is no longer valid: you may no longer be invited to this meeting.")
    if invitation.meeting.ends_at < timezone.now():
        raise ReplyLinkError("This reply link has expired because the meeting has ended.")
    if invitation.meeting.status == invitation.meeting.Status.CANCELLED:
        raise ReplyLinkError("This meeting has been cancelled, so no reply is needed.")
    return ReplyClaim(invitation=invitation, answer=data["a"])
