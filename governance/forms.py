from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone

from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput, DateTimeInput
from meetings.models import Group, Marking
from members.models import Organisation, Person

from .models import DecisionStatus, Interest, Vote


class InterestForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["kind", "body", "organisation", "description", "starts_on", "ends_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"ends_on": "Leave empty while the interest continues."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].required = False
        self.fields["version"].required = bool(self.instance.pk)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The date the interest ended must be on or after the date it started")
        return data

    def _post_clean(self):
        """As a ModelForm's, without the model's check constraints: `clean` says the same with the field named,
        and the database keeps the constraint."""
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

    def values(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "original")}


class DeclarationForm(CaseDataCheck, GOVUKForm, forms.Form):
    item = forms.ModelChoiceField(queryset=None, label="Agenda item")
    person = forms.ModelChoiceField(queryset=None, label="Who declared")
    interest = forms.ModelChoiceField(
        queryset=Interest.objects.none(), required=False, label="Entry in their register",
        help_text="Or leave this and describe the interest below.",
    )  # fmt: skip
    text = forms.CharField(
        label="Interest declared", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In the words of the minutes, if it is not in their register.",
    )  # fmt: skip
    withdrew = forms.TypedChoiceField(
        label="Did they withdraw from the item?", choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(self, *args, items, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.position}. {i.title}"
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("name")
        self.fields["interest"].queryset = (
            Interest.objects.filter(person__in=[p.pk for p in people]).select_related("person").order_by("person__name")
        )
        self.fields["interest"].label_from_instance = lambda i: f"{i.person.name}: {i}"


class DecisionStatusForm(GOVUKForm, forms.Form):
    status = forms.ChoiceField(choices=DecisionStatus.Status.choices, widget=forms.RadioSelect)
    superseded_by = forms.ModelChoiceField(
        queryset=None, required=False, label="Superseded by", help_text="The later decision that replaced it."
    )
    actions = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Actions arising", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, decisions, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["superseded_by"].queryset = decisions
        self.fields["superseded_by"].label_from_instance = lambda d: (
            f"{d.minutes_version.minutes.meeting}: {d.text[:80]}"
        )
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: a.description[:100]


class RegisterFilterForm(GOVUKForm, forms.Form):
    """A search of the register: not stored, so not checked for case data."""

    q = forms.CharField(label="Words in the decision or its item", required=False)
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups")
    date_from = forms.DateField(label="Meetings from", required=False, widget=DateInput)
    date_to = forms.DateField(label="Meetings to", required=False, widget=DateInput)
    status = forms.ChoiceField(choices=[("", "Any status"), *DecisionStatus.Status.choices], required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.all()
        self.fields["group"].choices = [("", "All groups"), *[(g.pk, g.name) for g in groups]]

    def filters(self):
        return self.cleaned_data if self.is_valid() else {}


class MotionForm(CaseDataCheck, GOVUKForm, forms.Form):
    group = forms.ModelChoiceField(queryset=Group.objects.all(), label="Group deciding")
    title = forms.CharField(max_length=200)
    text = forms.CharField(label="The decision proposed", widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}))
    alternatives = forms.CharField(
        label="Alternatives considered and rejected", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    interests_declared = forms.CharField(
        label="Interests declared", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    marking = forms.ChoiceField(choices=Marking.choices, initial=Marking.OFFICIAL, widget=forms.RadioSelect)
    paper = forms.FileField(label="Paper (PDF)", required=False, help_text="The paper members read before voting.")
    closes_at = forms.DateTimeField(label="Voting closes", widget=DateTimeInput)
    voters = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Members who vote", widget=forms.CheckboxSelectMultiple,
        help_text="Each gets an email with a link to vote; their deputy may vote for them when signed in.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voters"].queryset = (
            Person.objects.active().exclude(role=Person.Role.DEPUTY).select_related("organisation").order_by("name")
        )
        self.fields["voters"].label_from_instance = lambda p: (
            f"{p.name}{f', {p.organisation}' if p.organisation else ''}"
        )
        self.fields["group"].label_from_instance = lambda g: g.name
        self.fields["group"].empty_label = None
        self.fields["group"].initial = Group.objects.filter(is_main_board=True).values_list("pk", flat=True).first()

    def clean_paper(self):
        paper = self.cleaned_data.get("paper")
        if paper and not paper.name.lower().endswith(".pdf"):
            raise forms.ValidationError("The paper must be a PDF file")
        return paper

    def clean_closes_at(self):
        closes = self.cleaned_data["closes_at"]
        if closes <= timezone.now():
            raise forms.ValidationError("The closing time must be in the future")
        return closes


class VoteForm(GOVUKForm, forms.Form):
    choice = forms.ChoiceField(label="Your vote", choices=Vote.Choice.choices, widget=forms.RadioSelect)


class RatifyForm(GOVUKForm, forms.Form):
    meeting = forms.ModelChoiceField(queryset=None, label="Meeting that ratified it")

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
