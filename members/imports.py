"""CSV import of people and organisations: a dry run reports every bad row by line; nothing is imported until
the whole file is clean. Headings may be written as the exports write them."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import Organisation, Person, Sector


@dataclass
class ImportReport:
    rows: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    imported: bool = False
    created_ids: list = field(default_factory=list)  # of the rows saved, when the builder returns them
    skipped: int = 0  # rows for records already held (an export read back in): left as they are

    @property
    def new_rows(self):
        return self.rows - self.skipped

    @property
    def ok(self):
        return not self.errors


class _DryRunRollback(Exception):
    pass


# What a row builder returns for a record the partnership already holds: counted, not imported again.
ALREADY_HELD = object()


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
                    if created is ALREADY_HELD:
                        report.skipped += 1
                    elif created is not None:
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
    """Check (dry run) or import people from CSV text. Imports nothing unless every row is valid.

    A row whose email belongs to a current member is left as it is (an export read back in imports only the new rows).
    """
    organisations = {name.lower(): pk for pk, name in Organisation.objects.values_list("pk", "name")}
    # Held before this file: a second row with the same new email is still a mistake to report.
    held = {email.lower() for email in Person.objects.active().values_list("email", flat=True)}

    def build_row(values):
        email = values.get("email", "").lower()
        if email in held:
            return ALREADY_HELD
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
    """Check (dry run) or import organisations from CSV text. Imports nothing unless every row is valid.

    An organisation already held (same name) is left as it is.
    """

    held = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}

    def build_row(values):
        if values.get("name", "").strip().lower() in held:
            return ALREADY_HELD
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
