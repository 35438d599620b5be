"""Changing the agenda (admins) and the papers on it (downloaded by whoever may see them)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import need_to_know, uploads
from common.access import admin_required, partner_required
from common.audit import log_access
from common.confirm import confirm_or_act, confirm_page
from common.downloads import file_download
from common.forms import add_service_errors, form_page, make_read_only, save_form
from common.text import count_of

from .. import policy, selectors, services
from ..forms import AgendaItemForm, PaperForm
from ..models import AgendaItem, Paper
from .base import admin_meeting, error_text, posted


def _agenda_url(meeting_id, item_id=None):
    """The agenda page, at the item just changed when there is one."""
    return reverse("meetings:agenda", args=[meeting_id]) + (f"#item-{item_id}" if item_id else "")


def _to_agenda(meeting_id, item_id=None):
    return redirect(_agenda_url(meeting_id, item_id))


@admin_required
def agenda(request, pk):
    """The admin's page for changing the agenda; the meeting page shows the agenda without controls."""
    meeting = admin_meeting(request, pk)
    items = selectors.agenda_items(request.user, meeting)
    log_access(
        request, [i for i in items if need_to_know.logged(policy.ITEM_TITLE, i)], "viewed confidential agenda item"
    )
    return render(request, "meetings/agenda.html", {"meeting": meeting, "items": items})


@admin_required
def item_add(request, pk):
    meeting = admin_meeting(request, pk)
    form = AgendaItemForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.agenda_item_add(
            meeting,
            case_data=form.case_data,
            **form.edited_values(),
        ),
        success=_("Agenda item added"),
        redirect_to=lambda: _agenda_url(meeting.pk),
        frozen=meeting.agenda_frozen_reason,
        template="meetings/form.html",
        context={
            "heading": _("Add an agenda item"),
            "caption": meeting.title,
            "cancel_url": reverse("meetings:agenda", args=[meeting.pk]),
        },
    )


@admin_required
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(posted(request), instance=item)
    response, changes = save_form(
        request,
        form,
        lambda: services.agenda_item_update(
            form.instance, expected_version=form.cleaned_data["version"], case_data=form.case_data
        ),
        success=_("Agenda item saved"),
        redirect_to=lambda: _agenda_url(item.meeting_id, item.pk),
        frozen=item.meeting.agenda_frozen_reason,
    )
    if response:
        return response
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "changes": changes,
            "frozen": item.meeting.agenda_frozen_reason,
            "heading": _("Edit agenda item"),
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
        messages.error(request, error_text(error))
    return _to_agenda(item.meeting_id, item.pk)


@admin_required
@confirm_or_act
def item_delete(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if request.method == "GET":
        papers = item.papers.count()
        return confirm_page(
            request,
            caption=item.meeting.title,
            question=f"Remove item {item.position}, “{item.title}”, from the agenda?",
            consequences=[
                *([f"Its {count_of(papers, 'paper')} will be removed with it."] if papers else []),
                "The items after it move up, and the agenda pack is prepared again.",
            ],
            button="Yes, remove the item",
            back=_agenda_url(item.meeting_id, item.pk),
        )
    try:
        services.agenda_item_delete(item)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Agenda item “%(title)s” removed") % {"title": item.title})
    return _to_agenda(item.meeting_id)


@admin_required
def paper_upload(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = PaperForm(posted(request), request.FILES if request.method == "POST" else None)
    frozen = item.meeting.agenda_frozen_reason
    if frozen:
        make_read_only(form)
    if request.method == "POST" and not frozen and form.is_valid():
        data = form.cleaned_data
        try:
            services.paper_upload(
                item=item,
                upload=data["file"],
                title=data["title"],
                marking=data["marking"],
                is_confidential=data["is_confidential"],
                confidential_reason=data["confidential_reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Paper uploaded"))
            return _to_agenda(item.meeting_id, item.pk)
    return render(
        request,
        "meetings/paper_upload.html",
        {
            "form": form,
            "heading": _("Upload a paper"),
            "frozen": frozen,
            "caption": f"Item {item.position}: {item.title}",
            "cancel_url": reverse("meetings:agenda", args=[item.meeting_id]),
            "submit_label": _("Upload"),
        },
    )


@partner_required
def paper_download(request, pk):
    paper = get_object_or_404(Paper.objects.visible_to(request.user).select_related("item__meeting"), pk=pk)
    if need_to_know.logged(policy.PAPERS, paper):
        log_access(request, [paper], f"downloaded {paper.get_marking_display()} paper")
    return file_download(paper.file, filename=paper.filename, content_type=uploads.CONTENT_TYPES[paper.kind])


@admin_required
@confirm_or_act
def paper_delete(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("item__meeting"), pk=pk)
    meeting_id = paper.item.meeting_id
    if request.method == "GET":
        return confirm_page(
            request,
            caption=paper.item.meeting.title,
            question=f"Remove the paper “{paper.title}”?",
            consequences=[
                f"It is taken off item {paper.item.position}, “{paper.item.title}”, and its file is deleted.",
                "The agenda pack is prepared again without it.",
            ],
            button="Yes, remove the paper",
            back=_agenda_url(meeting_id, paper.item_id),
        )
    try:
        services.paper_delete(paper)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"Paper “{paper.title}” removed")
    return _to_agenda(meeting_id, paper.item_id)
