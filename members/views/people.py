"""People: the admins' list with its filters and CSV, each person's record, adding, editing, ending, inviting."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import admin_required
from common.audit import log_export
from common.csvexport import csv_response
from common.forms import form_page
from common.pagination import paginate

from .. import data_protection, selectors, services
from ..forms import EndMembershipForm, ErasureForm, PeopleFilterForm, PersonForm
from ..models import Person
from .base import PAGE_SIZE, add_page, edit_page, end_page

DETAIL = "members:person_detail"


def _people(request):
    return Person.objects.visible_to(request.user).select_related("organisation", "deputy_for").order_by("name", "pk")


@admin_required
def people(request):
    form = PeopleFilterForm(request.GET or None)
    page = paginate(request, form.apply(_people(request)), PAGE_SIZE)
    page.object_list = selectors.people_rows(page.object_list)
    return render(request, "members/people.html", {"filter_form": form, "page": page})


@admin_required
def people_export(request):
    people = PeopleFilterForm(request.GET or None).apply(_people(request))
    header = [
        "Name",
        "Job title",
        "Email",
        "Phone",
        "Organisation",
        "Role",
        "Deputy for",
        "Term start",
        "Term end",
        "Status",
    ]
    rows = (
        [
            person.name,
            person.job_title,
            person.email,
            person.phone,
            person.organisation.name if person.organisation else "",
            person.get_role_display(),
            person.deputy_for.email if person.deputy_for else "",
            person.term_start.isoformat(),
            person.term_end.isoformat() if person.term_end else "",
            person.get_status_display(),
        ]
        for person in people.iterator(chunk_size=500)
    )
    log_export(request, Person, "downloaded as CSV")
    return csv_response("people.csv", header, rows)


@admin_required
def person_detail(request, pk):
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("organisation", "deputy_for", "user"), pk=pk
    )
    return render(
        request,
        "members/person_detail.html",
        {
            "person": person,
            "deputies": person.deputies.select_related("organisation").order_by("name"),
            "changes": selectors.person_changes(person),
            "join_requests": person.join_requests.all(),
        },
    )


@admin_required
def person_create(request):
    form = PersonForm(request.POST or None, initial={"organisation": request.GET.get("organisation")})
    create = partial(services.person_create, person=form.instance)
    cancel_url = reverse("members:people")
    return add_page(
        request, form, create, added=_("Member added."), title=_("Add a member"), cancel_url=cancel_url, detail=DETAIL
    )


@admin_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    return edit_page(request, form, partial(services.person_update, person=person), detail=DETAIL)


@admin_required
def person_end(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("user"), pk=pk)
    return end_page(
        request,
        person,
        EndMembershipForm,
        partial(services.person_end_membership, person=person),
        already=f"{person.name} is already a former member.",
        success=_("%(name)s's membership has ended. Their record and history are kept.") % {"name": person.name},
        template="members/end_membership.html",
        detail=DETAIL,
    )


@admin_required
def person_erase(request, pk):
    """Erasure on request: every record of theirs anonymised now, with the reason kept in the audit trail."""
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("user"), pk=pk)
    back = reverse(DETAIL, args=[person.pk])
    if person.anonymised_at:
        messages.info(request, "Their personal details have already been removed.")
        return redirect(back)
    name = person.name
    form = ErasureForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: data_protection.person_erase(person=person, reason=form.cleaned_data["reason"]),
        success=f"{name}'s personal details are erased. The audit trail records who did it, when and why.",
        redirect_to=lambda: back,
        template="members/erase.html",
        context={"person": person, "cancel_url": back},
    )


@admin_required
@require_POST
def person_login_close(request, pk):
    """Close the person's sign-in (a council admin's too), signing it out everywhere; their membership stays."""
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("user"), pk=pk)
    if person.user is None or not person.user.is_active:
        messages.info(request, f"{person.name} has no open sign-in.")
        return redirect("members:person_detail", pk=pk)
    try:
        services.login_close(user=person.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.user.email} is closed and signed out everywhere.")
    return redirect("members:person_detail", pk=pk)


@admin_required
@require_POST
def person_invite(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    try:
        services.person_invite(person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("We have emailed %(email)s a link to set a password and sign in.") % {"email": person.email}
        )
    return redirect("members:person_detail", pk=pk)
