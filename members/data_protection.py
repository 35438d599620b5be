"""UK GDPR duties: storage limitation (retention) and the right of access (subject access export).

Retention: former members' personal details are replaced with an anonymous label once
RETENTION_FORMER_MEMBER_DAYS have passed since their term ended, everywhere the app holds them: the
record and its login, their applications to join, a linked body they were the contact for, sign-in
records, every audit trail copy, and what the apps built on `members` hold (invitations,
email deliveries: they register an anonymiser with `register_anonymiser`). The audit trail keeps
that it happened. A test walks every model for name/email/phone columns: each is scrubbed here or
listed in NOT_PERSONAL_FIELDS with the reason.

Subject access: each app registers what it holds about a person (`register_subject_access`), so
this module gathers everything without importing the apps built on top of `members`.
"""

import datetime
import json
import re

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import JoinRequest, LinkedBody, Person, User

PERSONAL_FIELDS = ("name", "job_title", "email", "phone")
REMOVED = "(removed)"
_subject_access_sections = []
_anonymisers = []

# Columns named like personal details that hold nobody's: "<app>.<Model>.<field>": why not.
NOT_PERSONAL_FIELDS = {
    "auth.Permission.name": "Labels of permissions that Django writes, not names of people.",
    "auth.Group.name": "Names of permission groups, not names of people.",
    "otp_totp.TOTPDevice.name": "The label of an authenticator ('Authenticator app'); devices go with the login.",
    "otp_static.StaticDevice.name": "The label of a set of backup codes ('Backup codes'), not a person's name.",
    "members.Organisation.name": "Member organisations are public facts, not personal data.",
    "members.LinkedBody.name": "The name of a board or partnership; its contact's details are scrubbed.",
    "members.JoinRequest.organisation_name": "The organisation applying (a public fact); empty for individuals.",
    "meetings.Group.name": "Names of the board and its subgroups, not of people.",
    "meetings.Guest.organisation_name": "The organisation a guest came from, a public fact.",
    # Guests are personal data, but not a member's: nothing links a guest row to a Person, so matching by
    # name would anonymise somebody else. They stay with the meeting's record and its own review.
    "meetings.Guest.name": "A guest is not a member and no key links the row to one (see the comment above).",
}


def is_exempt(model, field_name):
    return f"{model._meta.label}.{field_name}" in NOT_PERSONAL_FIELDS


def register_anonymiser(anonymise):
    """anonymise(person, *, original, label, email): scrub what another app holds about the person.

    original: their details before anonymising ({"name", "email", "phone", "emails"}); label and email:
    what to put in their place. Called inside person_anonymise's transaction.
    """
    if anonymise not in _anonymisers:
        _anonymisers.append(anonymise)
    return anonymise


def anonymous_label(person_pk):
    return f"Former member {person_pk}"


def retention_cutoff(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.RETENTION_FORMER_MEMBER_DAYS)


def people_due_for_anonymising(today=None):
    return Person.objects.filter(
        status=Person.Status.FORMER, term_end__lt=retention_cutoff(today), anonymised_at__isnull=True
    )


@transaction.atomic
def person_anonymise(*, person, reason="retention period ended"):
    """Replace a former member's personal details with an anonymous label, everywhere we hold them."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        return person
    label = anonymous_label(person.pk)
    scrubbed = {"name": label, "job_title": "", "email": f"anonymised-{person.pk}@invalid.example", "phone": ""}
    emails = _emails_of(person)
    retired = [user for user in _retired_logins(emails) if user.pk != person.user_id]
    retired_emails = {user.email.lower() for user in retired}
    user_names = [user.get_full_name() for user in [person.user, *retired] if user is not None]
    names = {person.name, *user_names, *_join_requests_from(person, emails).values_list("name", flat=True)}
    names = sorted(name for name in names if name and name.strip())
    original = {"name": person.name, "email": person.email, "phone": person.phone, "emails": emails, "names": names}
    for field, value in scrubbed.items():
        setattr(person, field, value)
    person.anonymised_at = timezone.now()
    person.save()
    if person.user_id:
        user = person.user
        user.is_active = False
        user.email = scrubbed["email"]
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.save()
        _scrub_audit_entries(user, label=user.email, fields={"email", "first_name", "last_name"})
    for user in retired:
        _scrub_login(user, email=f"anonymised-{person.pk}-login-{user.pk}@invalid.example")
    # The audit trail's copies (including the save just made) hold the old values too: scrub them,
    # keeping that the changes happened.
    _scrub_audit_entries(person, label=label, fields=set(PERSONAL_FIELDS))
    _scrub_join_requests(person, emails=emails, label=label, email=scrubbed["email"])
    _scrub_linked_body_contacts(emails)
    _scrub_sign_in_records(emails, email=scrubbed["email"])
    for anonymise in _anonymisers:
        anonymise(person, original=original, label=label, email=scrubbed["email"])
    replacements = {**dict.fromkeys(names, label), **dict.fromkeys(emails | retired_emails, scrubbed["email"])}
    _scrub_audit_text(replacements, phone=original["phone"])
    LogEntry.objects.log_create(
        person, action=LogEntry.Action.UPDATE, changes={"anonymised": ["", reason]}, force_log=True
    )
    return person


def _retired_logins(emails):
    """Logins of theirs closed and retired (renamed `<email>.retired-<id>.invalid`, see members.services.login_retire)
    that no record points to any more: a login closed when they left, replaced by a new one when they came back."""
    for address in emails:
        pattern = rf"^{re.escape(address)}\.retired-[0-9]+\.invalid$"
        yield from User.objects.filter(email__iregex=pattern)


def _scrub_login(user, *, email):
    user.email, user.first_name, user.last_name, user.is_active = email, "", "", False
    user.set_unusable_password()
    user.save()
    _scrub_audit_entries(user, label=email, fields={"email", "first_name", "last_name"})


def _emails_of(person):
    """The addresses a person is known by (their record's and their login's), lower case."""
    return {address.lower() for address in (person.email, person.user.email if person.user_id else "") if address}


def _email_in(field, emails):
    """Rows whose `field` is any of these addresses, in any letter case (none when there are none)."""
    matches = Q(pk__in=[])
    for address in emails:
        matches |= Q(**{f"{field}__iexact": address})
    return matches


def _join_requests_from(person, emails):
    return JoinRequest.objects.filter(Q(person=person) | _email_in("email", emails))


def _scrub_join_requests(person, *, emails, label, email):
    """Their decided applications keep the decision and dates, not who applied or why. A pending one is a new
    application (they are applying again) and is left for the admins to decide."""
    requests = _join_requests_from(person, emails).exclude(status=JoinRequest.Status.PENDING)
    pks = list(requests.values_list("pk", flat=True))
    values = {"name": label, "email": email, "phone": "", "job_title": "", "reason": "", "decline_reason": ""}
    JoinRequest.objects.filter(pk__in=pks).update(**values)
    _scrub_audit_entries(JoinRequest.objects.filter(pk__in=pks), label=label, fields=set(values))


def _scrub_linked_body_contacts(emails):
    LinkedBody.objects.filter(_email_in("contact_email", emails)).update(contact_name="", contact_email="")


def _scrub_sign_in_records(emails, *, email):
    """django-axes keeps the email typed at each sign-in (and a failed one's form data)."""
    typed = _email_in("username", emails)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        rows = model.objects.filter(typed)
        if model is AccessAttempt:
            rows.update(username=email, get_data=REMOVED, post_data=REMOVED)
        else:
            rows.update(username=email)


def _scrub_audit_text(replacements, *, phone):
    """Every audit entry still quoting them (an invitation's "<name> to <meeting>", an actor's email, a
    copy of a row) gets the label instead, wherever in the entry the words are."""
    if phone:
        replacements = {**replacements, phone: REMOVED}
    if not replacements:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in replacements), re.IGNORECASE)
    lowered = {text.lower(): value for text, value in replacements.items()}

    def scrub(value):
        if value is None:
            return None
        if isinstance(value, str):
            return pattern.sub(lambda match: lowered[match.group(0).lower()], value)
        return json.loads(scrub(json.dumps(value, ensure_ascii=False)))

    columns = ("object_repr", "changes_text", "changes", "serialized_data", "additional_data", "actor_email")
    quoting = Q(pk__in=[])
    for text in replacements:
        for column in columns:
            quoting |= Q(**{f"{column}__icontains": text})
    entries = list(LogEntry.objects.filter(quoting))
    for entry in entries:
        for column in columns:
            setattr(entry, column, scrub(getattr(entry, column)))
    LogEntry.objects.bulk_update(entries, columns)


def _scrub_audit_entries(instance, *, label, fields):
    """instance: a row or a queryset of rows whose audit entries lose these fields' values."""
    if isinstance(instance, QuerySet):
        entries = list(LogEntry.objects.get_for_objects(instance))
    else:
        entries = list(LogEntry.objects.get_for_object(instance))
    for entry in entries:
        changes = entry.changes_dict or {}
        entry.changes = {f: ([REMOVED, REMOVED] if f in fields else v) for f, v in changes.items()}
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = label
    LogEntry.objects.bulk_update(entries, ["changes", "changes_text", "serialized_data", "object_repr"])


@transaction.atomic
def person_erase(*, person, reason):
    """Erasure on request (UK GDPR article 17), now rather than when the retention period ends: every record of
    theirs (earlier memberships under the same email too) is anonymised as retention would, a current membership
    ending today first (their sign-in closes; refused for the only open council admin sign-in). The audit trail
    keeps who erased them, when and why. Returns the records erased."""
    from .services import person_end_membership

    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why their details are erased: the request and when it was made"})
    records = list(
        Person.objects.filter(Q(pk=person.pk) | _email_in("email", _emails_of(person)), anonymised_at__isnull=True)
    )
    today = timezone.localdate()
    for record in records:
        if record.status == Person.Status.ACTIVE:
            person_end_membership(person=record, end_date=max(today, record.term_start))
    for record in records:
        person_anonymise(person=Person.objects.get(pk=record.pk), reason=f"erased on request: {reason.strip()}")
    return records


def anonymise_due_people(today=None):
    """The scheduled job: returns how many people were anonymised."""
    count = 0
    for person in people_due_for_anonymising(today):
        person_anonymise(person=person)
        count += 1
    return count


def register_subject_access(title, collect):
    """collect(person) -> list of dicts: what this part of the app holds about the person (members.subject_access
    puts them in words: field names as labels, dates as dates, nothing internal)."""
    _subject_access_sections.append((title, collect))


def subject_access_sections():
    return list(_subject_access_sections)
