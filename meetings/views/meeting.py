"""The meeting page, its calendar file, and the admin's forms for a meeting's details, status and publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_access_to
from common.confirm import confirm_page
from common.forms import add_service_errors, form_page, versioned_save
from common.text import count_of

from .. import calendar, groups, policy, reminders, selectors, services
from ..forms import MeetingForm, MyReplyForm, ScheduleYearForm, StatusForm
from ..models import AgendaItem, Invitation, MeetingAction, MinutesVersion
from .base import admin_meeting, error_text, meeting_for, member_of, posted


@partner_required
def detail(request, pk):
    meeting = meeting_for(request, pk)
    context = _detail_context(request.user, meeting)
    confidential = [(i.pk, str(i)) for i in context["items"] if need_to_know.logged(policy.ITEM_TITLE, i)]
    response = render(request, "meetings/detail.html", context)
    log_access_to(request, AgendaItem, confidential, "viewed confidential agenda item")
    return response


def _detail_context(user, meeting):
    member = member_of(user)
    my_invitation = Invitation.objects.filter(meeting=meeting, person=member).first() if member is not None else None
    if member is not None:
        # The need-to-know policy asks whether this partner is invited; the invitation just read answers it.
        policy.remember_invitation(user, meeting, my_invitation is not None)
    context = {
        "meeting": meeting,
        "part": "agenda",
        "items": selectors.agenda_items(user, meeting),
        "my_invitation": my_invitation,
        "sees_confidential": policy.audience(user, meeting) in (need_to_know.ADMIN, policy.INVITEE),
        "reply_form": MyReplyForm(
            initial={"reply": my_invitation.reply, "deputy_name": my_invitation.deputy_name} if my_invitation else None
        ),
        "minutes_versions": list(MinutesVersion.objects.visible_to(user, meeting).order_by("number")),
    }
    if need_to_know.is_admin(user):
        # The page summarises replies and quorum; the attendance page lists every invitee.
        context.update(guests=list(meeting.guests.all()), **selectors.invitation_summary(meeting))
    return context


@partner_required
def meeting_actions(request, pk):
    """The meeting's actions, a part of its own (GOV.UK sub-navigation): those agreed at it, and the open actions
    of earlier meetings carried forward to it (matters arising)."""
    meeting = meeting_for(request, pk)
    carried = selectors.carried_forward_page(meeting, MeetingAction.objects.visible_to(request.user))
    actions = MeetingAction.objects.visible_to(request.user, meeting).order_by("due_date", "pk")
    context = {
        "meeting": meeting,
        "part": "actions",
        "actions": selectors.action_rows(actions),
        "carried_forward": carried.actions,
        "carried_forward_total": carried.total,
        "minutes_versions": list(MinutesVersion.objects.visible_to(request.user, meeting).order_by("number")),
    }
    return render(request, "meetings/actions.html", context)


@partner_required
def meeting_ics(request, pk):
    meeting = meeting_for(request, pk)
    response = HttpResponse(calendar.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.ics_filename(meeting)}"'
    return response


@admin_required
def create(request):
    form = MeetingForm(posted(request), initial={"group": groups.main_board()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(**form.values(), case_data=form.case_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Meeting created with the standing agenda items and the group's members invited")
            )
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": gettext("New meeting"),
            "cancel_url": reverse("meetings:index"),
            "submit_label": gettext("Create"),
        },
    )


@admin_required
def edit(request, pk):
    meeting = admin_meeting(request, pk)
    form = MeetingForm(posted(request), instance=meeting)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.meeting_update(
                meeting, expected_version=form.cleaned_data["version"], case_data=form.case_data, **form.values()
            ),
            success=gettext("Meeting updated"),
        )
        if saved:
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": gettext("Edit meeting"),
            "caption": meeting.title,
            "changes": changes,
            "cancel_url": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


@admin_required
def schedule_year(request):
    next_year = timezone.localdate().year + 1
    form = ScheduleYearForm(posted(request), initial={"group": groups.main_board(), "year": next_year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.meeting_schedule_year(
                group=data["group"],
                year=data["year"],
                months=data["months"],
                weekday=data["weekday"],
                nth=data["nth"],
                start=data["start_time"],
                end=data["end_time"],
                venue=data["venue"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{len(created)} meeting{'s' if len(created) != 1 else ''} scheduled for {data['year']}"
                + ("" if created else ": every month chosen already has a meeting"),
            )
            return redirect("meetings:index")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": gettext("Schedule the year"),
            "intro": gettext(
                "Creates one meeting in each month chosen, on the same day pattern and times. "
                "Each starts with the standing agenda items and the group's members invited; "
                "you can edit them afterwards."
            ),
            "cancel_url": reverse("meetings:index"),
            "submit_label": gettext("Schedule meetings"),
        },
    )


@admin_required
def change_status(request, pk):
    meeting = admin_meeting(request, pk)
    form = StatusForm(posted(request), initial={"status": meeting.status, "note": meeting.status_note})
    cancelling = (
        request.method == "POST"
        and not meeting.status_frozen_reason
        and form.is_valid()
        and form.cleaned_data["status"] == "cancelled"
    )
    if cancelling and form.cleaned_data["note"].strip() and request.POST.get("confirmed") != "yes":
        return _confirm_cancellation(request, meeting, form.cleaned_data["note"].strip())
    return form_page(
        request,
        form,
        lambda: services.meeting_set_status(meeting, **form.cleaned_data),
        success=gettext("Meeting status changed"),
        redirect_to=lambda: reverse("meetings:detail", args=[meeting.pk]),
        frozen=meeting.status_frozen_reason,
        template="meetings/form.html",
        context={
            "heading": gettext("Change the meeting's status"),
            "caption": meeting.title,
            "cancel_url": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


def _confirm_cancellation(request, meeting, note):
    invitees = meeting.invitations.count()
    told = (
        f"{count_of(invitees, 'invitee')} will be emailed that it is cancelled, with this reason, and a calendar "
        "file that removes it from their calendars."
        if meeting.announced_at or meeting.agenda_published_at
        else "It was never announced, so nobody is emailed."
    )
    return confirm_page(
        request,
        caption=meeting.title,
        question=f"Cancel the meeting on {date_format(timezone.localtime(meeting.starts_at))}?",
        consequences=[f"Reason: {note}", told],
        button="Yes, cancel the meeting",
        back=reverse("meetings:status", args=[meeting.pk]),
        fields={"status": "cancelled", "note": note},
    )


def _posted_version(request):
    """The version the form was opened at; a post without one counts as stale, so it never sends twice."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@admin_required
def publish(request, pk):
    meeting = admin_meeting(request, pk)
    if request.method == "POST" and "new_only" in request.POST:
        try:
            sent = services.agenda_send_to_new_invitees(meeting)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if sent:
                messages.success(request, f"Emailing the agenda to {count_of(sent, 'new invitee', 'new invitees')}")
            else:
                messages.info(request, "Every invitee has had the agenda: nobody was emailed")
        return redirect("meetings:detail", meeting.pk)
    if request.method == "POST":
        try:
            _, republished = services.meeting_publish_agenda(meeting, expected_version=_posted_version(request))
        except services.AlreadyDone as done:
            messages.info(request, str(done))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            count = meeting.invitations.count()
            if republished:
                text = ngettext(
                    "Agenda published again: emailing %(count)s invitee with the agenda, a calendar invitation and "
                    "reply links",
                    "Agenda published again: emailing %(count)s invitees with the agenda, a calendar invitation and "
                    "reply links",
                    count,
                )
            else:
                text = ngettext(
                    "Agenda published: emailing %(count)s invitee with the agenda, a calendar invitation and reply "
                    "links",
                    "Agenda published: emailing %(count)s invitees with the agenda, a calendar invitation and reply "
                    "links",
                    count,
                )
            messages.success(request, text % {"count": count})
        return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/publish.html",
        {
            "meeting": meeting,
            "invitee_count": meeting.invitations.count(),
            "items": meeting.items.all(),
            "not_sent": reminders.agenda_not_sent(meeting).count() if meeting.status == "agenda_published" else None,
        },
    )
