"""Membership workflows. Each is one transaction; its emails join the outbox in it and go once it commits."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.concurrency import save_versioned

from . import emails
from .models import JoinRequest, Organisation, Person, Sector, TermsOfReference, User

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


@transaction.atomic
def person_end_membership(*, person, end_date):
    """A person leaves: an end date and status former; history stays.

    Their partner login closes and is signed out everywhere, and every app revokes the secrets it gave
    them (reply links, calendar feed). A council admin's login stays open: it is not the membership's.
    """
    if end_date < person.term_start:
        raise ValidationError({"end_date": "The end date must be on or after the start of their term."})
    person.term_end = end_date
    person.status = Person.Status.FORMER
    person.version += 1
    person.save()
    if person.user_id and person.user.role == User.Role.PARTNER:
        User.objects.filter(pk=person.user_id).update(is_active=False)
        user_sessions_end(person.user)
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
        raise ValidationError("Only a current member can be given a sign-in.")
    user = _open_login_for(person.email, current=person.user)
    if user is not None and user.role == User.Role.ADMIN:
        raise ValidationError(f"{person.email} is a council admin account already.")
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).active().exists():
        raise ValidationError(f"The sign-in {user.email} belongs to another current member.")
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
def terms_publish(*, terms, by):
    """Add a new version of the Terms of Reference; earlier versions stay readable."""
    latest = TermsOfReference.objects.select_for_update().order_by("-number").first()
    terms.number = (latest.number + 1) if latest else 1
    terms.created_by = by
    terms.full_clean()
    terms.save()
    return terms


# --- Join requests ----------------------------------------------------------------------------


def join_rate_limited(ip_address):
    """True once an address has sent JOIN_RATE_LIMIT applications in the last hour (counts this one)."""
    key = f"members:join-rate:{ip_address}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
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
        raise ValidationError("This application has already been decided.")
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
        raise ValidationError(f"{join_request.email} already belongs to a current member.")
    user = _open_login_for(join_request.email)
    if user is None:
        user = User.objects.create_user(join_request.email, None, role=User.Role.PARTNER)
    else:
        # Someone with an open login (a council officer, say) joins as a member: link it, role unchanged.
        if Person.objects.active().filter(user=user).exists():
            raise ValidationError(f"The sign-in {user.email} belongs to another current member.")
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
def join_request_decline(*, join_request, by, reason):
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not join_request.is_pending:
        raise ValidationError("This application has already been decided.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason, so the applicant knows why."})
    join_request.status = JoinRequest.Status.DECLINED
    join_request.decline_reason = reason.strip()
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save()
    emails.join_decided_enqueue(join_request)
    return join_request


# --- CSV import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    imported: bool = False
    created_ids: list = field(default_factory=list)  # of the rows saved, when the builder returns them

    @property
    def ok(self):
        return not self.errors


class _DryRunRollback(Exception):
    pass


PEOPLE_COLUMNS = [
    "name",
    "email",
    "job_title",
    "phone",
    "organisation",
    "role",
    "deputy_for_email",
    "term_start",
    "term_end",
    "status",
]
PEOPLE_REQUIRED = {"name", "email"}
ORGANISATION_COLUMNS = ["name", "sector", "has_prevent_duty", "address", "website", "status", "date_joined"]
ORGANISATION_REQUIRED = {"name", "sector"}
# The exports' headings read back in: "Job title" is job_title, and these say it differently.
COLUMN_ALIASES = {"deputy_for": "deputy_for_email", "prevent_duty": "has_prevent_duty"}
# Columns the exports add that an import has no use for (worked out, not entered).
EXPORT_ONLY_COLUMNS = {"current_members"}


def column_key(heading):
    """'Job title', 'job_title' and ' JOB-TITLE ' all name the column job_title."""
    key = "_".join((heading or "").strip().lower().replace("-", " ").split())
    return COLUMN_ALIASES.get(key, key)


def read_csv_text(upload):
    """The text of an uploaded CSV, or a ValidationError saying what is wrong with the file."""
    name = (upload.name or "").lower()
    if not name.endswith(".csv"):
        raise ValidationError("The file must be a CSV file (ending .csv). Save the spreadsheet as 'CSV UTF-8'.")
    if upload.content_type not in {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"}:
        raise ValidationError("The file must be a CSV file. Save the spreadsheet as 'CSV UTF-8'.")
    if upload.size > settings.MEMBERS_IMPORT_MAX_BYTES:
        raise ValidationError(f"The file must be smaller than {settings.MEMBERS_IMPORT_MAX_BYTES // 1024} KB.")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("The file must be saved as UTF-8 text ('CSV UTF-8' in Excel).") from error


def _choice(value, choices, what):
    text = (value or "").strip()
    for choice_value, label in choices:
        if text.lower() in {choice_value.lower(), str(label).lower()}:
            return choice_value
    allowed = ", ".join(str(label) for _, label in choices)
    raise ValidationError(f"Unknown {what} '{text}'. Use one of: {allowed}.")


def _date(value, column, *, required=False):
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(f"Enter {column.replace('_', ' ')}.")
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        f"{column.replace('_', ' ').capitalize()} '{text}' is not a date: use YYYY-MM-DD or DD/MM/YYYY."
    )


def _yes_no(value, default):
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise ValidationError(f"Has prevent duty '{value}' must be yes or no (or empty for the sector's default).")


def _messages(error):
    if hasattr(error, "error_dict"):
        return [
            f"{name.replace('_', ' ').capitalize()}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _run_import(text, *, columns, required, build_row, dry_run, order=None):
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    header = [column_key(name) for name in (reader.fieldnames or [])]
    header = [name if name not in EXPORT_ONLY_COLUMNS else "" for name in header]
    missing = sorted(required - set(header))
    unknown = [name for name in header if name and name not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        report.errors.append((1, f"The header row has {'; '.join(parts)}. Expected columns: {', '.join(columns)}."))
        return report
    reader.fieldnames = header
    try:
        with transaction.atomic():
            rows = [(reader.line_num, row) for row in reader]
            if order is not None:
                # Stable: rows that others refer to (a representative before their deputy) go first.
                rows.sort(key=lambda numbered: order(numbered[1]))
            for line, row in rows:
                report.rows += 1
                values = {key: (value or "").strip() for key, value in row.items() if key}
                if not any(values.values()):
                    report.rows -= 1
                    continue
                try:
                    with transaction.atomic():
                        created = build_row(values)
                    if created is not None:
                        report.created_ids.append(created.pk)
                except ValidationError as error:
                    report.errors.extend((line, message) for message in _messages(error))
            if report.rows == 0 and not report.errors:
                report.errors.append((2, "The file has no rows under the header."))
            if dry_run or report.errors:
                raise _DryRunRollback
    except _DryRunRollback:
        report.created_ids = []  # rolled back: those rows do not exist
        return report
    report.imported = True
    return report


def people_import(text, *, dry_run):
    """Check (dry run) or import people from CSV text. Imports nothing unless every row is valid."""
    organisations = {name.lower(): pk for pk, name in Organisation.objects.values_list("pk", "name")}

    def build_row(values):
        errors = []
        organisation_id = None
        if values.get("organisation"):
            organisation_id = organisations.get(values["organisation"].lower())
            if organisation_id is None:
                errors.append(f"Unknown organisation '{values['organisation']}': add it first or fix the spelling.")
        try:
            role = _choice(values.get("role") or "representative", Person.Role.choices, "role")
        except ValidationError as error:
            errors.extend(error.messages)
            role = Person.Role.OBSERVER
        try:
            status = _choice(values.get("status") or "active", Person.Status.choices, "status")
        except ValidationError as error:
            errors.extend(error.messages)
            status = Person.Status.ACTIVE
        term_start = term_end = None
        try:
            term_start = _date(values.get("term_start"), "term_start") or timezone.localdate()
        except ValidationError as error:
            errors.extend(error.messages)
        try:
            term_end = _date(values.get("term_end"), "term_end")
        except ValidationError as error:
            errors.extend(error.messages)
        deputy_for = None
        if values.get("deputy_for_email"):
            deputy_for = Person.objects.active().filter(email__iexact=values["deputy_for_email"]).first()
            if deputy_for is None:
                errors.append(f"No current member has the email '{values['deputy_for_email']}' (deputy for).")
        email = values.get("email", "").lower()
        person = Person(
            name=values.get("name", ""),
            email=email,
            job_title=values.get("job_title", ""),
            phone=values.get("phone", ""),
            organisation_id=organisation_id,
            role=role,
            deputy_for=deputy_for,
            term_start=term_start or timezone.localdate(),
            term_end=term_end,
            status=status,
        )
        try:
            person.full_clean()
        except ValidationError as error:
            errors.extend(_messages(error))
        if errors:
            raise ValidationError(errors)
        person.save()
        return person

    return _run_import(
        text,
        columns=PEOPLE_COLUMNS,
        required=PEOPLE_REQUIRED,
        build_row=build_row,
        dry_run=dry_run,
        order=lambda row: bool((row.get("deputy_for_email") or "").strip()),
    )


def organisations_import(text, *, dry_run):
    """Check (dry run) or import organisations from CSV text. Imports nothing unless every row is valid."""

    def build_row(values):
        errors = []
        sector = Sector.OTHER
        try:
            sector = _choice(values.get("sector"), Sector.choices, "sector")
        except ValidationError as error:
            errors.extend(error.messages)
        has_duty = Organisation.default_prevent_duty(sector)
        try:
            has_duty = _yes_no(values.get("has_prevent_duty"), has_duty)
        except ValidationError as error:
            errors.extend(error.messages)
        status = Organisation.Status.ACTIVE
        try:
            status = _choice(values.get("status") or "active", Organisation.Status.choices, "status")
        except ValidationError as error:
            errors.extend(error.messages)
        date_joined = timezone.localdate()
        try:
            date_joined = _date(values.get("date_joined"), "date_joined") or date_joined
        except ValidationError as error:
            errors.extend(error.messages)
        organisation = Organisation(
            name=values.get("name", ""),
            sector=sector,
            has_prevent_duty=has_duty,
            address=values.get("address", ""),
            website=values.get("website", ""),
            status=status,
            date_joined=date_joined,
        )
        try:
            organisation.full_clean()
        except ValidationError as error:
            errors.extend(_messages(error))
        if errors:
            raise ValidationError(errors)
        organisation.save()

    return _run_import(
        text, columns=ORGANISATION_COLUMNS, required=ORGANISATION_REQUIRED, build_row=build_row, dry_run=dry_run
    )
