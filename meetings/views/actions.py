"""Actions agreed at meetings: adding, editing, marking done, the partner's own and the admins' action log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import need_to_know
from common.access import admin_required, partner_required
from common.concurrency import EditConflict
from common.csvexport import csv_response
from common.forms import add_service_errors, form_page, save_form
from common.http import next_url
from common.pagination import paginate

from .. import services
from ..forms import ActionDoneForm, ActionFilterForm, ActionForm
from ..models import MeetingAction
from .base import admin_meeting, member_of, posted

ACTION_LOG_PAGE_SIZE = 50


@admin_required
def action_add(request, pk):
    meeting = admin_meeting(request, pk)
    form = ActionForm(posted(request), meeting=meeting)
    fields = ("description", "owner", "due_date", "item")
    return form_page(
        request,
        form,
        lambda: services.action_create(meeting=meeting, **{name: form.cleaned_data[name] for name in fields}),
        success=_("Action added"),
        redirect_to=lambda: reverse("meetings:actions", args=[meeting.pk]) + "#actions",
        template="meetings/form.html",
        context={
            "heading": _("Add an action"),
            "caption": meeting.title,
            "cancel_url": reverse("meetings:actions", args=[meeting.pk]),
        },
    )


@admin_required
def action_edit(request, pk):
    action = get_object_or_404(MeetingAction.objects.select_related("meeting"), pk=pk)
    back = next_url(request, reverse("meetings:action_log"))  # the meeting page's Edit links come back to it
    form = ActionForm(posted(request), instance=action, meeting=action.meeting)
    response, changes = save_form(
        request,
        form,
        lambda: services.action_update(form.instance, expected_version=form.cleaned_data["version"]),
        success=_("Action saved"),
        redirect_to=lambda: back,
    )
    if response:
        return response
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "heading": _("Edit action"),
            "caption": action.meeting.title,
            "cancel_url": back,
        },
    )


@partner_required
def action_done(request, pk):
    action = get_object_or_404(MeetingAction.objects.visible_to(request.user).select_related("meeting", "owner"), pk=pk)
    if not (need_to_know.is_admin(request.user) or action.owner_id == getattr(member_of(request.user), "pk", None)):
        raise PermissionDenied
    form = ActionDoneForm(posted(request), initial={"version": action.version}, case_data_subject=action)
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
            messages.success(request, _("Action marked as done"))
            return redirect("meetings:my_actions" if not need_to_know.is_admin(request.user) else "meetings:action_log")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "heading": _("Mark action as done"),
            "caption": action.description[:120],
            "cancel_url": reverse("meetings:my_actions"),
            "submit_label": _("Mark as done"),
        },
    )


@partner_required
def my_actions(request):
    member = member_of(request.user)
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
