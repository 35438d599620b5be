"""Membership workflows. Each is one transaction; its emails join the outbox in it and go once it commits."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.casedata import confirmation_record
from common.concurrency import save_versioned

from . import emails
from .models import JoinRequest, Organisation, Person, Sector, TermsOfReference, User

logger = logging.getLogger(__name__)

# --- Organisations and people ---------------------------------------------------------------


@transaction.atomic
def organisation_create(*, organisation):
    organisation.full_clean()
    organisation.save()
    return organisation


def organisation_update(*, organisation, expected_version):
    organisation.full_clean()
    return save_versioned(organisation, expected_version=expected_version)


@transaction.atomic
def organisation_leave(*, organisation, date_left):
    """The organisation leaves: its current members' terms end the same day. Nothing is deleted."""
    organisation.status = Organisation.Status.LEFT
    organisation.date_left = date_left
    organisation.version += 1
    organisation.full_clean()
    organisation.save()
    for person in organisation.people.filter(status=Person.Status.ACTIVE):
        person_end_membership(person=person, end_date=max(date_left, person.term_start))
    return organisation


@transaction.atomic
def person_create(*, person):
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person, expected_version):
    person.full_clean()
    return save_versioned(person, expected_version=expected_version)


# What a member holds outside this app's tables (reply links, calendar feeds: the meetings app) must stop
# working when their membership closes, but `members` cannot import the apps built on it. Those apps
# register a hook here from their AppConfig.ready(); person_end_membership calls every hook, explicitly
# and inside its transaction, so a failure rolls the whole closing back.
_membership_closed_hooks = []


def on_membership_closed(hook):
    """Register hook(person): revoke what this app gave the person (called once their membership has closed)."""
    if hook not in _membership_closed_hooks:
        _membership_closed_hooks.append(hook)
    return hook


def user_sessions_end(user):
    """Sign the login out everywhere: delete every live session that belongs to it."""
    from django.contrib.sessions.models import Session

    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()


def _last_open_admin(user):
    return (
        user.role == User.Role.ADMIN
        and user.is_active
        and not User.objects.filter(role=User.Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()
    )


@transaction.atomic
def login_close(*, user):
    """Close a login, a council admin's as a partner's: it cannot sign in again, and every session of it ends now.

    Refused for the only open council admin login, which nobody could replace from the app afterwards."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    if _last_open_admin(user):
        raise ValidationError(
            f"{user.email} is the only council admin sign-in still open, so it stays open: nobody could run "
            "the partnership without one. Give someone else a council admin sign-in first (Django admin, Users)."
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user)
    return user


@transaction.atomic
def person_end_membership(*, person, end_date):
    """A person leaves: an end date and status former; history stays.

    Their login closes, a council admin's as a partner's, and is signed out everywhere (refused, and nothing
    ended, for the only open council admin login), and every app revokes what it gave them (reply links, calendar
    feed, places on groups and on the invitee lists of meetings after they leave).
    """
    if end_date < person.term_start:
        raise ValidationError({"end_date": _("The end date must be on or after the start of their term.")})
    person.term_end = end_date
    person.status = Person.Status.FORMER
    person.version += 1
    person.save()
    if person.user_id:
        try:
            login_close(user=person.user)
        except ValidationError as error:
            raise ValidationError(f"{person.name}'s membership has not ended. {' '.join(error.messages)}") from error
    for hook in _membership_closed_hooks:
        hook(person)
    return person


@transaction.atomic
def person_update_own_details(*, person, expected_version):
    """A partner's edit of their own contact details (the form limits which fields change)."""
    person.full_clean()
    return save_versioned(person, expected_version=expected_version)


# --- Sign-ins of people who come back ----------------------------------------------------------
#
# A closed login is never opened again by anything a membership workflow does: whoever it belonged to
# (a council admin with a password and an authenticator, say), approving, importing or re-adding a
# person with that email must not hand it back. It is retired instead (renamed out of the way, its
# password and authenticators removed; its audit history stays), and the person gets a fresh partner
# login with no password, which they set from the emailed one-time link. An open login is linked as
# it is, its role unchanged.


def login_retire(user):
    """Keep a closed login closed for good and free its email for a fresh login."""
    from django_otp import devices_for_user

    user.email = f"{user.email}.retired-{user.pk}.invalid"[:254]
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "is_active", "password"])
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    return user


def _open_login_for(email, *, current=None):
    """The open login with this email (or `current`), or None once a closed one has been retired."""
    user = current or User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        login_retire(user)
        return None
    return user


@transaction.atomic
def person_invite(*, person):
    """Give a current member a partner login (a fresh one if theirs was closed) and email a one-time link."""
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(_("Only a current member can be given a sign-in."))
    user = _open_login_for(person.email, current=person.user)
    if user is not None and user.role == User.Role.ADMIN:
        raise ValidationError(_("%(email)s is a council admin account already.") % {"email": person.email})
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).active().exists():
        raise ValidationError(_("The sign-in %(email)s belongs to another current member.") % {"email": user.email})
    if user is None:
        user = User.objects.create_user(person.email, None, role=User.Role.PARTNER)
    Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    emails.member_invitation_enqueue(person)
    return user


@transaction.atomic
def linked_body_create(*, body):
    body.full_clean()
    body.save()
    return body


def linked_body_update(*, body, expected_version):
    body.full_clean()
    return save_versioned(body, expected_version=expected_version)


# --- Terms of Reference -----------------------------------------------------------------------


@transaction.atomic
def terms_publish(*, terms, by, case_data=None):
    """Add a new version of the Terms of Reference; earlier versions stay readable."""
    latest = TermsOfReference.objects.select_for_update().order_by("-number").first()
    terms.number = (latest.number + 1) if latest else 1
    terms.created_by = by
    terms.full_clean()
    terms.save()
    confirmation_record(terms, case_data)
    return terms


# --- Join requests ----------------------------------------------------------------------------


def join_rate_limited(ip_address):
    """True once an address has sent JOIN_RATE_LIMIT applications in the last hour (counts this one).

    The count per address lives in the cache. If the cache cannot be reached it fails safe: the limit is then
    kept in the database, for every address together (JOIN_RATE_LIMIT_WITHOUT_CACHE applications an hour), so
    a flood is still stopped while a person's application is taken.
    """
    key = f"members:join-rate:{ip_address}"
    try:
        cache.add(key, 0, timeout=60 * 60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=60 * 60)
            count = 1
    except Exception:  # the cache (Redis) is down: whatever its client raised, there is no count to read
        logger.warning("Join rate limit: the cache cannot be reached; counting in the database", exc_info=True)
        recent = JoinRequest.objects.filter(created_at__gte=timezone.now() - datetime.timedelta(hours=1))
        return recent.count() >= settings.JOIN_RATE_LIMIT_WITHOUT_CACHE
    return count > settings.JOIN_RATE_LIMIT


def join_request_pending_for(email):
    return JoinRequest.objects.pending().filter(email__iexact=email).first()


@transaction.atomic
def join_request_submit(*, join_request):
    join_request.email = join_request.email.strip().lower()
    if join_request.kind == JoinRequest.Kind.INDIVIDUAL:
        join_request.organisation_name = ""
    join_request.full_clean()
    join_request.save()
    emails.join_submitted_enqueue(join_request)
    return join_request


@transaction.atomic
def join_request_approve(*, join_request, by, organisation=None, role=Person.Role.REPRESENTATIVE):
    """Create (or link) the organisation and the member, give them a partner login and invite them to set a password.

    organisation: an existing Organisation to link; when None and the applicant joins for an
    organisation, one is created from the application (or found by name).
    """
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not join_request.is_pending:
        raise ValidationError(_("This application has already been decided."))
    if organisation is None and join_request.kind == JoinRequest.Kind.ORGANISATION:
        organisation = Organisation.objects.filter(name__iexact=join_request.organisation_name).first()
        if organisation is not None and organisation.status == Organisation.Status.LEFT:
            # An organisation that left is joining again: the same record, so its history stays in one place.
            organisation.status = Organisation.Status.ACTIVE
            organisation.date_left = None
            organisation.version += 1
            organisation.save()
        if organisation is None:
            sector = join_request.sector or Sector.OTHER
            organisation = organisation_create(
                organisation=Organisation(
                    name=join_request.organisation_name,
                    sector=sector,
                    has_prevent_duty=Organisation.default_prevent_duty(sector),
                )
            )
    if Person.objects.active().filter(email__iexact=join_request.email).exists():
        raise ValidationError(_("%(email)s already belongs to a current member.") % {"email": join_request.email})
    user = _open_login_for(join_request.email)
    if user is None:
        user = User.objects.create_user(join_request.email, None, role=User.Role.PARTNER)
    else:
        # Someone with an open login (a council officer, say) joins as a member: link it, role unchanged.
        if Person.objects.active().filter(user=user).exists():
            raise ValidationError(_("The sign-in %(email)s belongs to another current member.") % {"email": user.email})
        Person.objects.filter(user=user).update(user=None)
    person = person_create(
        person=Person(
            name=join_request.name,
            job_title=join_request.job_title,
            email=join_request.email,
            phone=join_request.phone,
            organisation=organisation,
            role=role,
            status=Person.Status.ACTIVE,
            user=user,
        )
    )
    join_request.status = JoinRequest.Status.APPROVED
    join_request.person = person
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save()
    emails.join_decided_enqueue(join_request)
    return join_request


@transaction.atomic
def join_request_decline(*, join_request, by, reason, case_data=None):
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not join_request.is_pending:
        raise ValidationError(_("This application has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason, so the applicant knows why.")})
    join_request.status = JoinRequest.Status.DECLINED
    join_request.decline_reason = reason.strip()
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save()
    confirmation_record(join_request, case_data)
    emails.join_decided_enqueue(join_request)
    return join_request
