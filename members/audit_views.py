"""The audit trail, for council admins to browse and filter. Read-only: nothing here changes it."""

from auditlog.models import LogEntry
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from common.access import admin_required
from common.audit import ACTION_WORDS, access_note, describe_changes, log_access
from common.downloads import bytes_download
from common.forms import GOVUKForm
from common.pagination import paginate
from common.widgets import DateInput

from .models import Person
from .subject_access import subject_access_json, subject_access_pdf


def _audited_content_types():
    labels = [item["model"] if isinstance(item, dict) else item for item in settings.AUDITLOG_INCLUDE_TRACKING_MODELS]
    models = [label.split(".") for label in labels]
    by_app = ContentType.objects.filter(app_label__in={app for app, _ in models})
    wanted = {(app, name.lower()) for app, name in models}
    return [ct for ct in by_app if (ct.app_label, ct.model) in wanted]


class AuditFilterForm(GOVUKForm, forms.Form):
    record_type = forms.ChoiceField(label=gettext_lazy("Record type"), required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"), required=False, choices=[("", "Any action"), *LogEntry.Action.choices]
    )
    actor = forms.CharField(label=gettext_lazy("Who (email contains)"), required=False, max_length=200)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", "Any record")] + [
            (str(ct.pk), ct.model_class()._meta.verbose_name.capitalize())
            for ct in _audited_content_types()
            if ct.model_class()
        ]
        self.helper.form_method = "get"

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("record_type"):
            entries = entries.filter(content_type_id=data["record_type"])
        if data.get("action") not in (None, ""):
            entries = entries.filter(action=data["action"])
        if data.get("actor"):
            entries = entries.filter(actor__email__icontains=data["actor"])
        if data.get("date_from"):
            entries = entries.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(timestamp__date__lte=data["date_to"])
        return entries


@admin_required
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if form.is_valid():
        entries = form.filter(entries)
    page = paginate(request, entries, 50)
    # Labels, choice names and related records' names rather than raw ids: one query per related model.
    for entry, rows in zip(page, describe_changes(page), strict=True):
        entry.note = access_note(entry)
        entry.is_creation = entry.action == LogEntry.Action.CREATE  # a new record's values, without "(empty) →"
        entry.change_rows = [] if entry.note else [row for row in rows if not entry.is_creation or row[2] is not None]
        entry.action_words = ACTION_WORDS.get(entry.action, entry.get_action_display())
    return render(request, "audit/trail.html", {"form": form, "page": page})


@admin_required
def subject_access(request, person_id):
    """UK GDPR right of access: everything the app holds about one person, in words, as a JSON download."""
    person = get_object_or_404(Person, pk=person_id)
    log_access(request, [person], "subject access export downloaded (JSON)")
    response = HttpResponse(subject_access_json(person), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-person-{person.pk}.json"'
    return response


@admin_required
def subject_access_pdf_download(request, person_id):
    """The same export as a readable PDF, to send to the person."""
    person = get_object_or_404(Person, pk=person_id)
    log_access(request, [person], "subject access export downloaded (PDF)")
    return bytes_download(subject_access_pdf(person), filename=f"subject-access-person-{person.pk}.pdf")
