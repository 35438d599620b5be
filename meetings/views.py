import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common import pagecache
from common.access import admin_required, partner_required, public
from common.audit import log_access, log_access_to
from common.concurrency import EditConflict
from common.csvexport import csv_response
from common.forms import add_service_errors, versioned_save
from common.pagination import paginate
from common.text import render_markdown

from . import calendar, replies, selectors, services
from .forms import (
    ActionDoneForm,
    ActionFilterForm,
    ActionForm,
    AgendaItemForm,
    ApproveForm,
    AttendanceReportForm,
    CorrectionForm,
    DecisionForm,
    GuestForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    MyReplyForm,
    PaperForm,
    ReplyForm,
    ScheduleYearForm,
    StandingItemForm,
    StatusForm,
)
from .models import (
    AgendaItem,
    CalendarFeed,
    Decision,
    Guest,
    Invitation,
    Marking,
    Meeting,
    MeetingAction,
    Minutes,
    MinutesVersion,
    Paper,
    StandingItem,
)
from .papers import CONTENT_TYPES

ACTION_LOG_PAGE_SIZE = 50


def _posted(request):
    """The POST data for a bound form (even an empty POST, so missing answers show errors), or None."""
    return request.POST if request.method == "POST" else None


def _error_text(error):
    return " ".join(error.messages)


def _member(user):
    return user.member if user.is_partner else None


def _can_see_confidential(user, meeting):
    if user.is_council_admin:
        return True
    member = _member(user)
    return member is not None and meeting.invitations.filter(person=member).exists()


def _meeting_for(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)


def _admin_meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("group"), pk=pk)


# Lists ------------------------------------------------------------------------------------------


@partner_required
def index(request):
    user = request.user
    meetings = Meeting.objects.visible_to(user).select_related("group").with_invited(_member(user))
    upcoming = list(meetings.upcoming().order_by("starts_at"))
    past = list(meetings.past().order_by("-starts_at")[:40])
    context = {"upcoming": upcoming, "past": past}
    if user.is_council_admin:
        context["replies"] = _reply_counts([m.pk for m in upcoming])
    else:
        member = _member(user)
        context["my_upcoming"] = [m for m in upcoming if m.is_invited]
        context["my_replies"] = dict(
            Invitation.objects.filter(person=member, meeting__in=[m.pk for m in upcoming]).values_list(
                "meeting_id", "reply"
            )
        )
    return render(request, "meetings/index.html", context)


def _reply_counts(meeting_ids):
    counts = {}
    for meeting_id, reply in Invitation.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", "reply"):
        entry = counts.setdefault(meeting_id, {"total": 0, "replied": 0})
        entry["total"] += 1
        entry["replied"] += reply != Invitation.Reply.NO_REPLY
    return counts


@public
def public_index(request):
    upcoming = Meeting.objects.public().upcoming().select_related("group").order_by("starts_at")
    published = (
        Minutes.objects.filter(published_version__isnull=False)
        .select_related("meeting", "meeting__group", "published_version")
        .order_by("-meeting__starts_at")
    )
    return render(request, "meetings/public_index.html", {"upcoming": upcoming, "published": published})


@public
def public_minutes(request, pk):
    minutes = get_object_or_404(
        Minutes.objects.filter(published_version__isnull=False).select_related(
            "meeting", "meeting__group", "published_version", "published_version__approved_at_meeting"
        ),
        meeting_id=pk,
    )
    context = _minutes_context(minutes.published_version, minutes.meeting, show_confidential=False)
    context["public"] = True
    return render(request, "meetings/public_minutes.html", context)


# Meeting page -----------------------------------------------------------------------------------


def _agenda_items(user, meeting):
    """The items this user may see, in order, each with the papers this user may see."""
    papers = Paper.objects.visible_to(user, meeting).order_by("position", "pk")
    items = AgendaItem.objects.visible_to(user, meeting).prefetch_related(Prefetch("papers", queryset=papers))
    return list(items.order_by("position"))


@partner_required
def detail(request, pk):
    user = request.user
    if user.is_council_admin:
        return _admin_detail(request, pk)
    meeting = _meeting_for(request, pk)
    context = _detail_context(user, meeting)
    log_access(request, [item for item in context["items"] if item.is_confidential], "viewed confidential agenda item")
    return render(request, "meetings/detail.html", {**context, "title": meeting.title})


def _admin_detail(request, pk):
    """The same for every admin, so it comes from the shared cache while the data is unchanged."""

    def build():
        meeting = _admin_meeting(pk)
        context = _detail_context(request.user, meeting)
        confidential = [(item.pk, str(item)) for item in context["items"] if item.is_confidential]
        return context, {"title": meeting.title, "confidential": confidential}

    content, keep = pagecache.admin_content(request, ["meeting", pk], "meetings/_detail_body.html", build)
    log_access_to(request, AgendaItem, keep["confidential"], "viewed confidential agenda item")
    return render(request, "meetings/detail.html", {"title": keep["title"], "content": content})


def _detail_context(user, meeting):
    member = _member(user)
    my_invitation = Invitation.objects.filter(meeting=meeting, person=member).first() if member is not None else None
    visible_actions = MeetingAction.objects.visible_to(user)
    carried = selectors.carried_forward_page(meeting, visible_actions)
    context = {
        "meeting": meeting,
        "items": _agenda_items(user, meeting),
        "actions": selectors.action_rows(visible_actions.filter(meeting=meeting).order_by("due_date", "pk")),
        "carried_forward": carried.actions,
        "carried_forward_total": carried.total,
        "my_invitation": my_invitation,
        "sees_confidential": user.is_council_admin or my_invitation is not None,
        "reply_form": MyReplyForm(
            initial={"reply": my_invitation.reply, "deputy_name": my_invitation.deputy_name} if my_invitation else None
        ),
        "minutes_versions": list(
            MinutesVersion.objects.visible_to(user).filter(minutes__meeting=meeting).order_by("number")
        ),
    }
    if user.is_council_admin:
        # The page summarises replies and quorum; the attendance page lists every invitee.
        invitations = list(meeting.invitations.values("reply", "attendance", "person__organisation_id"))
        present, needed, total = services.quorum_of(meeting, services.represented(invitations))
        context.update(
            invited_count=len(invitations),
            guests=list(meeting.guests.all()),
            quorum={"present": present, "needed": needed, "total": total, "met": present >= needed},
            replies_count=selectors.reply_counts(invitations),
        )
    return context


@partner_required
def meeting_ics(request, pk):
    meeting = _meeting_for(request, pk)
    response = HttpResponse(calendar.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.ics_filename(meeting)}"'
    return response


# Admin: meetings --------------------------------------------------------------------------------


@admin_required
def create(request):
    form = MeetingForm(_posted(request), initial={"group": services.main_board()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(**form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Meeting created with the standing agenda items and the group's members invited")
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "heading": "New meeting", "cancel_url": reverse("meetings:index"), "submit_label": "Create"},
    )


@admin_required
def edit(request, pk):
    meeting = _admin_meeting(pk)
    form = MeetingForm(_posted(request), instance=meeting)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.meeting_update(meeting, expected_version=form.cleaned_data["version"], **form.values()),
            success="Meeting updated",
        )
        if saved:
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Edit meeting",
            "caption": meeting.title,
            "changes": changes,
            "cancel_url": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


@admin_required
def schedule_year(request):
    next_year = timezone.localdate().year + 1
    form = ScheduleYearForm(_posted(request), initial={"group": services.main_board(), "year": next_year})
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
            "heading": "Schedule the year",
            "intro": "Creates one meeting in each month chosen, on the same day pattern and times. "
            "Each starts with the standing agenda items and the group's members invited; you can edit them afterwards.",
            "cancel_url": reverse("meetings:index"),
            "submit_label": "Schedule meetings",
        },
    )


@admin_required
def change_status(request, pk):
    meeting = _admin_meeting(pk)
    form = StatusForm(_posted(request), initial={"status": meeting.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_set_status(meeting, status=form.cleaned_data["status"], note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Meeting status changed")
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Change the meeting's status",
            "caption": meeting.title,
            "cancel_url": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


@admin_required
def publish(request, pk):
    meeting = _admin_meeting(pk)
    if request.method == "POST":
        try:
            _, republished = services.meeting_publish_agenda(meeting)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            count = meeting.invitations.count()
            messages.success(
                request,
                f"Agenda {'published again' if republished else 'published'}: emailing {count} invitee"
                f"{'s' if count != 1 else ''} with the agenda, a calendar invitation and reply links",
            )
        return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/publish.html",
        {"meeting": meeting, "invitee_count": meeting.invitations.count(), "items": meeting.items.all()},
    )


# Admin: agenda items ----------------------------------------------------------------------------


def _to_agenda(meeting_id, item_id=None):
    """Back to the agenda page, at the item just changed when there is one."""
    return redirect(reverse("meetings:agenda", args=[meeting_id]) + (f"#item-{item_id}" if item_id else ""))


@admin_required
def agenda(request, pk):
    """The admin's page for changing the agenda; the meeting page shows the agenda without controls."""
    meeting = _admin_meeting(pk)
    items = _agenda_items(request.user, meeting)
    log_access(request, [item for item in items if item.is_confidential], "viewed confidential agenda item")
    return render(request, "meetings/agenda.html", {"meeting": meeting, "items": items})


@admin_required
def item_add(request, pk):
    meeting = _admin_meeting(pk)
    form = AgendaItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.agenda_item_add(meeting, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agenda item added")
            return _to_agenda(meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Add an agenda item",
            "caption": meeting.title,
            "cancel_url": reverse("meetings:agenda", args=[meeting.pk]),
        },
    )


@admin_required
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(_posted(request), instance=item)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.agenda_item_update(form.instance, expected_version=form.cleaned_data["version"]),
            success="Agenda item saved",
        )
        if saved:
            return _to_agenda(item.meeting_id, item.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "heading": "Edit agenda item",
            "caption": item.meeting.title,
            "cancel_url": reverse("meetings:agenda", args=[item.meeting_id]),
        },
    )


@admin_required
@require_POST
def item_move(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.agenda_item_move(item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return _to_agenda(item.meeting_id, item.pk)


@admin_required
@require_POST
def item_delete(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.agenda_item_delete(item)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Agenda item “{item.title}” removed")
    return _to_agenda(item.meeting_id)


# Papers -----------------------------------------------------------------------------------------


@admin_required
def paper_upload(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = PaperForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.paper_upload(
            item=item,
            upload=data["file"],
            kind=form.kind,
            title=data["title"],
            marking=data["marking"],
            is_confidential=data["is_confidential"],
            confidential_reason=data["confidential_reason"],
            by=request.user,
        )
        messages.success(request, "Paper uploaded")
        return _to_agenda(item.meeting_id, item.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Upload a paper",
            "caption": f"Item {item.position}: {item.title}",
            "cancel_url": reverse("meetings:agenda", args=[item.meeting_id]),
            "submit_label": "Upload",
        },
    )


@partner_required
def paper_download(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("item__meeting"), pk=pk)
    meeting = paper.item.meeting
    if not Meeting.objects.visible_to(request.user).filter(pk=meeting.pk).exists():
        raise Http404
    if not Paper.objects.visible_to(request.user, meeting).filter(pk=paper.pk).exists():
        raise Http404
    if paper.is_confidential or paper.marking == Marking.OFFICIAL_SENSITIVE:
        log_access(request, [paper], f"downloaded {paper.get_marking_display()} paper")
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.filename, content_type=CONTENT_TYPES[paper.kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@admin_required
@require_POST
def paper_delete(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("item"), pk=pk)
    meeting_id = paper.item.meeting_id
    services.paper_delete(paper)
    messages.success(request, f"Paper “{paper.title}” removed")
    return _to_agenda(meeting_id, paper.item_id)


# Invitations and replies ------------------------------------------------------------------------


@admin_required
def invitees(request, pk):
    meeting = _admin_meeting(pk)
    form = InviteForm(_posted(request), meeting=meeting)
    if request.method == "POST":
        if "remove" in request.POST:
            invitation = get_object_or_404(Invitation, pk=request.POST["remove"], meeting=meeting)
            try:
                services.invitation_remove(invitation)
            except ValidationError as error:
                messages.error(request, _error_text(error))
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
    form = ReplyForm(_posted(request), answer=claim.answer, initial={"deputy_name": claim.invitation.deputy_name})
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
    meeting = _meeting_for(request, pk)
    invitation = get_object_or_404(Invitation, meeting=meeting, person=_member(request.user))
    form = MyReplyForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_reply(
                invitation, reply=form.cleaned_data["reply"], deputy_name=form.cleaned_data["deputy_name"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "Your reply has been saved")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:detail", meeting.pk)


# Attendance -------------------------------------------------------------------------------------


@admin_required
def attendance(request, pk):
    meeting = _admin_meeting(pk)
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
    meeting = _admin_meeting(pk)
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


# Minutes ----------------------------------------------------------------------------------------


def _minutes_context(version, meeting, *, show_confidential):
    items = list(meeting.items.order_by("position"))
    notes = {note.item_id: note.text for note in version.notes.all()}
    decisions = list(version.decisions.select_related("item"))
    rows = []
    for item in items:
        withheld = item.is_confidential and not show_confidential
        rows.append(
            {
                "item": item,
                "withheld": withheld,
                "notes_html": "" if withheld else render_markdown(notes.get(item.pk, "")),
                "decisions": [] if withheld else [d for d in decisions if d.item_id == item.pk],
            }
        )
    invitations = list(meeting.invitations.select_related("person", "person__organisation").order_by("person__name"))
    return {
        "meeting": meeting,
        "version": version,
        "rows": rows,
        "general_decisions": [d for d in decisions if d.item_id is None],
        "summary_html": render_markdown(version.summary),
        "invitations": invitations,
        "guests": list(meeting.guests.all()),
        "actions": list(
            meeting.actions.select_related("owner", "owner__organisation", "item").exclude(item__is_confidential=True)
            if not show_confidential
            else meeting.actions.select_related("owner", "owner__organisation", "item")
        ),
    }


@partner_required
def minutes(request, pk, number=None):
    meeting = _meeting_for(request, pk)
    versions = list(MinutesVersion.objects.visible_to(request.user).filter(minutes__meeting=meeting).order_by("number"))
    if not versions:
        if request.user.is_council_admin:
            return render(request, "meetings/minutes_none.html", {"meeting": meeting})
        raise Http404
    if number is None:
        version = versions[-1]
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise Http404
    show_confidential = _can_see_confidential(request.user, meeting)
    context = _minutes_context(version, meeting, show_confidential=show_confidential)
    if show_confidential:
        confidential = [row["item"] for row in context["rows"] if row["item"].is_confidential]
        log_access(request, confidential, "read minutes of confidential item")
    context.update(
        versions=versions,
        is_latest=version.pk == versions[-1].pk,
        minutes_obj=version.minutes,
        approve_form=ApproveForm(meeting=meeting) if request.user.is_council_admin else None,
        decision_form=DecisionForm(meeting=meeting) if request.user.is_council_admin else None,
    )
    return render(request, "meetings/minutes.html", context)


@admin_required
@require_POST
def minutes_start(request, pk):
    meeting = _admin_meeting(pk)
    services.minutes_start(meeting, by=request.user)
    return redirect("meetings:minutes_edit", meeting.pk)


def _latest_version(meeting):
    version = (
        MinutesVersion.objects.filter(minutes__meeting=meeting).select_related("minutes").order_by("-number").first()
    )
    if version is None:
        raise Http404
    return version


@admin_required
def minutes_edit(request, pk):
    meeting = _admin_meeting(pk)
    version = _latest_version(meeting)
    if not version.is_editable:
        messages.error(
            request,
            "These minutes have been approved and cannot be changed. Make a correction instead: it creates a new "
            "version with your reason.",
        )
        return redirect("meetings:minutes", meeting.pk)
    items = list(meeting.items.order_by("position"))
    notes = {note.item_id: note.text for note in version.notes.all()}
    form = MinutesForm(_posted(request), version_obj=version, items=items, notes=notes)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.minutes_save(
                version,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                notes=form.notes(),
            ),
            success="Minutes saved",
        )
        if saved:
            return redirect("meetings:minutes", meeting.pk)
    return render(
        request,
        "meetings/minutes_edit.html",
        {"meeting": meeting, "version": version, "form": form, "changes": changes},
    )


@admin_required
@require_POST
def minutes_transition(request, pk):
    meeting = _admin_meeting(pk)
    version = _latest_version(meeting)
    action = request.POST.get("action")
    try:
        if action == "circulate":
            services.minutes_circulate(version)
            messages.success(request, "Minutes circulated to invitees for comment")
        elif action == "approve":
            form = ApproveForm(request.POST, meeting=meeting)
            if not form.is_valid():
                raise ValidationError("Select the meeting at which the minutes were approved")
            services.minutes_approve(version, at_meeting=form.cleaned_data["at_meeting"])
            messages.success(request, "Minutes approved")
        elif action == "lock":
            services.minutes_lock(version)
            messages.success(request, "Minutes locked")
        elif action == "publish":
            services.minutes_publish(version.minutes, version=version)
            messages.success(request, "The public version of these minutes is now on the public meetings page")
        elif action == "unpublish":
            services.minutes_publish(version.minutes, version=None)
            messages.success(request, "The public version of these minutes has been withdrawn")
        else:
            raise ValidationError("Choose what to do with the minutes")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("meetings:minutes", meeting.pk)


@admin_required
def minutes_correct(request, pk):
    meeting = _admin_meeting(pk)
    version = _latest_version(meeting)
    form = CorrectionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_correct(version, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "A new draft version has been made for the correction")
            return redirect("meetings:minutes_edit", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Correct approved minutes",
            "caption": meeting.title,
            "intro": f"Version {version.number} stays as approved. The correction becomes version "
            f"{version.number + 1}, a draft, with your reason recorded.",
            "cancel_url": reverse("meetings:minutes", args=[meeting.pk]),
            "submit_label": "Make a correction",
        },
    )


@admin_required
@require_POST
def decision_add(request, pk):
    meeting = _admin_meeting(pk)
    version = _latest_version(meeting)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.decision_add(
                version, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"], item=form.cleaned_data["item"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "Decision recorded")
    else:
        messages.error(request, "Enter the decision or recommendation agreed")
    return redirect(reverse("meetings:minutes", args=[meeting.pk]) + "#decisions")


@admin_required
@require_POST
def decision_delete(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("minutes_version__minutes"), pk=pk)
    try:
        services.decision_delete(decision)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Decision removed")
    return redirect("meetings:minutes", decision.minutes_version.minutes.meeting_id)


# Actions ----------------------------------------------------------------------------------------


@admin_required
def action_add(request, pk):
    meeting = _admin_meeting(pk)
    form = ActionForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.action_create(
            meeting=meeting,
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            item=data["item"],
        )
        messages.success(request, "Action added")
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#actions")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Add an action",
            "caption": meeting.title,
            "cancel_url": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


@admin_required
def action_edit(request, pk):
    action = get_object_or_404(MeetingAction.objects.select_related("meeting"), pk=pk)
    form = ActionForm(_posted(request), instance=action, meeting=action.meeting)
    changes = None
    if request.method == "POST" and form.is_valid():
        saved, changes = versioned_save(
            request,
            form,
            lambda: services.action_update(form.instance, expected_version=form.cleaned_data["version"]),
            success="Action saved",
        )
        if saved:
            return redirect("meetings:action_log")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "heading": "Edit action",
            "caption": action.meeting.title,
            "cancel_url": reverse("meetings:action_log"),
        },
    )


@partner_required
def action_done(request, pk):
    action = get_object_or_404(MeetingAction.objects.visible_to(request.user).select_related("meeting", "owner"), pk=pk)
    if not (request.user.is_council_admin or action.owner_id == getattr(_member(request.user), "pk", None)):
        raise PermissionDenied
    form = ActionDoneForm(_posted(request), initial={"version": action.version})
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_mark_done(
                action, note=form.cleaned_data["completion_note"], expected_version=form.cleaned_data["version"]
            )
        except EditConflict as conflict:
            form.add_conflict_error(conflict.current)
            changes = [("Status", conflict.current.get_status_display(), "Done")]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action marked as done")
            return redirect("meetings:my_actions" if not request.user.is_council_admin else "meetings:action_log")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "heading": "Mark action as done",
            "caption": action.description[:120],
            "cancel_url": reverse("meetings:my_actions"),
            "submit_label": "Mark as done",
        },
    )


@partner_required
def my_actions(request):
    member = _member(request.user)
    actions = (
        MeetingAction.objects.filter(owner=member)
        .select_related("meeting", "item", "owner")
        .order_by("status", "due_date", "pk")
        if member is not None
        else MeetingAction.objects.none()
    )
    return render(request, "meetings/my_actions.html", {"actions": actions, "today": timezone.localdate()})


@admin_required
def action_log(request):
    form = ActionFilterForm(request.GET or None)
    actions = MeetingAction.objects.select_related("owner", "owner__organisation", "meeting", "item").order_by(
        "due_date", "pk"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["organisation"]:
            actions = actions.filter(owner__organisation=data["organisation"])
        if data["meeting"]:
            actions = actions.filter(meeting=data["meeting"])
        if data["overdue"]:
            actions = actions.overdue()
    if request.GET.get("format") == "csv":
        return csv_response(
            "action-log.csv",
            ["Meeting", "Action", "Owner", "Organisation", "Due", "Status", "Note"],
            (
                [
                    a.meeting.title,
                    a.description,
                    a.owner.name,
                    a.owner.organisation or "",
                    a.due_date or "",
                    a.get_status_display(),
                    a.completion_note,
                ]
                for a in actions.iterator(chunk_size=500)
            ),
        )
    page = paginate(request, actions, ACTION_LOG_PAGE_SIZE)
    return render(request, "meetings/action_log.html", {"form": form, "page": page, "today": timezone.localdate()})


# Calendar feeds ---------------------------------------------------------------------------------


@partner_required
def calendar_feed(request):
    if request.method == "POST":
        services.calendar_feed_reset(request.user)
        messages.success(request, "Your calendar address has been changed. The old address no longer works.")
        return redirect("meetings:calendar_feed")
    feed = services.calendar_feed_for(request.user)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
    return render(
        request, "meetings/calendar_feed.html", {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    )


@public
def feed(request, token):
    feed_obj = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed_obj.user
    if not user.is_active:
        raise Http404
    meetings = Meeting.objects.visible_to(user).select_related("group")
    if not user.is_council_admin:
        meetings = meetings.filter(invitations__person=user.member) if user.member else meetings.none()
    since = timezone.now() - datetime.timedelta(days=400)
    body = calendar.feed_ics(
        meetings.filter(starts_at__gte=since).distinct(), name=f"{settings.PARTNERSHIP_NAME} meetings"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# Standing items ---------------------------------------------------------------------------------


@admin_required
def standing_items(request):
    services.standing_items_ensure()
    return render(request, "meetings/standing_items.html", {"items": StandingItem.objects.all()})


@admin_required
def standing_item_edit(request, pk=None):
    item = get_object_or_404(StandingItem, pk=pk) if pk else None
    form = StandingItemForm(_posted(request), instance=item)
    if request.method == "POST":
        if "delete" in request.POST and item is not None:
            item.delete()
            messages.success(request, "Standing item removed")
            return redirect("meetings:standing_items")
        if form.is_valid():
            form.save()
            messages.success(request, "Standing item saved. New meetings will start with it.")
            return redirect("meetings:standing_items")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": "Edit standing item" if item else "Add a standing item",
            "cancel_url": reverse("meetings:standing_items"),
        },
    )
