"""The standing items every new agenda starts with."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.access import admin_required

from .. import services
from ..forms import StandingItemForm
from ..models import StandingItem
from .base import posted


@admin_required
def standing_items(request):
    services.standing_items_ensure()
    return render(request, "meetings/standing_items.html", {"items": StandingItem.objects.all()})


@admin_required
def standing_item_edit(request, pk=None):
    item = get_object_or_404(StandingItem, pk=pk) if pk else None
    form = StandingItemForm(posted(request), instance=item)
    if request.method == "POST":
        if "delete" in request.POST and item is not None:
            item.delete()
            messages.success(request, _("Standing item removed"))
            return redirect("meetings:standing_items")
        if form.is_valid():
            form.save()
            messages.success(request, _("Standing item saved. New meetings will start with it."))
            return redirect("meetings:standing_items")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "heading": _("Edit standing item") if item else _("Add a standing item"),
            "cancel_url": reverse("meetings:standing_items"),
        },
    )
