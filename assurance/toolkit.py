"""The Prevent duty toolkit as data: reading a framework CSV and checking it before anything is saved.

The CSV has one row per criterion: area, area_title, criterion, text, guidance. The shipped toolkit
(data/toolkit.csv) is the eight areas with criteria in our own words; admins import a revision as a
new framework version.
"""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

AREAS = range(1, 9)
COLUMNS = ("area", "area_title", "criterion", "text", "guidance")
SHIPPED = Path(__file__).parent / "data" / "toolkit.csv"


def parse_framework_csv(text):
    """[(area number, area title, [(criterion number, text, guidance), ...]), ...] for areas 1 to 8.

    Raises ValidationError listing every problem: missing columns, missing areas, duplicate criteria,
    empty text. Nothing is saved by this function.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing_columns = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing_columns:
        raise ValidationError(
            gettext("The CSV must have the columns %(join)s. Missing: %(join2)s.")
            % {"join": ", ".join(COLUMNS), "join2": ", ".join(missing_columns)}
        )
    areas, seen, errors = {}, set(), []
    for line, row in enumerate(reader, start=2):
        area, number = (row.get("area") or "").strip(), (row.get("criterion") or "").strip()
        if not area.isdigit() or int(area) not in AREAS:
            errors.append(f"Row {line}: the area must be a number from 1 to 8.")
            continue
        if not number or not (row.get("text") or "").strip():
            errors.append(f"Row {line}: every criterion needs a number and its text.")
            continue
        if number in seen:
            errors.append(f"Row {line}: criterion {number} appears more than once.")
            continue
        seen.add(number)
        title = (row.get("area_title") or "").strip()
        entry = areas.setdefault(int(area), [title, []])
        entry[0] = entry[0] or title
        entry[1].append((number, row["text"].strip(), (row.get("guidance") or "").strip()))
    missing = [str(n) for n in AREAS if n not in areas]
    if missing:
        errors.append(f"Every toolkit area needs at least one criterion. Missing areas: {', '.join(missing)}.")
    untitled = [str(n) for n, (title, _) in areas.items() if not title]
    if untitled:
        errors.append(f"Give each area a title. Untitled areas: {', '.join(untitled)}.")
    if errors:
        raise ValidationError(errors)
    return [(number, *areas[number]) for number in AREAS]


def create_framework(models, *, name, version, text, is_current):
    """Save a parsed framework with the given model classes (the real ones, or a migration's)."""
    Framework, Area, Criterion = models
    parsed = parse_framework_csv(text)
    if is_current:
        Framework.objects.filter(is_current=True).update(is_current=False)
    framework = Framework.objects.create(name=name, version=version, is_current=is_current)
    for area_number, title, criteria in parsed:
        area = Area.objects.create(framework=framework, number=area_number, title=title)
        Criterion.objects.bulk_create(
            Criterion(area=area, number=number, text=text, guidance=guidance, order=order)
            for order, (number, text, guidance) in enumerate(criteria)
        )
    return framework
