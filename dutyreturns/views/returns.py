"""Partner returns: the list, entering and changing one (signed in or by the emailed link), the coverage heat map
and late returns."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_export
from common.concurrency import EditConflict
from common.csvexport import csv_response
from common.forms import add_service_errors
from common.pagination import paginate
from members.models import Organisation

from .. import selectors, services
from ..forms import ReturnForm
from ..models import PartnerReturn, ReturnPeriod

RETURNS_PER_PAGE = 50


def return_for(request, pk):
    return get_object_or_404(
        PartnerReturn.objects.visible_to(request.user).select_related("organisation", "period", "prevent_lead"), pk=pk
    )


def _returns(user):
    return PartnerReturn.objects.visible_to(user).select_related("organisation", "period", "prevent_lead")


@partner_required
def index(request):
    """Every return the reader may read: an admin all, a partner its own organisation's."""
    rows = _returns(request.user).order_by("-period__start", "organisation__name")
    if request.GET.get("format") == "csv":
        log_export(request, PartnerReturn, "downloaded the partner returns as CSV")
        return csv_response(
            "partner-returns.csv",
            ["Organisation", "Period", "Prevent lead", "Submitted", "Late"],
            ([r.organisation.name, r.period.label, r.prevent_lead.name if r.prevent_lead else "",
              r.submitted_at.date(), "yes" if r.is_late else "no"] for r in rows),
        )  # fmt: skip
    member = need_to_know.member_of(request.user)
    page = paginate(request, rows, RETURNS_PER_PAGE)
    return render(
        request,
        "dutyreturns/index.html",
        {"returns": page.object_list, "page": page, "organisation": member and member.organisation},
    )


def _organisation_for_new(request):
    """A partner enters its own organisation's return; an admin names the organisation (?organisation=)."""
    if need_to_know.is_admin(request.user):
        return get_object_or_404(Organisation.objects.members(), pk=request.GET.get("organisation") or 0)
    member = need_to_know.member_of(request.user)
    if member is None or member.organisation is None:
        raise PermissionDenied("Only a member of an organisation can make its return.")
    return member.organisation


def _return_page(request, *, organisation, form, save, heading, record=None, by_link=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except EditConflict:
            form.add_error(None, "Someone else changed this return while you were editing it: reload it and try again")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if by_link is not None:
                return render(request, "dutyreturns/return_done.html", {"record": saved})
            return redirect("dutyreturns:detail", pk=saved.pk)
    return render(request, "dutyreturns/return_form.html",
                  {"form": form, "organisation": organisation, "heading": heading, "record": record,
                   "by_link": by_link})  # fmt: skip


def _form(request, organisation, *, new, initial=None):
    return ReturnForm(
        request.POST or None,
        organisation=organisation,
        products=services.products_for(organisation),
        questions=services.questions_for(organisation),
        new=new,
        initial=initial,
    )


@partner_required
def create(request):
    organisation = _organisation_for_new(request)
    period = ReturnPeriod.objects.filter(pk=request.GET.get("period") or 0).first()
    initial = services.return_prefill(organisation)
    if period is not None:
        initial["period"] = period.pk
    form = _form(request, organisation, new=True, initial=initial)
    return _return_page(
        request,
        organisation=organisation,
        form=form,
        heading=f"Prevent duty return: {organisation}",
        save=lambda: services.return_save(
            organisation=organisation, period=form.cleaned_data["period"], by=request.user, **_data(form)
        ),
    )


def _data(form):
    return {"prevent_lead": form.cleaned_data["prevent_lead"], "notes": form.cleaned_data.get("notes", ""),
            "training": form.training(), "answers": form.answers(), "case_data": form.case_data}  # fmt: skip


def _initial_from(record):
    initial = {"prevent_lead": record.prevent_lead_id, "notes": record.notes, "version": record.version}
    for line in record.training.all():
        for name in ("in_scope", "completions", "in_date"):
            initial[f"p{line.product_id}_{name}"] = getattr(line, name)
    for answer in record.answers.all():
        initial[f"q{answer.question_id}"] = answer.number if answer.number is not None else answer.text
    return initial


@partner_required
def edit(request, pk):
    record = return_for(request, pk)
    form = _form(request, record.organisation, new=False, initial=_initial_from(record))
    return _return_page(
        request,
        organisation=record.organisation,
        form=form,
        record=record,
        heading=f"Change the return: {record.organisation}, {record.period}",
        save=lambda: services.return_save(
            organisation=record.organisation, period=record.period, by=request.user, existing=record,
            expected_version=form.cleaned_data.get("version"), **_data(form),
        ),
    )  # fmt: skip


def return_by_link(request, return_request):
    """The link in a return email (the engine has checked it): the return, without signing in, once."""
    organisation = Organisation.objects.get(pk=return_request.subject_id)
    period = ReturnPeriod.objects.get(pk=return_request.round_id)
    initial = {**services.return_prefill(organisation, before=period), "period": period.pk}
    form = _form(request, organisation, new=False, initial=initial)
    return _return_page(
        request,
        organisation=organisation,
        form=form,
        by_link=return_request,
        heading=f"Prevent duty return: {organisation}, {period}",
        save=lambda: services.return_by_link(return_request=return_request, **_data(form)),
    )


@partner_required
def detail(request, pk):
    record = return_for(request, pk)
    lines = record.training.select_related("product")
    answers = selectors.sector_answers_shown(record) if record.answers.exists() else []
    return render(request, "dutyreturns/detail.html", {"record": record, "lines": lines, "answers": answers})


@admin_required
def coverage(request):
    grid = selectors.coverage_grid()
    return render(request, "dutyreturns/coverage.html", {"grid": grid, "svg": selectors.heat_map_svg(grid)})


@admin_required
def late(request):
    return render(
        request,
        "dutyreturns/late.html",
        {"rows": selectors.late_returns(), "ask_url": reverse("returnrequests:overview")},
    )
