"""The standing items each group's new agendas start with."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required
from common.confirm import confirm_or_act, confirm_page
from common.forms import form_page

from .. import groups
from ..group_forms import StandingItemForm
from ..models import Group, StandingItem


@admin_required
def standing_items(request):
    """The old address of the one global list: the main board's list now (or the groups, if there is none)."""
    board = groups.main_board()
    if board is None:
        return redirect("meetings:groups")
    return redirect("meetings:group_standing_items", board.pk)


@admin_required
def group_standing_items(request, pk):
    group = get_object_or_404(Group, pk=pk)
    groups.standing_items_ensure(group)
    items = StandingItem.objects.filter(group=group).order_by("position")
    return render(request, "meetings/standing_items.html", {"group": group, "items": items})


def _list_url(group_id):
    return reverse("meetings:group_standing_items", args=[group_id])


def _item_page(request, form, save, *, group, heading):
    return form_page(
        request,
        form,
        save,
        success=f"Standing item saved. New meetings of {group.name} will start with it.",
        redirect_to=lambda: _list_url(group.pk),
        template="meetings/form.html",
        context={"heading": heading, "caption": group.name, "cancel_url": _list_url(group.pk)},
    )


@admin_required
def standing_item_add(request, pk):
    group = get_object_or_404(Group, pk=pk)
    last = StandingItem.objects.filter(group=group).order_by("-position").first()
    form = StandingItemForm(
        request.POST if request.method == "POST" else None,
        instance=StandingItem(group=group),
        initial={"position": (last.position + 1) if last else 1, "purpose": "information"},
    )
    return _item_page(
        request,
        form,
        lambda: groups.standing_item_save(item=form.instance),
        group=group,
        heading=_("Add a standing item"),
    )


@admin_required
def standing_item_edit(request, pk):
    item = get_object_or_404(StandingItem.objects.select_related("group"), pk=pk)
    form = StandingItemForm(request.POST if request.method == "POST" else None, instance=item)
    return _item_page(
        request,
        form,
        lambda: groups.standing_item_save(item=form.instance, expected_version=form.cleaned_data["version"]),
        group=item.group,
        heading=_("Edit standing item"),
    )


@admin_required
@confirm_or_act
def standing_item_remove(request, pk):
    item = get_object_or_404(StandingItem.objects.select_related("group"), pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            caption=item.group.name,
            question=f"Remove “{item.title}” from the standing items?",
            consequences=["New meetings of the group will start without it; meetings already created keep it."],
            button=_("Yes, remove it"),
            back=_list_url(item.group_id),
        )
    groups.standing_item_remove(item=item)
    messages.success(request, f"“{item.title}” removed from the standing items of {item.group.name}")
    return redirect(_list_url(item.group_id))
