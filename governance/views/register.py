"""The decision register: every decision across meetings and groups, searchable, as CSV, and its public version."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from common import need_to_know
from common.access import admin_required, partner_required, public
from common.audit import log_export
from common.csvexport import csv_response
from common.forms import add_service_errors
from common.pagination import paginate
from meetings.models import Decision, MeetingAction
from meetings.views.base import posted

from .. import selectors, services
from ..forms import DecisionStatusForm, RegisterFilterForm

PER_PAGE = 50


def _register(request, *, public_version):
    groups = selectors.register_groups()
    form = RegisterFilterForm(request.GET or None, groups=groups)
    filters = form.filters()
    user = None if public_version else request.user
    decisions = selectors.filter_register(selectors.register_decisions(user, public=public_version), filters)
    page = paginate(request, decisions, PER_PAGE)
    selectors.present_decisions(page.object_list, user, public=public_version)
    return render(
        request,
        "governance/register.html",
        {
            "form": form,
            "page": page,
            "motions": selectors.register_motions(user, filters, public=public_version),
            "public_version": public_version,
        },
    )


@partner_required
def register(request):
    return _register(request, public_version=False)


@public
def public_register(request):
    return _register(request, public_version=True)


def _csv(request, *, public_version):
    form = RegisterFilterForm(request.GET or None, groups=selectors.register_groups())
    filters = form.filters()
    user = None if public_version else request.user
    decisions = list(selectors.filter_register(selectors.register_decisions(user, public=public_version), filters))
    selectors.present_decisions(decisions, user, public=public_version)
    motions = selectors.register_motions(user, filters, public=public_version)
    name = "decision-register-public.csv" if public_version else "decision-register.csv"
    if not public_version:
        log_export(request, Decision, "downloaded the decision register as CSV")
    return csv_response(name, selectors.CSV_HEADER, selectors.register_csv_rows(decisions, motions))


@partner_required
def register_csv(request):
    return _csv(request, public_version=False)


@public
def public_register_csv(request):
    return _csv(request, public_version=True)


@admin_required
def decision_status(request, pk):
    """Where a decision stands: made, implemented, superseded by a later one; and its actions arising."""
    decision = get_object_or_404(
        selectors.register_decisions(request.user).select_related("minutes_version__minutes__meeting"), pk=pk
    )
    if not need_to_know.is_admin(request.user):
        raise Http404
    meeting = decision.minutes_version.minutes.meeting
    current = getattr(decision, "register_status", None)
    initial = {"status": current.status if current else "made"}
    if current:
        initial.update(
            superseded_by=current.superseded_by_id, actions=list(current.actions.values_list("pk", flat=True))
        )
    later = selectors.register_decisions(request.user).exclude(pk=decision.pk)
    form = DecisionStatusForm(
        posted(request),
        initial=initial,
        decisions=later,
        actions=MeetingAction.objects.filter(meeting=meeting).order_by("pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_status_set(
                decision,
                status=form.cleaned_data["status"],
                superseded_by=form.cleaned_data["superseded_by"],
                actions=list(form.cleaned_data["actions"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            from django.contrib import messages

            messages.success(request, "The decision's status is saved")
            return redirect("governance:register")
    return render(request, "governance/decision_status.html", {"form": form, "decision": decision, "meeting": meeting})


def decision_for(request, pk):
    return get_object_or_404(Decision.objects.visible_to(request.user), pk=pk)
