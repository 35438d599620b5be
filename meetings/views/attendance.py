"""Who is invited, their replies (signed in or from the emailed link), attendance, guests and the attendance report."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.access import admin_required, partner_required, public
from common.csvexport import csv_response
from common.forms import add_service_errors
from members.models import Person

from .. import groups, replies, selectors, services
from ..forms import AttendanceFormSet, AttendanceReportForm, GuestForm, MyReplyForm, PeopleForm, ReplyForm
from ..models import Guest, Invitation
from .base import admin_meeting, error_text, meeting_for, member_of, posted


@admin_required
def invitees(request, pk):
    meeting = admin_meeting(request, pk)
    candidates = Person.objects.active().exclude(invitations__meeting=meeting).select_related("organisation")
    form = PeopleForm(posted(request), candidates=candidates, people_label="People to invite")
    if request.method == "POST":
        if "remove" in request.POST:
            invitation = get_object_or_404(Invitation, pk=request.POST["remove"], meeting=meeting)
            try:
                services.invitation_remove(invitation)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("%(name)s is no longer invited") % {"name": invitation.person.name})
            return redirect("meetings:invitees", meeting.pk)
        if form.is_valid():
            invited = groups.invitations_add_many([meeting], form.selected())
            messages.success(
                request, ngettext("%(count)s person invited", "%(count)s people invited", invited) % {"count": invited}
            )
            return redirect("meetings:invitees", meeting.pk)
    invitations = meeting.invitations.select_related("person", "person__organisation").order_by("person__name")
    return render(request, "meetings/invitees.html", {"meeting": meeting, "form": form, "invitations": invitations})


def _reply_page_context(claim):
    invitation = claim.invitation
    return {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "answer": claim.answer,
        "answer_label": Invitation.Reply(claim.answer).label,
        "other_links": [
            (Invitation.Reply(answer).label, url)
            for answer, url in replies.reply_urls(invitation, absolute=False).items()
            if answer != claim.answer
        ],
    }


@public
def reply(request, token):
    """Answer an invitation from the emailed link, without signing in. GET shows; only POST changes anything."""
    try:
        claim = replies.read_token(token)
    except replies.ReplyLinkError as error:
        return render(request, "meetings/reply_invalid.html", {"message": str(error)}, status=400)
    form = ReplyForm(posted(request), answer=claim.answer, initial={"deputy_name": claim.invitation.deputy_name})
    context = _reply_page_context(claim)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_reply(
                claim.invitation, reply=claim.answer, deputy_name=form.cleaned_data.get("deputy_name", "")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            claim.invitation.refresh_from_db()
            return render(request, "meetings/reply_done.html", context)
    context["form"] = form
    return render(request, "meetings/reply.html", context)


@partner_required
@require_POST
def my_reply(request, pk):
    meeting = meeting_for(request, pk)
    invitation = get_object_or_404(Invitation, meeting=meeting, person=member_of(request.user))
    form = MyReplyForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_reply(
                invitation, reply=form.cleaned_data["reply"], deputy_name=form.cleaned_data["deputy_name"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your reply has been saved"))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:detail", meeting.pk)


@admin_required
def attendance(request, pk):
    meeting = admin_meeting(request, pk)
    invitations = list(meeting.invitations.select_related("person", "person__organisation").order_by("person__name"))
    formset = AttendanceFormSet(posted(request), invitations=invitations)
    errors = []
    if request.method == "POST" and not formset.is_valid():
        errors = formset.problems
    elif request.method == "POST":
        try:
            services.attendance_record(meeting, formset.records)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Attendance saved"))
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#invitees")
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "formset": formset,
            "errors": errors,
            "guest_form": GuestForm(prefix="guest"),
            "guests": meeting.guests.all(),
            "quorum": selectors.meeting_quorum(meeting),
        },
    )


@admin_required
@require_POST
def guest_add(request, pk):
    meeting = admin_meeting(request, pk)
    form = GuestForm(request.POST, prefix="guest")
    if form.is_valid():
        services.guest_add(meeting, **form.cleaned_data)
        messages.success(request, _("Guest %(name)s added") % {"name": form.cleaned_data["name"]})
    else:
        messages.error(request, _("Enter the guest's name"))
    return redirect("meetings:attendance", meeting.pk)


@admin_required
@require_POST
def guest_delete(request, pk):
    guest = get_object_or_404(Guest, pk=pk)
    guest.delete()
    messages.success(request, _("Guest %(name)s removed") % {"name": guest.name})
    return redirect("meetings:attendance", guest.meeting_id)


@admin_required
def attendance_report(request):
    form = AttendanceReportForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = selectors.attendance_by_organisation(start, end)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"attendance-{year}.csv",
            ["Organisation", "Meetings invited to", "Present", "Deputy attended", "Apologies", "Absent"],
            (
                [r["organisation"].name, r["meetings"], r["present"], r["deputy"], r["apologies"], r["absent"]]
                for r in rows
            ),
        )
    held = selectors.meetings_held(start, end).count()
    return render(
        request,
        "meetings/attendance_report.html",
        {"rows": rows, "year": year, "form": form, "meeting_count": held},
    )
