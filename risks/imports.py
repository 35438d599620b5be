"""Risks into a draft assessment from CSV, in the columns the register's CSV is exported in (`documents.COLUMNS`), so
an export read back into a new draft gives the same risks.

Every row goes through `services.risk_save`, so a row is refused for exactly what the form refuses; an owner or a
theme the app does not know, a CTLP reference it has no recommendation for, or text that looks like case data is
refused with its line. The import is one transaction: unless every row is good, nothing is kept.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from common import casedata
from members.models import Organisation, Person

from . import services
from .models import Recommendation, Risk, Theme

REQUIRED = ("Title", "Theme", "Owner organisation", "Inherent likelihood", "Inherent impact", "Residual likelihood",
            "Residual impact", "Review date")  # fmt: skip
FREE_TEXT = ("Title", "Controls", "Why the residual is higher", "Why closed with open actions")
COLUMN_OF = {
    "reference": "Reference",
    "title": "Title",
    "owner_officer": "Owner",
    "residual_reason": "Why the residual is higher",
    "review_date": "Review date",
    "from_local_data": "Local data",
    "closed_reason": "Why closed with open actions",
    "inherent_likelihood": "Inherent likelihood",
    "inherent_impact": "Inherent impact",
    "residual_likelihood": "Residual likelihood",
    "residual_impact": "Residual impact",
}
STATUS = {str(label).lower(): value for value, label in Risk.Status.choices} | {v: v for v in Risk.Status.values}


@dataclass
class Report:
    problems: list = field(default_factory=list)  # (line, message)
    imported: int = 0

    @property
    def ok(self):
        return not self.problems


class _Refused(Exception):
    pass


def _score(row, column):
    try:
        return int((row.get(column) or "").strip())
    except ValueError:
        return None


def _risk(assessment, row, lookups):
    problems = []
    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            problems.append(f"{column}: enter a value")
    for column in FREE_TEXT:
        if matches := casedata.find(row.get(column) or ""):
            problems.append(f"{column}: looks like it contains case data about a person ({casedata.describe(matches)})")
    owner = lookups["organisations"].get((row.get("Owner organisation") or "").strip().lower())
    if row.get("Owner organisation") and owner is None:
        problems.append(f"Owner organisation: unknown organisation '{row['Owner organisation'].strip()}'")
    theme = lookups["themes"].get((row.get("Theme") or "").strip().lower())
    if row.get("Theme") and theme is None:
        problems.append(f"Theme: unknown theme '{row['Theme'].strip()}'")
    officer = None
    if name := (row.get("Owner") or "").strip():
        officer = lookups["people"].get((name.lower(), owner.pk if owner else None))
        if officer is None:
            problems.append(f"Owner: nobody called '{name}' works for the owning organisation")
    ctlp = []
    for reference in filter(None, (r.strip() for r in (row.get("CTLP recommendations") or "").split(","))):
        if (recommendation := lookups["ctlp"].get(reference.lower())) is None:
            problems.append(f"CTLP recommendations: no CTLP recommendation '{reference}' is recorded")
        else:
            ctlp.append(recommendation)
    try:
        review_date = datetime.date.fromisoformat((row.get("Review date") or "").strip())
    except ValueError:
        review_date = None
        if row.get("Review date"):
            problems.append("Review date: write the date as 2027-03-31")
    status = STATUS.get((row.get("Status") or "open").strip().lower())
    if status is None:
        problems.append(f"Status: one of {', '.join(str(label) for _, label in Risk.Status.choices)}")
    if problems:
        return None, ctlp, problems
    risk = Risk(
        assessment=assessment, reference=(row.get("Reference") or "").strip(), title=row["Title"].strip(), theme=theme,
        from_local_data=(row.get("Local data") or "").strip().lower() in ("yes", "y", "true", "1"),
        from_partner_insight=(row.get("Partner insight") or "").strip().lower() in ("yes", "y", "true", "1"),
        owner_organisation=owner, owner_officer=officer,
        inherent_likelihood=_score(row, "Inherent likelihood"), inherent_impact=_score(row, "Inherent impact"),
        residual_likelihood=_score(row, "Residual likelihood"), residual_impact=_score(row, "Residual impact"),
        residual_reason=(row.get("Why the residual is higher") or "").strip(),
        controls=(row.get("Controls") or "").strip(),
        review_date=review_date, status=status, closed_reason=(row.get("Why closed with open actions") or "").strip(),
    )  # fmt: skip
    return risk, ctlp, []


def _lookups():
    return {
        "organisations": {o.name.lower(): o for o in Organisation.objects.all()},
        "themes": {t.name.lower(): t for t in Theme.objects.all()},
        "people": {(p.name.lower(), p.organisation_id): p for p in Person.objects.active()},
        "ctlp": {r.reference.lower(): r for r in Recommendation.objects.filter(source__kind="ctlp")},
    }


def risks_import(*, assessment, text):
    """Read every row; keep them all, or (any row refused) none. Returns a Report."""
    report = Report()
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        report.problems.append((1, f"The file has no column {', '.join(missing)}: use the register's CSV columns"))
        return report
    lookups = _lookups()
    try:
        with transaction.atomic():
            for line, row in enumerate(reader, start=2):
                risk, ctlp, problems = _risk(assessment, row, lookups)
                if risk is not None:
                    try:
                        services.risk_save(risk=risk, ctlp=ctlp)
                        report.imported += 1
                    except ValidationError as error:
                        problems = _messages(error)
                report.problems += [(line, problem) for problem in problems]
            if report.problems:
                raise _Refused
    except _Refused:
        report.imported = 0
    return report


def _messages(error):
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{COLUMN_OF.get(name, name)}: {' '.join(ValidationError(errors).messages)}"
        for name, errors in error.error_dict.items()
    ]
