"""Membership screens: admin lists, forms and imports; the partner directory; the public pages and join form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common import pagecache
from common.access import admin_required, partner_required, public
from common.csvexport import csv_response
from common.forms import add_service_errors, versioned_save
from common.pagination import paginate
from common.text import render_markdown

from . import selectors, services
from .forms import (
    ApproveForm,
    DeclineForm,
    DirectorySearchForm,
    EndMembershipForm,
    ImportForm,
    JoinForm,
    LinkedBodyForm,
    MyDetailsForm,
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationLeaveForm,
    PeopleFilterForm,
    PersonForm,
    TermsForm,
)
from .models import JoinRequest, LinkedBody, Organisation, Person, TermsOfReference

PAGE_SIZE = 50
DIRECTORY_ORGANISATIONS_PER_PAGE = 20


def _save_form(request, form, save, *, success, redirect_to):
    """Validate, call the service, turn conflicts and broken rules into form errors: (response or None, changes)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    saved, changes = versioned_save(request, form, save, success=success)
    return (redirect(redirect_to()) if saved else None), changes or []


# --- People -----------------------------------------------------------------------------------


def _filtered_people(request, form):
    people = Person.objects.visible_to(request.user).select_related("organisation", "deputy_for").order_by("name", "pk")
    if not form.is_valid():
        return people
    data = form.cleaned_data
    if data["q"]:
        q = data["q"]
        people = people.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(job_title__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if data["sector"]:
        people = people.filter(organisation__sector=data["sector"])
    if data["status"]:
        people = people.filter(status=data["status"])
    if data["role"]:
        people = people.filter(role=data["role"])
    if data["duty"]:
        people = people.filter(organisation__has_prevent_duty=data["duty"] == "yes")
    return people


@admin_required
def people(request):
    def build():
        form = PeopleFilterForm(request.GET or None)
        page = paginate(request, _filtered_people(request, form), PAGE_SIZE)
        page.object_list = selectors.people_rows(page.object_list)
        return {"filter_form": form, "page": page}, {"title": "People"}

    # The same for every admin: from the shared cache while no one has changed the data.
    response, _ = pagecache.render_page(
        request, "members/_people_body.html", ["people", request.GET.urlencode()], build
    )
    return response


@admin_required
def people_export(request):
    people = _filtered_people(request, PeopleFilterForm(request.GET or None))
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
    response, changes = _save_form(
        request,
        form,
        lambda: services.person_create(person=form.instance),
        success="Member added.",
        redirect_to=lambda: reverse("members:person_detail", args=[form.instance.pk]),
    )
    return response or render(
        request,
        "members/form.html",
        {"form": form, "title": "Add a member", "cancel_url": reverse("members:people"), "changes": changes},
    )


@admin_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    response, changes = _save_form(
        request,
        form,
        lambda: services.person_update(person=form.instance, expected_version=form.cleaned_data["version"]),
        success="Changes saved.",
        redirect_to=lambda: reverse("members:person_detail", args=[pk]),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": f"Edit {person.name}",
            "cancel_url": reverse("members:person_detail", args=[pk]),
            "changes": changes,
        },
    )


@admin_required
def person_end(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    if person.status == Person.Status.FORMER:
        messages.info(request, f"{person.name} is already a former member.")
        return redirect("members:person_detail", pk=pk)
    form = EndMembershipForm(request.POST or None)
    response, _ = _save_form(
        request,
        form,
        lambda: services.person_end_membership(person=person, end_date=form.cleaned_data["end_date"]),
        success=f"{person.name}'s membership has ended. Their record and history are kept.",
        redirect_to=lambda: reverse("members:person_detail", args=[pk]),
    )
    return response or render(
        request,
        "members/end_membership.html",
        {"form": form, "person": person, "cancel_url": reverse("members:person_detail", args=[pk])},
    )


@admin_required
@require_POST
def person_invite(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    try:
        services.person_invite(person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We have emailed {person.email} a link to set a password and sign in.")
    return redirect("members:person_detail", pk=pk)


# --- Organisations ----------------------------------------------------------------------------


def _filtered_organisations(request, form):
    organisations = selectors.organisations_with_counts(Organisation.objects.visible_to(request.user)).order_by("name")
    if not form.is_valid():
        return organisations
    data = form.cleaned_data
    if data["q"]:
        organisations = organisations.filter(name__icontains=data["q"])
    if data["sector"]:
        organisations = organisations.filter(sector=data["sector"])
    if data["status"]:
        organisations = organisations.filter(status=data["status"])
    if data["duty"]:
        organisations = organisations.filter(has_prevent_duty=data["duty"] == "yes")
    return organisations


@admin_required
def organisations(request):
    form = OrganisationFilterForm(request.GET or None)
    page = paginate(request, _filtered_organisations(request, form), PAGE_SIZE)
    return render(
        request,
        "members/organisations.html",
        {"filter_form": form, "page": page},
    )


@admin_required
def organisations_export(request):
    organisations = _filtered_organisations(request, OrganisationFilterForm(request.GET or None))
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
    response, changes = _save_form(
        request,
        form,
        lambda: services.organisation_create(organisation=form.instance),
        success="Organisation added.",
        redirect_to=lambda: reverse("members:organisation_detail", args=[form.instance.pk]),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": "Add an organisation",
            "cancel_url": reverse("members:organisations"),
            "changes": changes,
        },
    )


@admin_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    response, changes = _save_form(
        request,
        form,
        lambda: services.organisation_update(organisation=form.instance, expected_version=form.cleaned_data["version"]),
        success="Changes saved.",
        redirect_to=lambda: reverse("members:organisation_detail", args=[pk]),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": f"Edit {organisation.name}",
            "cancel_url": reverse("members:organisation_detail", args=[pk]),
            "changes": changes,
        },
    )


@admin_required
def organisation_leave(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    if organisation.status == Organisation.Status.LEFT:
        messages.info(request, f"{organisation.name} has already left.")
        return redirect("members:organisation_detail", pk=pk)
    form = OrganisationLeaveForm(request.POST or None)
    response, _ = _save_form(
        request,
        form,
        lambda: services.organisation_leave(organisation=organisation, date_left=form.cleaned_data["date_left"]),
        success=f"{organisation.name} has left the partnership. Its members' terms have ended; records are kept.",
        redirect_to=lambda: reverse("members:organisation_detail", args=[pk]),
    )
    return response or render(
        request,
        "members/organisation_leave.html",
        {"form": form, "organisation": organisation, "cancel_url": reverse("members:organisation_detail", args=[pk])},
    )


# --- CSV import -------------------------------------------------------------------------------

IMPORTS = {
    "people": {
        "run": services.people_import,
        "columns": services.PEOPLE_COLUMNS,
        "required": services.PEOPLE_REQUIRED,
        "list": "members:people",
        "noun": "people",
    },
    "organisations": {
        "run": services.organisations_import,
        "columns": services.ORGANISATION_COLUMNS,
        "required": services.ORGANISATION_REQUIRED,
        "list": "members:organisations",
        "noun": "organisations",
    },
}


def _import(request, kind):
    spec = IMPORTS[kind]
    session_key = f"members-import-{kind}"
    report = None
    form = ImportForm()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        text = request.session.get(session_key)
        if text is None:
            messages.error(request, "Upload the file again: the checked file is no longer available.")
            return redirect(request.path)
        report = spec["run"](text, dry_run=False)
        if report.imported:
            del request.session[session_key]
            messages.success(request, f"Imported {report.rows} {spec['noun']}.")
            return redirect(spec["list"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            report = spec["run"](text, dry_run=True)
            if report.ok:
                request.session[session_key] = text
            else:
                request.session.pop(session_key, None)
    return render(
        request,
        "members/import.html",
        {
            "form": form,
            "report": report,
            "kind": kind,
            "noun": spec["noun"],
            "columns": spec["columns"],
            "required": spec["required"],
            "cancel_url": reverse(spec["list"]),
        },
    )


@admin_required
def people_import(request):
    return _import(request, "people")


@admin_required
def organisations_import(request):
    return _import(request, "organisations")


# --- Coverage, linked bodies ------------------------------------------------------------------


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
    response, changes = _save_form(
        request,
        form,
        lambda: services.linked_body_create(body=form.instance),
        success="Linked body added.",
        redirect_to=lambda: reverse("members:linked_bodies"),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": "Add a linked body",
            "cancel_url": reverse("members:linked_bodies"),
            "changes": changes,
        },
    )


@admin_required
def linked_body_edit(request, pk):
    body = get_object_or_404(LinkedBody, pk=pk)
    form = LinkedBodyForm(request.POST or None, instance=body)
    response, changes = _save_form(
        request,
        form,
        lambda: services.linked_body_update(body=form.instance, expected_version=form.cleaned_data["version"]),
        success="Changes saved.",
        redirect_to=lambda: reverse("members:linked_bodies"),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": f"Edit {body.name}",
            "cancel_url": reverse("members:linked_bodies"),
            "changes": changes,
        },
    )


# --- Terms of Reference -----------------------------------------------------------------------

_GOVUK_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<a ": '<a class="govuk-link" ',
    "<table>": '<table class="govuk-table">',
    "<blockquote>": '<blockquote class="govuk-inset-text">',
}


def _govuk_markdown(text):
    """Sanitised Markdown with GOV.UK typography (the allow-list strips attributes, so bare tags are safe to match)."""
    html = render_markdown(text)
    for tag, styled in _GOVUK_CLASSES.items():
        html = html.replace(tag, styled)
    return html


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
            "body": _govuk_markdown(shown.body) if shown else "",
        },
    )


@admin_required
def terms_new(request):
    current = TermsOfReference.objects.current()
    form = TermsForm(request.POST or None, initial={"body": current.body if current else ""})
    response, changes = _save_form(
        request,
        form,
        lambda: services.terms_publish(terms=form.instance, by=request.user),
        success="The new version of the Terms of Reference is published.",
        redirect_to=lambda: reverse("members:terms"),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": "Publish a new version of the Terms of Reference",
            "intro": "Earlier versions stay readable. The new version is public as soon as you publish it.",
            "cancel_url": reverse("members:terms"),
            "changes": changes,
            "submit_label": "Publish",
        },
    )


# --- Join requests ----------------------------------------------------------------------------


def _client_ip(request):
    """The applicant's address. Behind N trusted proxies it is the Nth address from the right of X-Forwarded-For
    (the one our own proxy added); anything further left could be made up by the client."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


@public
def join(request):
    form = JoinForm(request.POST or None)
    # Only complete applications count towards the limit, so a person correcting mistakes is never locked out.
    if request.method == "POST" and form.is_valid():
        if services.join_rate_limited(_client_ip(request)):
            return render(request, "members/join_rate_limited.html", status=429)
        if not form.is_spam:
            services.join_request_submit(join_request=form.instance)
        # Robots get the same answer as people, so they learn nothing from it.
        return redirect("members:join_sent")
    return render(request, "members/join.html", {"form": form})


@public
def join_sent(request):
    return render(request, "members/join_sent.html")


@admin_required
def join_requests(request):
    status = request.GET.get("status") or JoinRequest.Status.PENDING
    if status not in JoinRequest.Status.values:
        status = JoinRequest.Status.PENDING
    page = paginate(
        request, JoinRequest.objects.visible_to(request.user).filter(status=status).select_related("person"), PAGE_SIZE
    )
    return render(
        request,
        "members/join_requests.html",
        {"page": page, "status": status, "statuses": JoinRequest.Status.choices, "query": f"status={status}"},
    )


@admin_required
def join_request_detail(request, pk):
    join_request = get_object_or_404(
        JoinRequest.objects.visible_to(request.user).select_related("person", "decided_by"), pk=pk
    )
    return _render_join_request(request, join_request, ApproveForm(), DeclineForm())


def _render_join_request(request, join_request, approve_form, decline_form, status=200):
    matches = {
        "people": Person.objects.filter(email__iexact=join_request.email).select_related("organisation"),
        "requests": JoinRequest.objects.filter(email__iexact=join_request.email).exclude(pk=join_request.pk),
        "organisations": Organisation.objects.filter(name__iexact=join_request.organisation_name)
        if join_request.organisation_name
        else Organisation.objects.none(),
    }
    return render(
        request,
        "members/join_request_detail.html",
        {
            "join_request": join_request,
            "approve_form": approve_form,
            "decline_form": decline_form,
            "form": approve_form if approve_form.errors else decline_form,
            "matches": matches,
        },
        status=status,
    )


@admin_required
@require_POST
def join_request_approve(request, pk):
    join_request = get_object_or_404(JoinRequest.objects.visible_to(request.user), pk=pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_approve(
                join_request=join_request,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Approved. We have emailed {join_request.email} a link to set a password.")
            return redirect("members:join_requests")
    return _render_join_request(request, join_request, form, DeclineForm(), status=400)


@admin_required
@require_POST
def join_request_decline(request, pk):
    join_request = get_object_or_404(JoinRequest.objects.visible_to(request.user), pk=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_decline(
                join_request=join_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Declined. We have emailed the reason to {join_request.email}.")
            return redirect("members:join_requests")
    return _render_join_request(request, join_request, ApproveForm(), form, status=400)


# --- Partners ---------------------------------------------------------------------------------


@partner_required
def directory(request):
    """A page of organisations (so none is split across pages) with their current members."""
    form = DirectorySearchForm(request.GET or None)
    people = Person.objects.visible_to(request.user).filter(organisation__isnull=False)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        people = people.filter(
            Q(name__icontains=query) | Q(job_title__icontains=query) | Q(organisation__name__icontains=query)
        )
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
        raise PermissionDenied("Your sign-in is not linked to a current member.")
    form = MyDetailsForm(request.POST or None, instance=person)
    response, changes = _save_form(
        request,
        form,
        lambda: services.person_update_own_details(person=form.instance, expected_version=form.cleaned_data["version"]),
        success="Your details are saved.",
        redirect_to=lambda: reverse("members:my_details"),
    )
    return response or render(
        request,
        "members/form.html",
        {
            "form": form,
            "title": "Your contact details",
            "caption": person.organisation or "Member in your own right",
            "intro": "Other members see your name, job title, role and work email address in the member directory. "
            "To change your role or organisation, contact the partnership officer.",
            "changes": changes,
            "cancel_url": reverse("home"),
        },
    )


# --- Public -----------------------------------------------------------------------------------


@public
def public_organisations(request):
    organisations = Organisation.objects.members().order_by("sector", "name").only("name", "sector", "website")
    return render(request, "members/public_organisations.html", {"organisations": organisations})
