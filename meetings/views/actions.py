"""Actions agreed at meetings: adding, editing, marking done, the partner's own and the admins' action log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_export
from common.concurrency import EditConflict
from common.csvexport import csv_response
from common.forms import add_service_errors, form_page, save_form
from common.http import next_url
from common.pagination import paginate

from .. import policy, services
from ..forms import ActionDoneForm, ActionFilterForm, ActionForm, ActionProgressForm
from ..models import ActionProgress, MeetingAction
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
        lambda: services.action_create(
            meeting=meeting, case_data=form.case_data, **{name: form.cleaned_data[name] for name in fields}
        ),
        success=_("Action added"),
        redirect_to=lambda: reverse("meetings:detail", args=[meeting.pk]) + "#actions",
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
        lambda: services.action_update(
            form.instance, expected_version=form.cleaned_data["version"], case_data=form.case_data
        ),
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
    form = ActionDoneForm(posted(request), initial={"version": action.version})
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_mark_done(
                action,
                note=form.cleaned_data["completion_note"],
                expected_version=form.cleaned_data["version"],
                case_data=form.case_data,
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


def _progress_context(action):
    return {
        "action": action,
        "latest": action.progress.select_related("recorded_by__person", "reported_by").first(),
    }


@partner_required
def action_progress(request, pk):
    """The owner (signed in) or an admin records progress on an action, and may say it is done."""
    action = get_object_or_404(MeetingAction.objects.visible_to(request.user).select_related("meeting", "owner"), pk=pk)
    if not (need_to_know.is_admin(request.user) or action.owner_id == getattr(member_of(request.user), "pk", None)):
        raise PermissionDenied
    form = ActionProgressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            progress = services.action_record_progress(
                action, user=request.user, case_data=form.case_data, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = progress.action.status == MeetingAction.Status.DONE
            messages.success(request, "Action marked as done" if done else "Progress recorded")
            return redirect("meetings:my_actions" if not need_to_know.is_admin(request.user) else "meetings:action_log")
    context = {**_progress_context(action), "form": form, "cancel_url": reverse("meetings:my_actions")}
    return render(request, "meetings/action_progress.html", context)


def action_progress_by_link(request, return_request):
    """The link in an action email (the return-request engine has checked it): progress without a sign-in.

    The link stands for the owner it was sent to; the page shows of the action what the email showed.
    """
    action = MeetingAction.objects.select_related("meeting", "owner", "item").get(pk=return_request.subject_id)
    form = ActionProgressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_record_progress(
                action, return_request=return_request, case_data=form.case_data, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "meetings/action_progress_done.html", {"action": action})
    context = {
        **_progress_context(action),
        "form": form,
        "by_link": True,
        "person_name": return_request.to_name,
        # A link without a sign-in is an unprotected channel, as email is: the words the email gave.
        "description": need_to_know.for_email(policy.ACTIONS_ARISING, action, action.description),
    }
    return render(request, "meetings/action_progress.html", context)


@partner_required
def my_actions(request):
    member = member_of(request.user)
    actions = (
        MeetingAction.objects.filter(owner=member)
        .select_related("meeting", "item", "owner")
        .prefetch_related(Prefetch("progress", ActionProgress.objects.order_by("-created_at", "-pk")))
        .order_by("status", "due_date", "pk")
        if member is not None
        else MeetingAction.objects.none()
    )
    return render(request, "meetings/my_actions.html", {"actions": actions, "today": timezone.localdate()})


@admin_required
def action_log(request):
    form = ActionFilterForm(request.GET or None)
    actions = MeetingAction.objects.select_related(
        "owner", "owner__organisation", "owner__user", "meeting", "item"
    ).order_by("due_date", "pk")
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
        log_export(request, MeetingAction, "the action log downloaded as CSV")
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
