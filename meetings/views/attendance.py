"""Who is invited, their replies (signed in or from the emailed link), attendance, guests and the attendance report."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.access import admin_required, partner_required, public
from common.csvexport import csv_response
from common.forms import add_service_errors

from .. import replies, selectors, services
from ..forms import AttendanceReportForm, GuestForm, InviteForm, MyReplyForm, ReplyForm
from ..models import Guest, Invitation, Meeting
from .base import admin_meeting, error_text, meeting_for, member_of, posted


@admin_required
def invitees(request, pk):
    meeting = admin_meeting(request, pk)
    form = InviteForm(posted(request), meeting=meeting)
    if request.method == "POST":
        if "remove" in request.POST:
            invitation = get_object_or_404(Invitation, pk=request.POST["remove"], meeting=meeting)
            try:
                services.invitation_remove(invitation)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, f"{invitation.person.name} is no longer invited")
            return redirect("meetings:invitees", meeting.pk)
        if form.is_valid():
            services.invitation_add(meeting, form.cleaned_data["person"])
            messages.success(request, f"{form.cleaned_data['person'].name} invited")
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
            messages.success(request, "Your reply has been saved")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:detail", meeting.pk)


@admin_required
def attendance(request, pk):
    meeting = admin_meeting(request, pk)
    invitations = list(meeting.invitations.select_related("person", "person__organisation").order_by("person__name"))
    guest_form = GuestForm(prefix="guest")
    errors = []
    if request.method == "POST":
        records = {}
        for invitation in invitations:
            value = request.POST.get(f"attendance-{invitation.pk}", invitation.attendance)
            if value not in Invitation.Attendance.values:
                value = invitation.attendance
            records[invitation.pk] = (value, request.POST.get(f"deputy-{invitation.pk}", ""))
        try:
            services.attendance_record(meeting, records)
        except ValidationError as error:
            errors = error.messages
            for invitation in invitations:
                invitation.attendance, invitation.attended_deputy_name = records[invitation.pk]
        else:
            messages.success(request, "Attendance saved")
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#invitees")
    present, needed, total = services.quorum(meeting, invitations)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "choices": Invitation.Attendance.choices,
            "errors": errors,
            "guest_form": guest_form,
            "guests": meeting.guests.all(),
            "quorum": {"present": present, "needed": needed, "total": total, "met": present >= needed},
        },
    )


@admin_required
@require_POST
def guest_add(request, pk):
    meeting = admin_meeting(request, pk)
    form = GuestForm(request.POST, prefix="guest")
    if form.is_valid():
        services.guest_add(meeting, **form.cleaned_data)
        messages.success(request, f"Guest {form.cleaned_data['name']} added")
    else:
        messages.error(request, "Enter the guest's name")
    return redirect("meetings:attendance", meeting.pk)


@admin_required
@require_POST
def guest_delete(request, pk):
    guest = get_object_or_404(Guest, pk=pk)
    guest.delete()
    messages.success(request, f"Guest {guest.name} removed")
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
    held = (
        Meeting.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .exclude(status=Meeting.Status.CANCELLED)
        .count()
    )
    return render(
        request,
        "meetings/attendance_report.html",
        {"rows": rows, "year": year, "form": form, "meeting_count": held},
    )
