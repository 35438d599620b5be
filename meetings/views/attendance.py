"""Who is invited, their replies (signed in or from the emailed link), attendance, guests and the attendance report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import admin_required, partner_required, public
from common.confirm import confirm_or_act, confirm_page
from common.csvexport import csv_response
from common.forms import add_service_errors
from common.text import count_of
from members.models import Person

from .. import groups, minutes_record, replies, selectors, services
from ..forms import AttendanceFormSet, AttendanceReportForm, GuestForm, MyReplyForm, PeopleForm, ReplyForm
from ..models import Guest, Invitation, Meeting
from .base import admin_meeting, error_text, meeting_for, member_of, posted


@admin_required
def invitees(request, pk):
    meeting = admin_meeting(request, pk)
    candidates = Person.objects.active().exclude(invitations__meeting=meeting).select_related("organisation")
    form = PeopleForm(posted(request), candidates=candidates, people_label="People to invite")
    if request.method == "POST" and form.is_valid():
        try:
            invited = groups.invitations_add_many([meeting], form.selected())
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            emailed = " and emailed the agenda" if invited and meeting.status == meeting.Status.AGENDA_PUBLISHED else ""
            messages.success(request, f"{count_of(invited, 'person', 'people')} invited{emailed}")
        return redirect("meetings:invitees", meeting.pk)
    invitations = meeting.invitations.select_related("person", "person__organisation", "person__user").order_by(
        "person__name"
    )
    return render(request, "meetings/invitees.html", {"meeting": meeting, "form": form, "invitations": invitations})


@admin_required
@confirm_or_act
def invitation_remove(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("meeting", "person"), pk=pk)
    meeting = admin_meeting(request, invitation.meeting_id)
    back = reverse("meetings:invitees", args=[meeting.pk])
    if request.method == "GET":
        return confirm_page(
            request,
            caption=meeting.title,
            question=f"Remove {invitation.person.name} from this meeting's invitees?",
            consequences=[
                "They are no longer invited: no more reminders or updates about this meeting, and their reply "
                "links stop working.",
                "They stay in the group, and are still invited to its other meetings.",
            ],
            button=_("Yes, remove them"),
            back=back,
        )
    try:
        services.invitation_remove(invitation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"{invitation.person.name} is no longer invited")
    return redirect(back)


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
            "frozen": minutes_record.frozen_because(meeting),
        },
    )


@admin_required
@require_POST
def guest_add(request, pk):
    meeting = admin_meeting(request, pk)
    form = GuestForm(request.POST, prefix="guest")
    if form.is_valid():
        try:
            services.guest_add(meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Guest {form.cleaned_data['name']} added")
    else:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors) or "Enter the guest's name"
        )
    return redirect("meetings:attendance", meeting.pk)


@admin_required
@confirm_or_act
def guest_delete(request, pk):
    guest = get_object_or_404(Guest.objects.select_related("meeting"), pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            caption=guest.meeting.title,
            question=f"Remove {guest.name} from the meeting's guests?",
            button=_("Yes, remove the guest"),
            back=reverse("meetings:attendance", args=[guest.meeting_id]),
        )
    try:
        services.guest_delete(guest)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"Guest {guest.name} removed")
    return redirect("meetings:attendance", guest.meeting_id)


def _report_years():
    """Municipal years from the first meeting's to this one, newest first."""
    this_year = selectors.municipal_year_of(timezone.localdate())
    first = Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    earliest = min(this_year, selectors.municipal_year_of(timezone.localtime(first).date())) if first else this_year
    return list(range(this_year, earliest - 1, -1))


@admin_required
def attendance_report(request):
    """Attendance by organisation for one municipal year (April to March) and one group (the main board unless
    another, or all groups together, is chosen)."""
    years = _report_years()
    board = groups.main_board()
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    data.setdefault("group", str(board.pk) if board else "")
    form = AttendanceReportForm(data, years=years)
    year, group = years[0], board
    if form.is_valid():
        year = form.cleaned_data["year"] or years[0]
        group = form.cleaned_data["group"]
    start, end = selectors.municipal_year(year)
    rows = selectors.attendance_by_organisation(start, end, group)
    label = f"{year}/{(year + 1) % 100:02d}"
    if request.GET.get("format") == "csv":
        columns = ["meetings", "present", "deputy", "apologies", "absent", "not_recorded"]
        return csv_response(
            f"attendance-{year}-{(year + 1) % 100:02d}{f'-{slugify(group.name)}' if group else ''}.csv",
            ["Organisation", "Meetings invited to", "Present", "Deputy attended", "Apologies", "Absent",
             "Not recorded"],
            ([row["organisation"].name, *(row[column] for column in columns)] for row in rows),
        )  # fmt: skip
    return render(
        request,
        "meetings/attendance_report.html",
        {
            "rows": rows,
            "year_label": label,
            "start": start,
            "end": end,
            "group": group,
            "form": form,
            "meeting_count": selectors.meetings_held(start, end, group).count(),
            "csv_query": urlencode({"year": year, "group": group.pk if group else "", "format": "csv"}),
        },
    )
