"""The register of interests: each member keeps their own entries and confirms them once a year; admins and members
read the whole register; admins see who has not confirmed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.access import admin_required, partner_required
from common.forms import form_page
from common.need_to_know import member_of
from meetings.views.base import posted

from .. import emails, selectors, services
from ..forms import InterestForm
from ..models import Interest


def _member(request):
    member = member_of(request.user)
    if member is None:
        raise Http404("Only a current member keeps a register of interests")
    return member


@partner_required
def register(request):
    return render(request, "governance/interests.html", selectors.interests_register(request.user))


@partner_required
def mine(request):
    member = member_of(request.user)
    if member is None:
        return render(request, "governance/interests_none.html")
    return render(request, "governance/my_interests.html", {"person": member, **selectors.my_interests(member)})


@partner_required
def interest_add(request):
    member = _member(request)
    form = InterestForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.interest_add(member, case_data=form.case_data, **form.values()),
        success="Interest added to your register",
        redirect_to=lambda: reverse("governance:my_interests"),
        template="governance/form.html",
        context={"heading": "Add an interest", "cancel_url": reverse("governance:my_interests")},
    )


@partner_required
def interest_edit(request, pk):
    member = _member(request)
    interest = get_object_or_404(Interest.objects.filter(person=member), pk=pk)
    form = InterestForm(posted(request), instance=interest)
    return form_page(
        request,
        form,
        lambda: services.interest_edit(interest, expected_version=form.cleaned_data["version"], **form.values()),
        success="Interest saved",
        redirect_to=lambda: reverse("governance:my_interests"),
        template="governance/form.html",
        context={"heading": "Change an interest", "cancel_url": reverse("governance:my_interests")},
    )


@admin_required
@require_POST
def confirmations_ask(request):
    year = emails.confirmation_year()
    if year is None:
        messages.error(request, "The year's confirmations can be asked for from 1 April")
    else:
        try:
            services.confirmations_ask(year=year, by=request.user)
        except services.AlreadyDone as done:
            messages.info(request, done.message)
        else:
            messages.success(request, f"Every member who has not confirmed for {year} will be emailed, once")
    return redirect("governance:interests")


@partner_required
@require_POST
def confirm(request):
    member = _member(request)
    try:
        services.interests_confirm(member)
    except services.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, "Thank you: your register of interests is confirmed for this year")
    return redirect("governance:my_interests")
