from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action, ActionPlan, Priority
from assurance.models import Criterion
from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput
from meetings.models import AgendaItem, Meeting
from members.models import Organisation, Person

from .models import BANDS, Recommendation, RecommendationSource, Risk, RiskAssessment, Theme

DATE = DateInput()
SCORES = {
    "inherent_likelihood": _("Likelihood before controls (1 rare to 5 almost certain)"),
    "inherent_impact": _("Impact before controls (1 minimal to 5 severe)"),
    "residual_likelihood": _("Likelihood after controls (1 to 5)"),
    "residual_impact": _("Impact after controls (1 to 5)"),
}


class ModelRulesInService:
    """As a ModelForm's clean, without the model's constraints: the service checks the same rules with messages
    naming the field, and the database keeps the constraints. A new record has no version to send back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields and not self.instance.pk:
            self.fields["version"].required = False

    def _post_clean(self):
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


class AssessmentForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, ModelRulesInService, forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ["period_label", "period_start", "period_end", "marking"]
        widgets = {"period_start": DATE, "period_end": DATE, "marking": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The period must end after it starts."))
        return cleaned


class AgreeForm(GOVUKForm, forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label=_("Meeting that agreed it"))
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        label=_("Agenda item that agreed it"),
        required=False,
        help_text=_("The item in that meeting's minutes where it was agreed"),
    )
    agreed_on = forms.DateField(
        widget=DATE, label=_("Date agreed"), required=False, help_text=_("The meeting's date if empty")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.select_related("group").order_by("-starts_at")
        self.fields["item"].queryset = AgendaItem.objects.select_related("meeting").order_by(
            "-meeting__starts_at", "position"
        )
        self.fields["item"].label_from_instance = lambda item: f"{item.meeting.title}: {item.position}. {item.title}"

    def clean(self):
        cleaned = super().clean()
        meeting, item = cleaned.get("meeting"), cleaned.get("item")
        if meeting and item and item.meeting_id != meeting.pk:
            self.add_error("item", _("Select an item on the agenda of the meeting that agreed it."))
        return cleaned


class PublishForm(CaseDataCheck, GOVUKForm, forms.Form):
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text=_("Shown with the themes and counts. Never a risk's words, never words from the CTLP."),
    )
    published = forms.BooleanField(label=_("Publish the summary on the public site"), required=False)


class RiskForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, ModelRulesInService, forms.ModelForm):
    ctlp = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("CTLP recommendations (their references only)"),
    )

    class Meta:
        model = Risk
        fields = [
            "reference", "title", "theme", "ctlp", "from_local_data", "from_partner_insight", "owner_organisation",
            "owner_officer", *SCORES, "residual_reason", "controls", "review_date", "status", "closed_reason",
            "actions", "criteria",
        ]  # fmt: skip
        widgets = {
            "review_date": DATE,
            "status": forms.RadioSelect,
            "actions": forms.CheckboxSelectMultiple,
            "criteria": forms.CheckboxSelectMultiple,
            "residual_reason": forms.Textarea(attrs={"rows": 3}),
            "controls": forms.Textarea(attrs={"rows": 4}),
            "closed_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _("For example, R3. Left empty, the next free number is given.")
        self.fields["theme"].queryset = Theme.objects.filter(is_current=True) | Theme.objects.filter(
            pk=self.instance.theme_id or 0
        )
        self.fields["owner_organisation"].queryset = Organisation.objects.members()
        self.fields["owner_officer"].queryset = Person.objects.active().select_related("organisation")
        self.fields["owner_officer"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        for name, label in SCORES.items():
            self.fields[name] = forms.IntegerField(
                label=label,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
                error_messages={
                    "min_value": _("Enter a score from 1 to 5."),
                    "max_value": _("Enter a score from 1 to 5."),
                    "invalid": _("Enter a score from 1 to 5."),
                },
                min_value=1,
                max_value=5,
            )
        self.fields["ctlp"].queryset = Recommendation.objects.filter(
            source__kind=RecommendationSource.Kind.CTLP
        ).select_related("source")
        self.fields["ctlp"].label_from_instance = lambda r: r.reference
        if self.instance.pk:
            self.initial.setdefault("ctlp", [r.pk for r in self.instance.recommendations.filter(source__kind="ctlp")])
        self.fields["actions"].queryset = (
            Action.objects.filter(
                priority__plan__start_date__lte=assessment.period_end,
                priority__plan__end_date__gte=assessment.period_start,
            )
            .exclude(priority__plan__status=ActionPlan.Status.ARCHIVED)
            .select_related("priority__plan")
            .order_by("priority__plan__start_date", "priority__number", "reference")
        )
        self.fields["actions"].label_from_instance = lambda a: f"{a.reference} {a.description[:90]}"
        self.fields["criteria"].queryset = Criterion.objects.filter(area__framework__is_current=True)
        self.fields["criteria"].label_from_instance = lambda c: f"{c.number} {c.text[:90]}"


class FilterForm(forms.Form):
    """The register's filters (GET): nothing here is required, and a bad value is ignored."""

    theme = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Theme"))
    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Owner"))
    band = forms.ChoiceField(required=False, label=_("Residual score"))
    overdue = forms.BooleanField(required=False, label=_("Past their review date only"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Any theme")), *choices["themes"]]
        self.fields["owner"].choices = [("", _("Any owner")), *choices["owners"]]
        self.fields["band"].choices = [("", _("Any score")), *[(k, label) for k, label, *_ in BANDS]]

    def filters(self):
        return self.cleaned_data if self.is_valid() else {}


class SourceForm(CaseDataCheck, GOVUKForm, ModelRulesInService, forms.ModelForm):
    class Meta:
        model = RecommendationSource
        fields = ["kind", "name", "issued_on"]
        widgets = {"issued_on": DATE, "kind": forms.RadioSelect}


class RecommendationForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, ModelRulesInService, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["source", "reference", "local_wording", "marking", "owner_organisation", "owner_officer", "status",
                  "rating", "actions", "risks"]  # fmt: skip
        widgets = {
            "local_wording": forms.Textarea(attrs={"rows": 3}),
            "marking": forms.RadioSelect,
            "status": forms.RadioSelect,
            "actions": forms.CheckboxSelectMultiple,
            "risks": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.members()
        self.fields["owner_officer"].queryset = Person.objects.active().select_related("organisation")
        self.fields["owner_officer"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["actions"].queryset = (
            Action.objects.exclude(priority__plan__status=ActionPlan.Status.ARCHIVED)
            .select_related("priority__plan")
            .order_by("-priority__plan__start_date", "priority__number", "reference")
        )
        self.fields["actions"].label_from_instance = lambda a: (
            f"{a.priority.plan.year_label} {a.reference} {a.description[:80]}"
        )
        # Risks of the register in force and any draft: superseded versions are history.
        self.fields["risks"].queryset = (
            Risk.objects.exclude(assessment__status=RiskAssessment.Status.SUPERSEDED)
            .select_related("assessment")
            .order_by("-assessment__period_start", "-assessment__number", "reference")
        )
        self.fields["risks"].label_from_instance = lambda r: f"{r.assessment.period_label} v{r.assessment.number} {r}"
        self.fields["rating"].choices = [("", _("Not rated")), *list(self.fields["rating"].choices)[1:]]


class RecommendationActionForm(CaseDataCheck, GOVUKForm, ModelRulesInService, forms.ModelForm):
    """A plan action answering a recommendation: in a draft plan (approved plans change by their own rules)."""

    class Meta:
        model = Action
        fields = ["priority", "reference", "description", "lead_organisation", "lead_officer", "start_date", "due_date"]
        widgets = {"start_date": DATE, "due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.filter(plan__status=ActionPlan.Status.DRAFT).select_related(
            "plan"
        )
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.year_label}: {p}"
        self.fields["priority"].help_text = _("A priority of a draft plan: an approved plan is changed by reopening it")
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _("Left empty, the next free number under the priority is given")
        self.fields["lead_organisation"].queryset = Organisation.objects.members()
        self.fields["lead_officer"].queryset = Person.objects.active()

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date must be the same as or after the start date."))
        return cleaned


class ImportForm(GOVUKForm, forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("In the columns the register's CSV is downloaded in, one risk a line")
    )
