"""Minutes: reading a version, writing the draft, circulating, approving, correcting, and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, partner_required
from common.audit import log_access
from common.confirm import confirm_or_act, confirm_page
from common.forms import form_page, versioned_save

from .. import policy, selectors, services
from ..forms import ApproveForm, CorrectionForm, DecisionForm, MinutesForm
from ..models import Decision, MinutesVersion
from .base import admin_meeting, error_text, meeting_for, member_of, posted


def minutes_context(version, meeting, *, user):
    """The minutes as `user` may read them (`user=None`: the public copy), as `policy` says."""
    aud = policy.audience(user, meeting)
    record = selectors.minutes_record(version, meeting, aud)
    member = member_of(user) if user is not None else None
    actions = [
        action
        for action in record.actions
        if need_to_know.shown(policy.ACTIONS_ARISING, aud, action) or (member and action.owner.pk == member.pk)
    ]
    return {
        "meeting": record.meeting,
        "version": version,
        "rows": record.items,
        "general_decisions": record.general_decisions,
        "invitations": record.invitations,
        "guests": record.guests,
        "actions": selectors.action_rows(actions),
    }


@partner_required
def minutes(request, pk, number=None):
    meeting = meeting_for(request, pk)
    versions = list(MinutesVersion.objects.visible_to(request.user).filter(minutes__meeting=meeting).order_by("number"))
    if not versions:
        if need_to_know.is_admin(request.user):
            return render(request, "meetings/minutes_none.html", {"meeting": meeting})
        raise Http404
    if number is None:
        version = versions[-1]
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise Http404
    context = minutes_context(version, meeting, user=request.user)
    read = [row.item for row in context["rows"] if row.notes_shown]
    log_access(
        request,
        [i for i in read if need_to_know.logged(policy.MINUTES_NOTES, i)],
        "read minutes of confidential item",
    )
    context.update(
        versions=versions,
        is_latest=version.pk == versions[-1].pk,
        minutes_obj=version.minutes,
        approve_form=ApproveForm(meeting=meeting) if need_to_know.is_admin(request.user) else None,
        decision_form=DecisionForm(meeting=meeting) if need_to_know.is_admin(request.user) else None,
        circulate_to=_circulated_to(meeting)
        if need_to_know.is_admin(request.user) and version.status == MinutesVersion.Status.DRAFT
        else "",
        no_later_meeting=NO_LATER_MEETING,
    )
    return render(request, "meetings/minutes.html", context)


@admin_required
@require_POST
def minutes_start(request, pk):
    meeting = admin_meeting(request, pk)
    services.minutes_start(meeting, by=request.user)
    return redirect("meetings:minutes_edit", meeting.pk)


NO_LATER_MEETING = gettext_lazy("No later meeting has taken place yet: minutes are approved at the next meeting")


def _circulated_to(meeting):
    """Who the circulated-minutes email goes to, in words (`selectors.minutes_circulation` decides)."""
    invitations, by_attendance = selectors.minutes_circulation(meeting)
    count = invitations.count()
    if by_attendance:
        text = ngettext(
            "the %(count)s invitee recorded as present or represented by a deputy",
            "the %(count)s invitees recorded as present or represented by a deputy",
            count,
        )
    else:
        text = ngettext(
            "all %(count)s invitee, as no attendance is recorded",
            "all %(count)s invitees, as no attendance is recorded",
            count,
        )
    return text % {"count": count}


def _latest_version(meeting):
    version = (
        MinutesVersion.objects.filter(minutes__meeting=meeting).select_related("minutes").order_by("-number").first()
    )
    if version is None:
        raise Http404
    return version


@admin_required
def minutes_edit(request, pk):
    meeting = admin_meeting(request, pk)
    version = _latest_version(meeting)
    if not version.is_editable:
        messages.error(
            request,
            _(
                "These minutes have been approved and cannot be changed. Make a correction instead: it creates a new "
                "version with your reason."
            ),
        )
        return redirect("meetings:minutes", meeting.pk)
    items = list(meeting.items.order_by("position"))
    notes = {note.item_id: note.text for note in version.notes.all()}
    form = MinutesForm(posted(request), version_obj=version, items=items, notes=notes)
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
                case_data=form.case_data,
            ),
            success=_("Minutes saved"),
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
    meeting = admin_meeting(request, pk)
    version = _latest_version(meeting)
    action = request.POST.get("action")
    try:
        if action == "circulate":
            services.minutes_circulate(version)
            messages.success(
                request,
                _("Minutes circulated for comment: we are emailing %(circulated_to)s")
                % {"circulated_to": _circulated_to(meeting)},
            )
        elif action == "approve":
            form = ApproveForm(request.POST, meeting=meeting)
            if form.next_meeting is None:
                raise ValidationError(NO_LATER_MEETING)
            if not form.is_valid():
                raise ValidationError(_("Select the meeting at which the minutes were approved"))
            published_before = version.minutes.published_version_id
            approved = services.minutes_approve(version, at_meeting=form.cleaned_data["at_meeting"])
            approved.minutes.refresh_from_db(fields=["published_version"])
            if published_before and approved.minutes.published_version_id == approved.pk:
                messages.success(
                    request,
                    _("Minutes approved. The public copy now shows version %(number)s") % {"number": approved.number},
                )
            else:
                messages.success(request, _("Minutes approved"))
        elif action == "lock":
            services.minutes_lock(version)
            messages.success(request, _("Minutes locked"))
        elif action == "publish":
            services.minutes_publish(version.minutes, version=version)
            messages.success(request, _("The public version of these minutes is now on the public meetings page"))
        elif action == "unpublish":
            services.minutes_publish(version.minutes, version=None)
            messages.success(request, _("The public version of these minutes has been withdrawn"))
        else:
            raise ValidationError(_("Choose what to do with the minutes"))
    except services.AlreadyDone as done:
        messages.info(request, str(done))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("meetings:minutes", meeting.pk)


@admin_required
def minutes_correct(request, pk):
    meeting = admin_meeting(request, pk)
    version = _latest_version(meeting)
    form = CorrectionForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.minutes_correct(
            version, reason=form.cleaned_data["reason"], by=request.user, case_data=form.case_data
        ),
        success=_("A new draft version has been made for the correction"),
        redirect_to=lambda: reverse("meetings:minutes_edit", args=[meeting.pk]),
        template="meetings/form.html",
        context={
            "heading": _("Correct approved minutes"),
            "caption": meeting.title,
            "intro": _(
                "Version %(number)s stays as approved. The correction becomes version %(next)s, a draft, "
                "with your reason recorded."
            )
            % {"number": version.number, "next": version.number + 1},
            "cancel_url": reverse("meetings:minutes", args=[meeting.pk]),
            "submit_label": _("Make a correction"),
        },
    )


@admin_required
@require_POST
def decision_add(request, pk):
    meeting = admin_meeting(request, pk)
    version = _latest_version(meeting)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.decision_add(
                version,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                item=form.cleaned_data["item"],
                case_data=form.case_data,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Decision recorded"))
    else:
        # On its own page: the errors name the field, and text that looks like case data is shown highlighted
        # with the choice to confirm it, which the short form on the minutes page has no room for.
        return render(
            request,
            "meetings/form.html",
            {
                "form": form,
                "heading": _("Record a decision or recommendation"),
                "caption": meeting.title,
                "cancel_url": reverse("meetings:minutes", args=[meeting.pk]) + "#decisions",
            },
            status=400,
        )
    return redirect(reverse("meetings:minutes", args=[meeting.pk]) + "#decisions")


@admin_required
@confirm_or_act
def decision_delete(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("minutes_version__minutes__meeting"), pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            caption=decision.minutes_version.minutes.meeting.title,
            question="Remove this decision from the draft minutes?",
            consequences=[f"“{decision.text}”"],
            button="Yes, remove the decision",
            back=reverse("meetings:minutes", args=[decision.minutes_version.minutes.meeting_id]) + "#decisions",
        )
    try:
        services.decision_delete(decision)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Decision removed"))
    return redirect("meetings:minutes", decision.minutes_version.minutes.meeting_id)
