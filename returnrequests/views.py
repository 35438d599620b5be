"""The signed link's landing page (any kind), and the admins' view of every return asked for."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.access import admin_required, public
from common.http import next_url

from . import registry, services


@public
def respond(request, token):
    """The link in a return email, usable without signing in: the app's page for its kind, until answered."""
    try:
        return_request = services.request_for_token(token)
    except services.LinkError as error:
        return render(request, "returnrequests/link_invalid.html", {"message": str(error)}, status=400)
    if return_request.returned_at is not None:
        return render(request, "returnrequests/returned.html", {"return_request": return_request})
    return registry.get(return_request.kind).respond(request, return_request)


def _rounds(rows):
    """Load the rounds the count rows are about: one query per kind of round."""
    wanted = {}
    for row in rows:
        wanted.setdefault(row["round_type"], set()).add(row["round_id"])
    loaded = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for obj in model._default_manager.filter(pk__in=ids):
            loaded[(type_id, obj.pk)] = obj
    return loaded


@admin_required
def overview(request):
    """Every kind of return the apps ask for, and per round how many were asked, sent, chased and returned."""
    sections = []
    for kind in registry.kinds():
        rows = list(services.round_counts(kind.value))
        rounds = _rounds(rows)
        for row in rows:
            row["round"] = rounds.get((row["round_type"], row["round_id"]))
            row["url"] = kind.round_url(row["round"]) if row["round"] is not None else ""
            row["round_key"] = _round_key(row["round_type"], row["round_id"])
        sections.append({"kind": kind, "rows": rows})
    return render(request, "returnrequests/overview.html", {"sections": sections})


def _round_key(type_id, round_id):
    content_type = ContentType.objects.get_for_id(type_id)
    return f"{content_type.app_label}.{content_type.model}:{round_id}"


def _round_from(request):
    """The kind and round an admin's button names (`kind`, `round` = "app_label.model:id"), or 404."""
    try:
        kind = registry.get(request.POST.get("kind", ""))
        label, round_id = request.POST.get("round", "").split(":")
        app_label, model = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        round_obj = content_type.get_object_for_this_type(pk=int(round_id))
    except (KeyError, ValueError, ObjectDoesNotExist) as error:
        raise Http404("No such round of returns") from error
    return kind, round_obj


@admin_required
@require_POST
def ask_now(request):
    """Send the round's requests now (made first if the app has not made them yet)."""
    kind, round_obj = _round_from(request)
    sent = services.round_ask_now(kind=kind, round=round_obj)
    if sent:
        messages.success(request, f"Asked {sent} for a return: the emails are on their way")
    else:
        messages.info(request, "Nobody is waiting to be asked: every return is already asked for or in")
    return redirect(next_url(request, reverse("returnrequests:overview")))


@admin_required
@require_POST
def chase_now(request):
    """Chase the round's unanswered requests now (those asked at least a day ago, not chased today)."""
    kind, round_obj = _round_from(request)
    chased = services.round_chase_now(kind=kind, round=round_obj)
    if chased:
        messages.success(request, f"Chased {chased} unanswered: the emails are on their way")
    else:
        messages.info(request, "Nobody to chase: every return is in, or was asked or chased less than a day ago")
    return redirect(next_url(request, reverse("returnrequests:overview")))
