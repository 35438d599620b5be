"""Sector coverage and the linked bodies the partnership reports to."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required
from common.forms import form_page

from .. import selectors, services
from ..forms import LinkedBodyForm
from ..models import LinkedBody


@admin_required
def coverage(request):
    sectors = selectors.coverage()
    return render(
        request,
        "members/coverage.html",
        {"sectors": sectors, "gap_count": sum(len(s.gaps) + (0 if s.organisations else 1) for s in sectors)},
    )


@admin_required
def linked_bodies(request):
    return render(request, "members/linked_bodies.html", {"bodies": LinkedBody.objects.all()})


@admin_required
def linked_body_create(request):
    form = LinkedBodyForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.linked_body_create(body=form.instance),
        success=_("Linked body added."),
        redirect_to=lambda: reverse("members:linked_bodies"),
        template="members/form.html",
        context={
            "title": _("Add a linked body"),
            "cancel_url": reverse("members:linked_bodies"),
        },
    )


@admin_required
def linked_body_edit(request, pk):
    body = get_object_or_404(LinkedBody, pk=pk)
    form = LinkedBodyForm(request.POST or None, instance=body)
    return form_page(
        request,
        form,
        lambda: services.linked_body_update(body=form.instance, expected_version=form.cleaned_data["version"]),
        success=_("Changes saved."),
        redirect_to=lambda: reverse("members:linked_bodies"),
        template="members/form.html",
        context={
            "title": _("Edit %(name)s") % {"name": body.name},
            "cancel_url": reverse("members:linked_bodies"),
        },
    )
