"""CSV imports of people and organisations: check the file first, then import what was checked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required
from common.csvexport import csv_response
from common.text import count_of

from .. import imports
from ..forms import ImportForm
from .base import offer_main_board

IMPORTS = {
    "people": {
        "run": imports.people_import,
        "columns": imports.PEOPLE_COLUMNS,
        "required": imports.PEOPLE_REQUIRED,
        "list": "members:people",
        "noun": "people",
        "nouns": ("person", "people"),
    },
    "organisations": {
        "run": imports.organisations_import,
        "columns": imports.ORGANISATION_COLUMNS,
        "required": imports.ORGANISATION_REQUIRED,
        "list": "members:organisations",
        "noun": "organisations",
        "nouns": ("organisation", "organisations"),
    },
}


def _done_message(report, nouns):
    """What the import did, in words: 'Imported 2 people and updated 1 person. 3 rows were already up to date.'"""
    parts = []
    if report.created:
        parts.append(f"imported {count_of(report.created, *nouns)}")
    if report.updated:
        parts.append(f"updated {count_of(report.updated, *nouns)}")
    text = (" and ".join(parts) or "changed nothing").capitalize() + "."
    if report.skipped == 1:
        text += " 1 row already up to date was left as it was."
    elif report.skipped:
        text += f" {report.skipped} rows already up to date were left as they were."
    return text


def _import(request, kind):
    spec = IMPORTS[kind]
    session_key = f"members-import-{kind}"
    report = None
    form = ImportForm()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        checked = request.session.get(session_key)
        if not isinstance(checked, dict):
            messages.error(request, _("Upload the file again: the checked file is no longer available."))
            return redirect(request.path)
        report = spec["run"](checked["text"], dry_run=False, expected=checked["preview"])
        if report.imported:
            del request.session[session_key]
            done = _done_message(report, spec["nouns"])
            if kind == "people" and report.created_ids:
                done = offer_main_board(done, report.created_ids)
            messages.success(request, done)
            return redirect(spec["list"])
        if report.stale:
            # Someone changed the records after the check: nothing was written; show what it would do now.
            report = spec["run"](checked["text"], dry_run=True)
            if report.ok:
                request.session[session_key] = {"text": checked["text"], "preview": report.fingerprint}
            report.stale = True
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            report = spec["run"](text, dry_run=True)
            if report.ok and report.has_changes:
                request.session[session_key] = {"text": text, "preview": report.fingerprint}
            else:
                request.session.pop(session_key, None)
    return render(
        request,
        "members/import.html",
        {
            "form": form,
            "report": report,
            "kind": kind,
            "noun": spec["noun"],
            "to_create": count_of(report.created, *spec["nouns"]) if report else "",
            "to_update": count_of(report.updated, *spec["nouns"]) if report else "",
            "columns": spec["columns"],
            "required": spec["required"],
            "cancel_url": reverse(spec["list"]),
        },
    )


@admin_required
def people_import(request):
    return _import(request, "people")


@admin_required
def organisations_import(request):
    return _import(request, "organisations")


def _template(kind):
    """A CSV with the headings an import reads (as the export writes them) and no rows, to fill in."""
    headings = [column.replace("_", " ").capitalize() for column in IMPORTS[kind]["columns"]]
    return csv_response(f"{kind}-import-template.csv", headings, [])


@admin_required
def people_import_template(request):
    return _template("people")


@admin_required
def organisations_import_template(request):
    return _template("organisations")
