"""CSV imports of people and organisations: check the file first, then import what was checked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from common.access import admin_required
from common.csvexport import csv_response

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
        "rows": ngettext_lazy("%(count)s person", "%(count)s people", "count"),
    },
    "organisations": {
        "run": imports.organisations_import,
        "columns": imports.ORGANISATION_COLUMNS,
        "required": imports.ORGANISATION_REQUIRED,
        "list": "members:organisations",
        "noun": "organisations",
        "rows": ngettext_lazy("%(count)s organisation", "%(count)s organisations", "count"),
    },
}


def _import(request, kind):
    spec = IMPORTS[kind]
    session_key = f"members-import-{kind}"
    report = None
    form = ImportForm()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        text = request.session.get(session_key)
        if text is None:
            messages.error(request, _("Upload the file again: the checked file is no longer available."))
            return redirect(request.path)
        report = spec["run"](text, dry_run=False)
        if report.imported:
            del request.session[session_key]
            imported = _("Imported %(rows)s.") % {"rows": spec["rows"] % {"count": report.new_rows}}
            if report.skipped:
                imported += " " + ngettext(
                    "%(count)s row already held left as they were.",
                    "%(count)s rows already held left as they were.",
                    report.skipped,
                ) % {"count": report.skipped}
            if kind == "people" and report.created_ids:
                imported = offer_main_board(imported, report.created_ids)
            messages.success(request, imported)
            return redirect(spec["list"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            report = spec["run"](text, dry_run=True)
            if report.ok:
                request.session[session_key] = text
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
            "rows_of": spec["rows"] % {"count": report.new_rows} if report else "",
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
