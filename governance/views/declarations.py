"""Declarations of interest at a meeting: an admin records who declared what under which item, during or after it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.access import admin_required
from common.forms import add_service_errors
from meetings.views.base import admin_meeting, error_text, posted

from .. import selectors, services
from ..forms import DeclarationForm
from ..models import Declaration


@admin_required
def meeting_declarations(request, pk):
    meeting = admin_meeting(request, pk)
    items = selectors.items_for_declarations(request.user, meeting)
    people = selectors.attendees(meeting)
    from meetings.models import AgendaItem

    form = DeclarationForm(
        posted(request),
        items=AgendaItem.objects.filter(meeting=meeting).order_by("position"),
        people=people,
        initial={"withdrew": "no"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declaration_add(
                data["item"], person=data["person"], interest=data["interest"], text=data["text"],
                withdrew=data["withdrew"], by=request.user, case_data=form.case_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Declaration by {data['person'].name} recorded")
            return redirect("governance:meeting_declarations", meeting.pk)
    return render(
        request,
        "governance/declarations.html",
        {
            "meeting": meeting,
            "items": items,
            "form": form,
            "declarations": selectors.meeting_declarations(request.user, meeting),
        },
    )


@admin_required
@require_POST
def declaration_remove(request, pk):
    declaration = get_object_or_404(Declaration.objects.visible_to(request.user).select_related("item__meeting"), pk=pk)
    meeting = declaration.item.meeting
    try:
        services.declaration_remove(declaration)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Declaration removed")
    return redirect("governance:meeting_declarations", meeting.pk)
