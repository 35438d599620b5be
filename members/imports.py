"""CSV import of people and organisations that round-trips with the exports.

A dry run checks every row and says what it would do to each: create a record, update one already held (matched on
email for people, current and former; on name for organisations) or leave it as it is. Nothing is written until the
whole file is clean; then every row is applied in one transaction. Headings may be written as the exports write them.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from . import services
from .models import Organisation, Person, Sector


@dataclass
class RowOutcome:
    """What a row of the file does: create, update (naming the changes) or skip (the record already says this)."""

    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"

    line: int
    action: str
    name: str
    detail: str = ""  # the email a person was matched on
    changes: list = field(default_factory=list)  # (field label, from, to) for an update

    @property
    def key(self):
        return (self.line, self.action, self.name, tuple(self.changes))


@dataclass
class ImportReport:
    rows: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    outcomes: list = field(default_factory=list)  # a RowOutcome per row, in the file's order
    imported: bool = False
    # The preview this run was confirmed against no longer matches the records: nothing was written.
    stale: bool = False
    created_ids: list = field(default_factory=list)  # of the records created, when saved

    def _count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def created(self):
        return self._count(RowOutcome.CREATE)

    @property
    def updated(self):
        return self._count(RowOutcome.UPDATE)

    @property
    def skipped(self):
        return self._count(RowOutcome.SKIP)

    @property
    def has_changes(self):
        return bool(self.created or self.updated)

    @property
    def fingerprint(self):
        """What the preview promised, to compare with what the confirmed run would do."""
        return [list(map(str, outcome.key)) for outcome in self.outcomes]

    @property
    def ok(self):
        return not self.errors


class _Rollback(Exception):
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
        raise ValidationError(
            gettext("The file must be a CSV file (ending .csv). Save the spreadsheet as 'CSV UTF-8'.")
        )
    if upload.content_type not in {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"}:
        raise ValidationError(gettext("The file must be a CSV file. Save the spreadsheet as 'CSV UTF-8'."))
    if upload.size > settings.MEMBERS_IMPORT_MAX_BYTES:
        raise ValidationError(
            gettext("The file must be smaller than %(kilobytes)s KB.")
            % {"kilobytes": settings.MEMBERS_IMPORT_MAX_BYTES // 1024}
        )
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(gettext("The file must be saved as UTF-8 text ('CSV UTF-8' in Excel).")) from error


def _choice(value, choices, what):
    text = (value or "").strip()
    for choice_value, label in choices:
        if text.lower() in {choice_value.lower(), str(label).lower()}:
            return choice_value
    allowed = ", ".join(str(label) for _, label in choices)
    raise ValidationError(
        gettext("Unknown %(what)s '%(text)s'. Use one of: %(allowed)s.")
        % {"what": what, "text": text, "allowed": allowed}
    )


def _date(value, column, *, required=False):
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(gettext("Enter %(replace)s.") % {"replace": column.replace("_", " ")})
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        gettext("%(capitalize)s '%(text)s' is not a date: use YYYY-MM-DD or DD/MM/YYYY.")
        % {"capitalize": column.replace("_", " ").capitalize(), "text": text}
    )


def _yes_no(value, default):
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise ValidationError(
        gettext("Has prevent duty '%(value)s' must be yes or no (or empty for the sector's default).")
        % {"value": value}
    )


def _messages(error):
    if hasattr(error, "error_dict"):
        return [
            f"{name.replace('_', ' ').capitalize()}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _run_import(text, *, columns, required, build_row, dry_run, expected=None, order=None):
    """Run `build_row(line, values)` over every row inside one transaction, rolled back unless it is a real run of
    a clean file whose outcomes are the ones the admin confirmed (`expected`, a previous report's fingerprint)."""
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
                values = {key: (value or "").strip() for key, value in row.items() if key}
                if not any(values.values()):
                    continue
                report.rows += 1
                try:
                    with transaction.atomic():
                        outcome, record = build_row(line, values)
                    report.outcomes.append(outcome)
                    if outcome.action == RowOutcome.CREATE and record is not None:
                        report.created_ids.append(record.pk)
                except ValidationError as error:
                    report.errors.extend((line, message) for message in _messages(error))
            report.outcomes.sort(key=lambda outcome: outcome.line)
            if report.rows == 0 and not report.errors:
                report.errors.append((2, "The file has no rows under the header."))
            if not dry_run and expected is not None and report.fingerprint != expected:
                report.stale = True
            if dry_run or report.errors or report.stale:
                raise _Rollback
    except _Rollback:
        report.created_ids = []  # rolled back: those rows do not exist
        return report
    report.imported = True
    return report


def _parse(values, parsers):
    """The row's typed values for the columns it has, and every problem with them."""
    parsed, errors = {}, []
    for column, parse in parsers.items():
        if column not in values:
            continue
        try:
            parsed[column] = parse(values[column])
        except ValidationError as error:
            errors.extend(error.messages)
    return parsed, errors


def _changes(record, wanted, labels):
    """(label, from, to) for each field `wanted` would change on `record`, shown as the forms show them."""
    changes = []
    for name, value in wanted.items():
        before = getattr(record, name)
        if before != value:
            changes.append((labels[name], _shown(before), _shown(value)))
    return changes


def _shown(value):
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _choice_or_none(choices, what):
    """A parser for a choice column: a blank cell says nothing (the record keeps, or a new one takes, the default)."""
    return lambda text: _choice(text, choices, what) if text else None


def people_import(text, *, dry_run, expected=None):
    """Check (dry run) or import people from CSV text. Imports nothing unless every row is valid.

    A row is matched on its email to a member held, current or former (see `match`): a row that differs updates
    that record, one that matches it is left as it is (an export read back in changes nothing).
    """
    organisations = {organisation.name.lower(): organisation for organisation in Organisation.objects.all()}
    held = {}  # email → that email's members, current and former (anonymised ones have no email to match)
    for person in Person.objects.filter(anonymised_at__isnull=True).select_related("organisation", "deputy_for"):
        held.setdefault(person.email.lower(), []).append(person)
    claimed = set()  # members an earlier row of the file is matched to
    labels = {name: _label(Person, name) for name in ["name", "job_title", "phone", "term_start", "term_end"]}
    labels.update(organisation="Organisation", role="Role", deputy_for="Deputy for", status="Status")

    def organisation(text):
        if not text:
            return None
        if text.lower() not in organisations:
            raise ValidationError(f"Unknown organisation '{text}': add it first or fix the spelling.")
        return organisations[text.lower()]

    def deputy_for(text):
        if not text:
            return None
        found = Person.objects.active().filter(email__iexact=text).select_related("organisation").first()
        if found is None:
            raise ValidationError(f"No current member has the email '{text}' (deputy for).")
        return found

    parsers = {
        "name": str,
        "job_title": str,
        "phone": str,
        "organisation": organisation,
        "role": _choice_or_none(Person.Role.choices, "role"),
        "deputy_for_email": deputy_for,
        "term_start": lambda text: _date(text, "term_start"),
        "term_end": lambda text: _date(text, "term_end"),
        "status": _choice_or_none(Person.Status.choices, "status"),
    }

    def match(email, wanted):
        """The held member a row is about: the one with the row's term start (an export lists each term of a
        member who left and came back), else the current one, else the latest former one; None for someone new.
        A row making a former member current with a new (or no) term start is their return: a new record."""
        term_start, status = wanted.get("term_start"), wanted.get("status")
        candidates = [person for person in held.get(email, []) if person.pk not in claimed]
        if not candidates:
            return None
        person = min(
            candidates,
            key=lambda p: (
                term_start is not None and p.term_start != term_start,
                status is not None and p.status != status,
                p.status != Person.Status.ACTIVE,
                -p.term_start.toordinal(),
                -p.pk,
            ),
        )
        returning = person.status == Person.Status.FORMER and status == Person.Status.ACTIVE
        if returning and person.term_start != term_start:
            return None
        claimed.add(person.pk)
        return person

    def build_row(line, values):
        email = values.get("email", "").lower()
        wanted, errors = _parse(values, parsers)
        if "deputy_for_email" in wanted:
            wanted["deputy_for"] = wanted.pop("deputy_for_email")
        for required_choice in ("role", "status", "term_start"):
            if wanted.get(required_choice) is None:
                wanted.pop(required_choice, None)  # blank: the default, or what the record already says
        person = match(email, wanted)
        if person is None:
            person = Person(email=email, term_start=timezone.localdate())
            action, changes = RowOutcome.CREATE, []
        else:
            changes = _changes(person, wanted, labels)
            action = RowOutcome.UPDATE if changes else RowOutcome.SKIP
        if errors:
            raise ValidationError(errors)
        outcome = RowOutcome(line, action, wanted.get("name") or person.name, detail=email, changes=changes)
        if action == RowOutcome.SKIP:
            return outcome, person
        leaving = (
            action == RowOutcome.UPDATE
            and person.status == Person.Status.ACTIVE
            and wanted.get("status") == Person.Status.FORMER
        )
        for name, value in wanted.items():
            setattr(person, name, value)
        if leaving:
            person.status = Person.Status.ACTIVE  # ended below, as *End membership* ends it
        try:
            person.full_clean()
        except ValidationError as error:
            raise ValidationError(_messages(error)) from error
        if action == RowOutcome.UPDATE:
            person.version += 1
        person.save()
        if leaving:
            services.person_end_membership(person=person, end_date=person.term_end or timezone.localdate())
        return outcome, person

    return _run_import(
        text,
        columns=PEOPLE_COLUMNS,
        required=PEOPLE_REQUIRED,
        build_row=build_row,
        dry_run=dry_run,
        expected=expected,
        order=lambda row: bool((row.get("deputy_for_email") or "").strip()),
    )


def organisations_import(text, *, dry_run, expected=None):
    """Check (dry run) or import organisations from CSV text. Imports nothing unless every row is valid.

    A row is matched to the organisation with its name: a row that differs updates it, one that matches is left as
    it is. An organisation marked Left leaves as *Record that it leaves* does it (its members' terms end today).
    """
    held = {organisation.name.lower(): organisation for organisation in Organisation.objects.all()}
    seen = {}
    labels = {
        name: _label(Organisation, name)
        for name in ["sector", "has_prevent_duty", "address", "website", "status", "date_joined"]
    }
    labels["has_prevent_duty"] = "Has Prevent duty"
    parsers = {
        "sector": lambda text: _choice(text, Sector.choices, "sector"),
        "has_prevent_duty": lambda text: _yes_no(text, None),
        "address": str,
        "website": str,
        "status": _choice_or_none(Organisation.Status.choices, "status"),
        "date_joined": lambda text: _date(text, "date_joined"),
    }

    def build_row(line, values):
        name = values.get("name", "")
        if name.lower() in seen:
            raise ValidationError(f"'{name}' is also on line {seen[name.lower()]}: give each organisation one row.")
        if name:
            seen[name.lower()] = line
        wanted, errors = _parse(values, parsers)
        for optional in ("has_prevent_duty", "status", "date_joined"):
            if wanted.get(optional) is None:
                wanted.pop(optional, None)  # blank: the default, or what the record already says
        organisation = held.get(name.lower())
        if organisation is None:
            sector = wanted.get("sector", Sector.OTHER)
            organisation = Organisation(name=name, has_prevent_duty=Organisation.default_prevent_duty(sector))
            action, changes = RowOutcome.CREATE, []
        else:
            changes = _changes(organisation, wanted, labels)
            action = RowOutcome.UPDATE if changes else RowOutcome.SKIP
        if errors:
            raise ValidationError(errors)
        outcome = RowOutcome(line, action, name, changes=changes)
        if action == RowOutcome.SKIP:
            return outcome, organisation
        leaving = organisation.status == Organisation.Status.ACTIVE and wanted.get("status") == Organisation.Status.LEFT
        if leaving:
            wanted.pop("status")
        for field_name, value in wanted.items():
            setattr(organisation, field_name, value)
        try:
            organisation.full_clean()
        except ValidationError as error:
            raise ValidationError(_messages(error)) from error
        if action == RowOutcome.UPDATE:
            organisation.version += 1
        organisation.save()
        if leaving:
            services.organisation_leave(organisation=organisation, date_left=timezone.localdate())
        return outcome, organisation

    return _run_import(
        text,
        columns=ORGANISATION_COLUMNS,
        required=ORGANISATION_REQUIRED,
        build_row=build_row,
        dry_run=dry_run,
        expected=expected,
    )
