"""No export can carry a formula (OWASP CSV injection): found, not listed.

Every free-text column of the shared world is made to start with a formula character (`=`, `+`, `-`, `@`, tab,
carriage return), then every page of the access matrix is opened as an admin and as a partner, every link on
it followed once, and every answer that is a CSV or an XLSX file read cell by cell. A source scan makes sure
nothing but common/csvexport.py writes either format.
"""

import csv
import io
import itertools
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Left
from openpyxl import load_workbook

from .crawl import crawl

ROOT = Path(__file__).resolve().parents[2]
STARTS = ("=", "+", "-", "@", "\t", "\r")
PLANTED = {"=": "=HYPERLINK(\"http://evil.example\",\"x\")", "+": "+1+cmd|' /C calc'!A0", "-": "-2+3",
           "@": "@SUM(1,1)", "\t": "\t=1+1", "\r": "\r=1+1"}  # fmt: skip
APPS = ("members", "meetings", "actionplans", "assurance", "outbox")
# Structured values the app parses (a year "2026/27", a criterion "1.1"), not text a person types.
SKIP_FIELDS = {"token", "key", "filename", "file", "document", "password", "version", "kind", "year_label", "number"}


def _plantable(field):
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and not field.choices
        and not field.unique
        and not field.primary_key
        and field.name not in SKIP_FIELDS
    )


def _planted(field, start):
    """The planted text, then the row's id (values unique together stay unique), cut to the column's length."""
    value = Concat(Value(PLANTED[start] + " "), Cast("pk", output_field=models.TextField()), output_field=field)
    return Left(value, field.max_length) if field.max_length else value


@pytest.fixture(scope="module")
def planted(world, django_db_blocker):
    """Every free-text column of every row starts with a formula character (a different one column by column)."""
    prefixes = itertools.cycle(STARTS)
    with django_db_blocker.unblock():
        for model in apps.get_models():
            if model._meta.app_label not in APPS or model._meta.proxy:
                continue
            fields = [field for field in model._meta.concrete_fields if _plantable(field)]
            if fields:
                model._base_manager.update(**{field.name: _planted(field, next(prefixes)) for field in fields})
    return world


def _cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return [(number, cell, "s") for number, row in enumerate(rows, start=1) for cell in row]
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.row, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _is_export(response):
    kind = response.get("Content-Type", "")
    return response.status_code == 200 and (kind.startswith("text/csv") or "spreadsheetml" in kind)


def test_no_cell_of_any_export_can_run_as_a_formula(planted, client_for):
    exports = {}
    for role in ("admin", "partner_a"):
        for url, response in crawl(planted, client_for(role), role):
            if _is_export(response):
                exports[url if "?" in url else url + "?"] = _cells(response)
    found = " ".join(exports)
    plan_csv = f"/action-plans/{planted.plan.pk}/export.csv"
    for expected in ("/members/people/export.csv", "/members/organisations/export.csv", "/meetings/actions/?",
                     "/meetings/attendance/?", plan_csv, "/return.xlsx"):  # fmt: skip
        assert expected in found, f"no export like {expected}: {found}"
    formulas = [
        f"{url}: {value!r}"
        for url, cells in exports.items()
        for _row, value, data_type in cells
        if data_type == "f" or (isinstance(value, str) and value.startswith(STARTS))
    ]
    assert formulas == []
    # The planted text reached the exports (neutralised), so the check above looked at something.
    carrying = {
        url
        for url, cells in exports.items()
        if any(str(value).startswith(tuple("'" + start for start in STARTS)) for _r, value, _t in cells)
    }
    for expected in ("/members/people/export.csv", "/meetings/actions/?", "/export.csv", "/return.xlsx"):
        assert any(expected in url for url in carrying), f"the planted text never reached {expected}"


def test_nothing_but_the_export_helper_writes_csv_or_xlsx():
    writers = re.compile(r"csv\.(writer|DictWriter)|openpyxl|xlsxwriter|content_type=\"text/csv")
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "var/", "node_modules/")) or relative == "common/csvexport.py":
            continue
        text = path.read_text()
        # Reading an uploaded CSV (imports) is not writing one.
        if writers.search(re.sub(r"csv\.(reader|DictReader|Sniffer|Error)", "", text)):
            offenders.append(relative)
    # The assurance return builds its workbook's layout with openpyxl, but every row goes through xlsx_append and
    # the bytes through xlsx_bytes, which refuses a workbook holding a formula.
    assert offenders == ["assurance/documents.py"], offenders
    source = (ROOT / "assurance" / "documents.py").read_text()
    assert ".append(" not in source.split("def return_xlsx", 1)[1].split("\ndef ", 1)[0]
    assert "return xlsx_bytes(book)" in source
