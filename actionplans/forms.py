from django import forms
from django.utils.translation import gettext_lazy as _

from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput
from meetings.models import Meeting, MeetingAction
from members.models import LinkedBody, Organisation, Person

from .models import Action, ActionPlan, BoardReport, Priority

DATE = DateInput()


class PlanForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    case_data_confirmable = False

    class Meta:
        model = ActionPlan
        fields = ["year_label", "title", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class PriorityForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["number", "title", "description", "source", "ctlp_reference", "unclassified_summary", "toolkit_area"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "unclassified_summary": forms.Textarea(attrs={"rows": 3}),
        }


class ActionForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "reference",
            "description",
            "lead_organisation",
            "lead_officer",
            "supporting_organisations",
            "start_date",
            "due_date",
            "measure_of_success",
            "status",
            "percent_complete",
            "weight",
            "marking",
            "meeting_actions",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measure_of_success": forms.Textarea(attrs={"rows": 3}),
            "supporting_organisations": forms.CheckboxSelectMultiple,
            "meeting_actions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["supporting_organisations"].queryset = organisations
        self.fields["lead_officer"].queryset = Person.objects.filter(status=Person.Status.ACTIVE).select_related(
            "organisation"
        )
        self.fields["lead_officer"].label_from_instance = lambda p: f"{p.name} ({p.organisation or 'individual'})"
        self.fields["meeting_actions"].queryset = MeetingAction.objects.filter(status=MeetingAction.Status.OPEN)
        self.fields["meeting_actions"].label = "Related meeting actions"
        self.fields["percent_complete"].widget.attrs.update(min=0, max=100)


class UpdateForm(CaseDataCheck, GOVUKForm, forms.Form):
    date = forms.DateField(widget=DATE, label=_("Date of this update"))
    narrative = forms.CharField(
        label=_("Progress since the last update"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    # Not required here: a status may have a usual percent (`extend.default_percent`); the service says when none.
    percent_complete = forms.IntegerField(
        label=_("Percent complete"), help_text=_("A whole number from 0 to 100"), required=False
    )


class ApproveForm(GOVUKForm, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting that approved the plan"),
        queryset=Meeting.objects.none(),
        empty_label="Select a meeting",
        help_text="A held meeting of the group that owns the plan. The plan is approved on that meeting's date.",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if not meetings.exists():
            field = self.fields["meeting"]
            field.help_text = "The group that owns the plan has not held a meeting yet: record one's attendance first."


class ReopenForm(CaseDataCheck, GOVUKForm, forms.Form):
    reason = forms.CharField(
        label=_("Why does the approved plan need to change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(CaseDataCheck, GOVUKForm, forms.Form):
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Plain text or Markdown. Only this summary is shown to the public, never the actions."),
    )
    summary_published = forms.BooleanField(label=_("Publish this summary on the public site"), required=False)


class BoardReportCreateForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    linked_body = forms.ModelChoiceField(
        label=_("Linked body"), queryset=LinkedBody.objects.filter(is_active=True), required=False
    )
    addressee = forms.CharField(
        label=_("Or another board's name"),
        max_length=200,
        required=False,
        help_text=_("For example, Health and Wellbeing Board"),
    )
    plan = forms.ModelChoiceField(label=_("Action plan"), queryset=ActionPlan.objects.all(), required=False)
    period_start = forms.DateField(widget=DATE, label=_("Period from"))
    period_end = forms.DateField(widget=DATE, label=_("Period to"))
    meeting_date = forms.DateField(widget=DATE, label=_("Board meeting date"), required=False)
    responsible_officer = forms.CharField(max_length=200, required=False)


class BoardReportForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = BoardReport
        fields = [
            "addressee",
            "meeting_date",
            "item_title",
            "responsible_officer",
            "period_start",
            "period_end",
            "threat_level",
            "summary",
            "recommendations",
            "risk_assessment",
            "financial_implications",
            "background",
            "additional_information",
            "conclusions",
            "background_papers",
            "appendices",
        ]
        widgets = {
            "meeting_date": DATE,
            "period_start": DATE,
            "period_end": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in (
                    "summary",
                    "recommendations",
                    "risk_assessment",
                    "financial_implications",
                    "background",
                    "additional_information",
                    "conclusions",
                    "background_papers",
                    "appendices",
                )
            },
        }


class PlanActionFilterForm(forms.Form):
    """The filters above a plan's actions (links, not a form on the page); a value that is not valid is ignored."""

    priority = forms.IntegerField(required=False, min_value=1)
    organisation = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(required=False, choices=Action.Status.choices)
    overdue = forms.BooleanField(required=False)

    def clean_overdue(self):
        return self.data.get("overdue") == "1"

    @property
    def filters(self):
        """The valid filters, each None (or False) when not given or not valid: keyword arguments for the selector."""
        self.is_valid()
        return {
            "priority": self.cleaned_data.get("priority"),
            "organisation": self.cleaned_data.get("organisation"),
            "status": self.cleaned_data.get("status") or None,
            "overdue": bool(self.cleaned_data.get("overdue")),
        }
