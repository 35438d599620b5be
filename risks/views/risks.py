"""One risk: its page (with its history and linked actions), adding, editing and removing it in a draft."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from common.access import admin_required, login_required
from common.confirm import confirm_page

from .. import selectors, services
from ..forms import RiskForm
from ..models import Risk
from .base import assessment_for, assessment_url, risk_for, risks_form_page


def risk_url(risk):
    return reverse("risks:risk", args=[risk.pk])


@login_required
def risk(request, pk):
    risk = risk_for(request, pk)
    actions = (
        risk.actions.visible_to(request.user)
        .select_related("priority__plan", "lead_organisation")
        .order_by("reference")
    )
    return render(
        request,
        "risks/risk.html",
        {
            "risk": risk,
            "assessment": risk.assessment,
            "actions": actions,
            "ctlp": risk.recommendations.filter(source__kind="ctlp"),
            "outside": risk.recommendations.exclude(source__kind="ctlp").select_related("source"),
            "criteria": risk.criteria.select_related("area"),
            "history": selectors.risk_history(risk),
            "heat": selectors.heat_map(selectors.positions_of([risk]), title=f"Risk {risk.reference}"),
            "today": timezone.localdate(),
        },
    )


def _save(form):
    def save():
        risk = form.save(commit=False)
        return services.risk_save(
            risk=risk,
            expected_version=form.cleaned_data.get("version"),
            actions=form.cleaned_data["actions"],
            criteria=form.cleaned_data["criteria"],
            ctlp=form.cleaned_data["ctlp"],
            case_data=form.case_data,
        )

    return save


def _refuse_unless_draft(request, assessment):
    if assessment.is_editable:
        return None
    messages.error(request, services.AGREED_MESSAGE)
    return redirect(assessment_url(assessment))


@admin_required
def risk_create(request, pk):
    assessment = assessment_for(request, pk)
    if refused := _refuse_unless_draft(request, assessment):
        return refused
    form = RiskForm(
        request.POST or None,
        instance=Risk(assessment=assessment),
        assessment=assessment,
    )
    return risks_form_page(
        request,
        form,
        _save(form),
        success=lambda: f"Risk {form.instance.reference} added.",
        back=lambda: risk_url(form.instance),
        cancel_url=assessment_url(assessment),
        heading="Add a risk",
        caption=str(assessment),
    )


@admin_required
def risk_edit(request, pk):
    risk = risk_for(request, pk)
    if refused := _refuse_unless_draft(request, risk.assessment):
        return refused
    form = RiskForm(request.POST or None, instance=risk, assessment=risk.assessment)
    return risks_form_page(
        request,
        form,
        _save(form),
        success=f"Risk {risk.reference} saved.",
        back=risk_url(risk),
        heading=f"Edit risk {risk.reference}",
        caption=str(risk.assessment),
    )


@admin_required
def risk_delete(request, pk):
    risk = risk_for(request, pk)
    if refused := _refuse_unless_draft(request, risk.assessment):
        return refused
    if request.method != "POST":
        return confirm_page(
            request,
            caption=str(risk.assessment),
            question=f"Remove risk {risk.reference}?",
            consequences=["It leaves this draft. Its history keeps that it was there."],
            button="Remove the risk",
            back=risk_url(risk),
        )
    services.risk_delete(risk=risk)
    messages.success(request, f"Risk {risk.reference} removed.")
    return redirect(assessment_url(risk.assessment))
