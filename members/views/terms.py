"""The Terms of Reference: every published version for the public, a new version for admins."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required, public
from common.forms import form_page

from .. import services
from ..forms import TermsForm
from ..models import TermsOfReference


@public
def terms(request, number=None):
    versions = list(TermsOfReference.objects.order_by("-approved_on", "-number"))
    current = versions[0] if versions else None
    if number is None:
        shown = current
    else:
        shown = next((version for version in versions if version.number == number), None)
        if shown is None:
            raise Http404("No such version of the Terms of Reference")
    return render(
        request,
        "members/terms.html",
        {
            "terms": shown,
            "current": current,
            "versions": versions,
        },
    )


@admin_required
def terms_new(request):
    current = TermsOfReference.objects.current()
    form = TermsForm(request.POST or None, initial={"body": current.body if current else ""})
    return form_page(
        request,
        form,
        lambda: services.terms_publish(terms=form.instance, by=request.user, case_data=form.case_data),
        success=_("The new version of the Terms of Reference is published."),
        redirect_to=lambda: reverse("members:terms"),
        template="members/form.html",
        context={
            "title": _("Publish a new version of the Terms of Reference"),
            "intro": _("Earlier versions stay readable. The new version is public as soon as you publish it."),
            "cancel_url": reverse("members:terms"),
            "submit_label": _("Publish"),
        },
    )
