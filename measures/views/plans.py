"""A plan as a whole: imported from CSV, its quarterly highlight report (page and PDF), the statuses' usual percents."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans.views.base import plan_for
from common.access import admin_required, partner_required
from common.downloads import rendered_pdf_views
from common.forms import add_service_errors
from members.imports import read_csv_text

from .. import imports, reports, selectors, services
from ..forms import ImportForm, StatusPercentsForm, encode_percents
from ..models import HighlightReport

SESSION_KEY = "measures-plan-import"


@admin_required
def plan_import(request):
    """Check a CSV first (every bad row listed with its line), then import what was checked, in one go."""
    form = ImportForm()
    report = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        checked = request.session.get(SESSION_KEY)
        if checked is None:
            messages.error(request, "Upload the file again: the checked file is no longer available.")
            return redirect("measures:plan_import")
        fields = checked["fields"]
        report = imports.plan_import(checked["text"], dry_run=False, **_dates(fields))
        if report.imported:
            del request.session[SESSION_KEY]
            messages.success(request, f"Plan {report.plan.year_label} imported as a draft. Check it, then approve it.")
            return redirect("actionplans:plan", report.plan.pk)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = read_csv_text(form.cleaned_data["file"])
            except ValidationError as error:
                add_service_errors(form, ValidationError({"file": error.messages}))
            else:
                fields = {k: form.cleaned_data[k] for k in ("year_label", "title", "start_date", "end_date")}
                report = imports.plan_import(text, dry_run=True, **fields)
                if report.ok:
                    request.session[SESSION_KEY] = {"text": text, "fields": _as_text(fields)}
                else:
                    request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "measures/import.html",
        {"form": form, "report": report, "cancel_url": reverse("actionplans:index")},
    )


def _as_text(fields):
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()}


def _dates(fields):
    return {k: datetime.date.fromisoformat(v) if k.endswith("_date") else v for k, v in fields.items()}


@partner_required
def highlight(request, pk):
    """The plan's exceptions on a page, with its PDF for the board."""
    plan = plan_for(request, pk)
    context = selectors.plan_exceptions(plan)
    context["pdf"] = HighlightReport.objects.filter(plan=plan).first()
    return render(request, "measures/highlight.html", context)


highlight_pdf, highlight_pdf_prepare = rendered_pdf_views(
    access=partner_required,
    owner=plan_for,
    pdf_of=lambda plan: HighlightReport.objects.filter(plan=plan).first(),
    ask=reports.highlight_pdf_request,
    page="measures:highlight",
    audit="downloaded the highlight report as PDF",
)


@admin_required
def status_percents_edit(request):
    current = services.status_percents()
    form = StatusPercentsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_percents_save(percents=form.percents(), expected=form.seen_percents())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # changed meanwhile: the form shows theirs now, to check and save
                theirs = services.status_percents()
                form = StatusPercentsForm(
                    {**{s: theirs.get(s, "") for s in theirs}, "seen": encode_percents(theirs)}, current=theirs
                )
                form.is_valid()
            add_service_errors(form, error)
        else:
            messages.success(request, "Usual percents saved.")
            return redirect("actionplans:index")
    return render(
        request,
        "measures/form.html",
        {
            "form": form,
            "heading": "Usual percent complete of each status",
            "intro": "A progress update that gives a status and leaves percent complete empty takes the status's "
            "usual percent, as does an imported action with none. Leave a status empty for none.",
            "cancel_url": reverse("actionplans:index"),
        },
    )
