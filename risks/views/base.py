"""Helpers the risk register's views share: finding records through the visible querysets, and the one-form page."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from common.forms import form_page

from ..models import Recommendation, Risk, RiskAssessment


def assessment_for(request, pk):
    return get_object_or_404(RiskAssessment.objects.visible_to(request.user), pk=pk)


def risk_for(request, pk):
    return get_object_or_404(
        Risk.objects.visible_to(request.user).select_related(
            "assessment", "theme", "owner_organisation", "owner_officer", "origin__assessment"
        ),
        pk=pk,
    )


def recommendation_for(request, pk):
    return get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related("source", "owner_organisation", "owner_officer"),
        pk=pk,
    )


def assessment_url(assessment):
    return reverse("risks:assessment", args=[assessment.pk])


def risks_form_page(request, form, save, *, success, back, heading, caption="", **context):
    """A one-form page of the register: saved or cancelled, the reader goes back to `back` (a path, or a function
    giving it once saved)."""
    return form_page(
        request,
        form,
        save,
        success=success,
        redirect_to=back if callable(back) else (lambda: back),
        template="risks/form.html",
        context={
            "heading": heading,
            "caption": caption,
            "cancel_url": context.pop("cancel_url", None) or (back if isinstance(back, str) else ""),
            **context,
        },
    )
