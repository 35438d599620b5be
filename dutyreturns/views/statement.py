"""The Channel assurance statement (and its PDF), the public referral pathway, information-sharing agreements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from common import need_to_know
from common.access import admin_required, partner_required, public
from common.audit import log_access
from common.downloads import bytes_download
from common.forms import add_service_errors, form_page
from common.pdf import render_pdf

from .. import policy, selectors, services
from ..forms import AgreementForm, PathwayForm, SignForm, StatementForm
from ..models import AssuranceStatement, ReferralPathway, SharingAgreement
from .channel import require_channel_reader


def _statement_context(year):
    statement = AssuranceStatement.objects.filter(year=year).first()
    ratings = statement.ratings.select_related("area") if statement else []
    return {
        "year": year,
        "statement": statement,
        "ratings": ratings,
        "data": selectors.channel_year(year),
        "attendance": selectors.panel_attendance(year),
    }


@partner_required
def statement(request, year):
    require_channel_reader(request, policy.CHANNEL_STATEMENT)
    return render(request, "dutyreturns/statement.html", {**_statement_context(year), "sign_form": SignForm()})


@partner_required
def statement_pdf(request, year):
    require_channel_reader(request, policy.CHANNEL_STATEMENT)
    context = _statement_context(year)
    if context["statement"] is None:
        raise Http404("No statement for that year")
    pdf = render_pdf("pdf/channel_statement.html", {**context, "today": timezone.localdate()})
    log_access(request, [context["statement"]], "downloaded the Channel assurance statement PDF")
    return bytes_download(pdf, filename=f"channel-assurance-statement-{year}.pdf")


@admin_required
def statement_edit(request, year):
    record = services.statement_for_year(year)
    if record.is_signed:
        messages.error(request, services.SIGNED)
        return redirect("dutyreturns:statement", year=year)
    ratings = list(record.ratings.select_related("area"))
    initial = {"summary": record.summary, "version": record.version}
    for row in ratings:
        initial[f"r{row.pk}"], initial[f"e{row.pk}"] = row.rating, row.evidence
    form = StatementForm(request.POST or None, initial=initial, ratings=ratings)
    return form_page(
        request,
        form,
        lambda: services.statement_save(
            statement=record, summary=form.cleaned_data["summary"], ratings=form.rated(),
            expected_version=form.cleaned_data.get("version"), case_data=form.case_data,
        ),
        success="Statement saved.",
        redirect_to=lambda: f"/prevent-duty/channel/statement/{year}/",
        template="dutyreturns/form.html",
        context={"heading": f"Channel assurance statement {year} to {year + 1}", "cancel_url": "../"},
    )  # fmt: skip


@admin_required
def statement_sign(request, year):
    record = get_object_or_404(AssuranceStatement, year=year)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_sign(statement=record, by=request.user, case_data=form.case_data, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Statement signed.")
            return redirect("dutyreturns:statement", year=year)
    return render(request, "dutyreturns/statement.html", {**_statement_context(year), "sign_form": form})


@public
def pathway(request):
    current = ReferralPathway.objects.order_by("-number").first()
    if current is None:
        raise Http404("No referral pathway is published yet")
    return render(request, "dutyreturns/pathway.html", {"pathway": current, "today": timezone.localdate()})


@admin_required
def pathway_publish(request):
    current = ReferralPathway.objects.order_by("-number").first()
    initial = {"body": current.body, "review_date": current.review_date} if current else {}
    form = PathwayForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.pathway_publish(by=request.user, case_data=form.case_data, **form.cleaned_data),
        success="New version published.",
        redirect_to=lambda: "/prevent-duty/referral-pathway/",
        template="dutyreturns/form.html",
        context={"heading": "Publish a new version of the referral pathway", "cancel_url": "/prevent-duty/"},
    )


def _agreements(user):
    rows = SharingAgreement.objects.select_related("organisation")
    if need_to_know.shown(policy.SHARING_AGREEMENTS, need_to_know.role(user)):
        return rows
    member = need_to_know.member_of(user)
    if member is not None and member.organisation_id and need_to_know.shown(policy.SHARING_AGREEMENTS, policy.OWN):
        return rows.filter(organisation_id=member.organisation_id)
    return rows.none()


@partner_required
def agreements(request):
    gaps = selectors.agreement_gaps() if need_to_know.is_admin(request.user) else []
    return render(
        request,
        "dutyreturns/agreements.html",
        {"agreements": _agreements(request.user), "gaps": gaps, "today": timezone.localdate()},
    )


@admin_required
def agreement_create(request):
    form = AgreementForm(request.POST or None, initial={"version": 1})
    return _agreement_page(request, form, "Add an information-sharing agreement")


@admin_required
def agreement_edit(request, pk):
    form = AgreementForm(request.POST or None, instance=get_object_or_404(SharingAgreement, pk=pk))
    return _agreement_page(request, form, "Change an information-sharing agreement")


def _agreement_page(request, form, heading):
    return form_page(
        request,
        form,
        lambda: services.agreement_save(
            agreement=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            case_data=form.case_data,
        ),
        success="Agreement saved.",
        redirect_to=lambda: "/prevent-duty/agreements/",
        template="dutyreturns/form.html",
        context={"heading": heading, "cancel_url": "/prevent-duty/agreements/"},
    )
