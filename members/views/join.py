"""Applications to join: the public form, and the admins' queue to approve or decline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import admin_required, public
from common.forms import add_service_errors
from common.http import client_ip
from common.pagination import paginate

from .. import services
from ..forms import ApproveForm, DeclineForm, JoinForm
from ..models import JoinRequest, Organisation, Person
from .base import PAGE_SIZE, offer_main_board

JOIN_PREFILL_SESSION_KEY = "join_prefill"


def join_prefill(request, *, name, email):
    """Fill the join form in for someone the app does not know yet (a single sign-on provider vouched for them)."""
    request.session[JOIN_PREFILL_SESSION_KEY] = {"name": name[:200], "email": email[:254]}


@public
def join(request):
    form = JoinForm(request.POST or None, initial=request.session.get(JOIN_PREFILL_SESSION_KEY))
    # Only complete applications count towards the limit, so a person correcting mistakes is never locked out.
    if request.method == "POST" and form.is_valid():
        if services.join_rate_limited(client_ip(request)):
            # The form comes back as it was typed: nothing is lost, it can be sent again later.
            return render(request, "members/join.html", {"form": form, "rate_limited": True}, status=429)
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
            join_request = services.join_request_approve(
                join_request=join_request,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                offer_main_board(
                    _("Approved. We have emailed %(email)s a link to set a password.") % {"email": join_request.email},
                    [join_request.person_id],
                ),
            )
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
                join_request=join_request, by=request.user, reason=form.cleaned_data["reason"], case_data=form.case_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Declined. We have emailed the reason to %(email)s.") % {"email": join_request.email}
            )
            return redirect("members:join_requests")
    return _render_join_request(request, join_request, ApproveForm(), form, status=400)
