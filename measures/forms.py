from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action
from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput
from meetings.models import Marking

from .models import RAG_CHOICES, Measure, Milestone, ReportingPeriod

DATE = DateInput()
NUMBER = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "class": "govuk-input--width-10"})


class MeasureForm(GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "unit", "direction", "baseline", "baseline_date", "target", "target_date", "amber_at",
                  "red_at"]  # fmt: skip
        widgets = {
            "direction": forms.RadioSelect,
            "baseline_date": DATE,
            "target_date": DATE,
            "baseline": NUMBER,
            "target": NUMBER,
            "amber_at": NUMBER,
            "red_at": NUMBER,
        }

    def _post_clean(self):
        """As a ModelForm's, but without the model's check constraints: the service checks the same rules
        (`services.check_measure`) with messages naming the field, and the database keeps the constraints."""
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)


class ResultForm(CaseDataCheck, GOVUKForm, forms.Form):
    period_start = forms.DateField(widget=DATE, label=_("Start of the period"))
    period_end = forms.DateField(
        widget=DATE, label=_("End of the period"), help_text=_("A period that has ended: today at the latest")
    )
    value = forms.DecimalField(label=_("Result"), max_digits=12, decimal_places=2, widget=NUMBER)
    source = forms.CharField(
        label=_("Where the figure comes from"), max_length=200, help_text=_("For example: training records")
    )
    commentary = forms.CharField(
        label=_("Commentary"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A PDF, DOCX, XLSX, PPTX or ODT file. It is checked, and a PDF is cleaned, before it is kept."),
    )
    marking = forms.ChoiceField(
        label=_("Security marking of the evidence"),
        choices=Marking.choices,
        initial=Marking.OFFICIAL,
        widget=forms.RadioSelect,
    )


class MilestoneForm(GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_on"]
        widgets = {"due_date": DATE, "done_on": DATE}


class MilestoneDoneForm(GOVUKForm, forms.Form):
    done_on = forms.DateField(widget=DATE, label=_("Done on"), initial=timezone.localdate)


class TrackingForm(GOVUKForm, VersionedFormMixin, forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("None: it counts on its own"),
        help_text=_("A sub-action's percent complete and RAG roll up by weight into the action it is part of."),
    )
    reporting_period = forms.TypedChoiceField(
        label=_("Reporting period"),
        choices=ReportingPeriod.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("With no progress update or result for longer than this, the action is flagged as stale."),
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Action.objects.filter(priority__plan_id=action.priority.plan_id)
            .exclude(pk=action.pk)
            .select_related("priority")
            .order_by("priority__number", "reference")
        )
        self.fields["parent"].label_from_instance = lambda a: f"{a.reference} {a.description[:70]}"


class OverrideForm(CaseDataCheck, GOVUKForm, forms.Form):
    status = forms.ChoiceField(
        label=_("RAG"),
        choices=[("", _("Worked out by the app (no override)")), *RAG_CHOICES],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Shown with the RAG wherever it appears."),
    )


class StatusPercentsForm(GOVUKForm, forms.Form):
    """One optional percent per status; `seen` carries what the editor loaded, so a change made meanwhile shows."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for status, label in Action.Status.choices:
            self.fields[status] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=100,
                initial=current.get(status),
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            )
        self.fields["seen"].initial = encode_percents(current)
        self.order_fields([s for s, _ in Action.Status.choices] + ["seen"])
        self.refresh_layout()  # the layout drawn at the start knew only the declared fields

    def percents(self):
        return {status: self.cleaned_data.get(status) for status, _ in Action.Status.choices}

    def seen_percents(self):
        return decode_percents(self.cleaned_data.get("seen") or "")


def encode_percents(percents):
    return ",".join(f"{status}:{percent}" for status, percent in sorted(percents.items()))


def decode_percents(text):
    pairs = (part.split(":", 1) for part in text.split(",") if ":" in part)
    return {status: int(percent) for status, percent in pairs if percent.isdigit()}


class ImportForm(GOVUKForm, forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("The plan's CSV, as Download CSV writes it"))
    year_label = forms.CharField(label=_("Year"), max_length=7, help_text=_("For example, 2027/28"))
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(widget=DATE, label=_("Start date"))
    end_date = forms.DateField(widget=DATE, label=_("End date"))
