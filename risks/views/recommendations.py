"""Outside recommendations tracked beside the risks: the list with its checks, one recommendation, adding and editing
them and their sources, and making a plan action for one (an unmet criterion of the assurance letter)."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse

from actionplans.models import Action
from common.access import admin_required, partner_required

from .. import services
from ..forms import RecommendationActionForm, RecommendationForm, SourceForm
from ..models import Recommendation, Risk
from .base import recommendation_for, risks_form_page


def recommendation_url(recommendation):
    return reverse("risks:recommendation", args=[recommendation.pk])


@partner_required
def recommendations(request):
    rows = (
        Recommendation.objects.visible_to(request.user)
        .select_related("source", "owner_organisation", "owner_officer")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.visible_to(request.user)),
            # Only the risks the reader may read are named: the others' references would tell of them.
            Prefetch("risks", queryset=Risk.objects.visible_to(request.user).select_related("assessment")),
        )
        .order_by("source__kind", "source__name", "reference")
    )
    neither = set(Recommendation.objects.visible_to(request.user).with_neither().values_list("pk", flat=True))
    unmet = set(Recommendation.objects.visible_to(request.user).unmet_without_action().values_list("pk", flat=True))
    groups = {}
    for row in rows:
        row.answered_by_nothing, row.unmet_without_action = row.pk in neither, row.pk in unmet
        groups.setdefault(row.source, []).append(row)
    return render(
        request,
        "risks/recommendations.html",
        {"groups": groups.items(), "neither": len(neither), "unmet": len(unmet)},
    )


@partner_required
def recommendation(request, pk):
    recommendation = recommendation_for(request, pk)
    return render(
        request,
        "risks/recommendation.html",
        {
            "recommendation": recommendation,
            "actions": recommendation.actions.visible_to(request.user).select_related(
                "priority__plan", "lead_organisation"
            ),
            "risks": recommendation.risks.visible_to(request.user).select_related("assessment"),
        },
    )


@admin_required
def recommendation_create(request):
    form = RecommendationForm(request.POST or None)
    return risks_form_page(
        request,
        form,
        lambda: services.recommendation_save(
            recommendation=form.save(commit=False),
            actions=form.cleaned_data["actions"],
            risks=form.cleaned_data["risks"],
            case_data=form.case_data,
        ),
        success="Recommendation added.",
        back=lambda: recommendation_url(form.instance),
        cancel_url=reverse("risks:recommendations"),
        heading="Add an outside recommendation",
        intro="Its reference and a short summary in our own words: never a restricted text, never words from the CTLP.",
    )


@admin_required
def recommendation_edit(request, pk):
    recommendation = recommendation_for(request, pk)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    return risks_form_page(
        request,
        form,
        lambda: services.recommendation_save(
            recommendation=form.save(commit=False),
            expected_version=form.cleaned_data["version"],
            actions=form.cleaned_data["actions"],
            risks=form.cleaned_data["risks"],
            case_data=form.case_data,
        ),
        success="Recommendation saved.",
        back=recommendation_url(recommendation),
        heading=f"Edit {recommendation}",
    )


@admin_required
def recommendation_action(request, pk):
    recommendation = recommendation_for(request, pk)
    form = RecommendationActionForm(
        request.POST or None,
        initial={"description": recommendation.local_wording, "lead_organisation": recommendation.owner_organisation},
    )
    return risks_form_page(
        request,
        form,
        lambda: services.recommendation_action_create(
            recommendation=recommendation, action=form.save(commit=False), case_data=form.case_data
        ),
        success=lambda: f"Action {form.instance.reference} added to the plan, answering {recommendation}.",
        back=recommendation_url(recommendation),
        heading=f"Make a plan action for {recommendation}",
        intro="The action goes into a draft plan under the priority you choose, and is linked to this recommendation.",
    )


@admin_required
def source_create(request):
    form = SourceForm(request.POST or None)
    return risks_form_page(
        request,
        form,
        lambda: services.source_save(source=form.save(commit=False), case_data=form.case_data),
        success=lambda: f"{form.instance} added.",
        back=reverse("risks:recommendations"),
        heading="Add a source of recommendations",
    )
