"""What partners and the public see: the member directory, one's own details, the member organisations."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import partner_required, public
from common.forms import form_page
from common.pagination import paginate

from .. import selectors, services
from ..forms import DirectorySearchForm, MyDetailsForm
from ..models import Organisation

DIRECTORY_ORGANISATIONS_PER_PAGE = 20


@partner_required
def directory(request):
    """A page of organisations (so none is split across pages) with their current members."""
    form = DirectorySearchForm(request.GET or None)
    people = form.apply(selectors.directory_people(request.user))
    organisations = Organisation.objects.filter(pk__in=people.values("organisation_id")).order_by("name", "pk")
    page = paginate(request, organisations, DIRECTORY_ORGANISATIONS_PER_PAGE)
    rows = people.filter(organisation__in=[organisation.pk for organisation in page.object_list])
    return render(
        request,
        "members/directory.html",
        {
            "filter_form": form,
            "page": page,
            "people": rows.select_related("organisation").order_by("organisation__name", "organisation_id", "name"),
        },
    )


@partner_required
def my_details(request):
    person = request.user.member
    if person is None:
        raise PermissionDenied(_("Your sign-in is not linked to a current member."))
    form = MyDetailsForm(request.POST or None, instance=person)
    return form_page(
        request,
        form,
        lambda: services.person_update_own_details(person=form.instance, expected_version=form.cleaned_data["version"]),
        success=_("Your details are saved."),
        redirect_to=lambda: reverse("members:my_details"),
        template="members/form.html",
        context={
            "title": _("Your contact details"),
            "caption": person.organisation or "Member in your own right",
            "intro": _(
                "Other members see your name, job title, role and work email address in the member directory. "
                "To change your role or organisation, contact the partnership officer."
            ),
            "cancel_url": reverse("home"),
        },
    )


@public
def public_organisations(request):
    organisations = Organisation.objects.members().order_by("sector", "name").only("name", "sector", "website")
    return render(request, "members/public_organisations.html", {"organisations": organisations})
