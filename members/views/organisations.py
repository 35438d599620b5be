"""Organisations: the admins' list with its filters and CSV, each record, adding, editing, leaving."""

from functools import partial

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required
from common.csvexport import csv_response
from common.pagination import paginate

from .. import selectors, services
from ..forms import OrganisationFilterForm, OrganisationForm, OrganisationLeaveForm
from ..models import Organisation
from .base import PAGE_SIZE, add_page, edit_page, end_page

DETAIL = "members:organisation_detail"


def _organisations(request):
    return selectors.organisations_with_counts(Organisation.objects.visible_to(request.user)).order_by("name")


@admin_required
def organisations(request):
    form = OrganisationFilterForm(request.GET or None)
    page = paginate(request, form.apply(_organisations(request)), PAGE_SIZE)
    return render(
        request,
        "members/organisations.html",
        {"filter_form": form, "page": page},
    )


@admin_required
def organisations_export(request):
    organisations = OrganisationFilterForm(request.GET or None).apply(_organisations(request))
    header = ["Name", "Sector", "Has Prevent duty", "Address", "Website", "Status", "Date joined", "Current members"]
    rows = (
        [
            organisation.name,
            organisation.get_sector_display(),
            "yes" if organisation.has_prevent_duty else "no",
            organisation.address,
            organisation.website,
            organisation.get_status_display(),
            organisation.date_joined.isoformat(),
            organisation.active_people,
        ]
        for organisation in organisations
    )
    return csv_response("organisations.csv", header, rows)


@admin_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    people = organisation.people.select_related("deputy_for").order_by("status", "name")
    return render(
        request,
        "members/organisation_detail.html",
        {"organisation": organisation, "people": people, "representatives": people.representing()},
    )


@admin_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    create = partial(services.organisation_create, organisation=form.instance)
    cancel_url = reverse("members:organisations")
    return add_page(
        request,
        form,
        create,
        added=_("Organisation added."),
        title=_("Add an organisation"),
        cancel_url=cancel_url,
        detail=DETAIL,
    )


@admin_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    return edit_page(request, form, partial(services.organisation_update, organisation=organisation), detail=DETAIL)


@admin_required
def organisation_leave(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    return end_page(
        request,
        organisation,
        OrganisationLeaveForm,
        partial(services.organisation_leave, organisation=organisation),
        already=f"{organisation.name} has already left.",
        success=_("%(name)s has left the partnership. Its members' terms have ended; records are kept.")
        % {"name": organisation.name},
        template="members/organisation_leave.html",
        detail=DETAIL,
    )
