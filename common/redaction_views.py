"""The admin's screen for taking a passage out of a record: the form, a confirmation, then the service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from common.access import admin_required
from common.forms import add_service_errors

from . import redaction


def _record(label, pk):
    entry = redaction.redactable(label)
    if entry is None:
        raise Http404
    record = entry.model._base_manager.filter(pk=pk).first()
    if record is None:
        raise Http404
    return entry, record


@admin_required
def redact(request, label, pk):
    """GET: the form. POST: the places the passage is found, to confirm. POST with `confirmed`: redacted."""
    entry, record = _record(label, pk)
    back = entry.url(record) if entry.url else "/"
    form = redaction.RedactForm(request.POST or None)
    context = {"entry": entry, "record": record, "form": form, "cancel_url": back}
    if request.method == "POST" and form.is_valid():
        passage, reason = form.cleaned_data["passage"], form.cleaned_data["reason"]
        found = redaction.occurrences(record, passage)
        if not found:
            form.add_error("passage", f"The passage is not in this {entry.label}: copy it exactly as it reads")
        elif request.POST.get("confirmed") != "yes":
            places = sum(count for _, _, count in found)
            return render(request, "redaction/confirm.html", {**context, "places": places, "found": found})
        else:
            try:
                places = redaction.record_redact(record=record, passage=passage, reason=reason, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"The passage was taken out of {places} place{'s' if places != 1 else ''}. "
                    "Files made from this record are being made again.",
                )
                return redirect(back)
    return render(request, "redaction/redact.html", context, status=400 if form.errors else 200)
