from crispy_forms_gds.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput

from . import imports, services
from .models import JoinRequest, LinkedBody, Organisation, Person, Sector, TermsOfReference

DATE = DateInput(attrs={"class": "govuk-input govuk-input--width-10"})


class _Versioned(VersionedFormMixin):
    """The version check applies to edits; a new record has nothing to conflict with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False


class OrganisationForm(CaseDataCheck, GOVUKForm, _Versioned, forms.ModelForm):
    case_data_confirmable = False
    case_data_exempt = {"address": "a member organisation's address: a public fact, never a person's"}

    prevent_duty = forms.ChoiceField(
        label=_("Does it carry the statutory Prevent duty?"),
        choices=[("sector", "As its sector does"), ("yes", "Yes"), ("no", "No")],
        initial="sector",
        widget=forms.RadioSelect,
        help_text=_("Councils, the NHS, police, schools, colleges, universities and probation carry the duty."),
    )

    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("The full address, for example https://www.example.org"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "address", "website", "date_joined"]
        widgets = {"date_joined": DATE, "address": forms.Textarea(attrs={"rows": 3})}

    field_order = ["name", "sector", "prevent_duty", "address", "website", "date_joined"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["prevent_duty"] = "yes" if self.instance.has_prevent_duty else "no"

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("prevent_duty")
        if choice == "sector" and cleaned.get("sector"):
            self.instance.has_prevent_duty = Organisation.default_prevent_duty(cleaned["sector"])
        elif choice in {"yes", "no"}:
            self.instance.has_prevent_duty = choice == "yes"
        return cleaned


class PersonForm(CaseDataCheck, GOVUKForm, _Versioned, forms.ModelForm):
    case_data_confirmable = False
    case_data_exempt = {"phone": "a member's work phone number"}

    class Meta:
        model = Person
        fields = ["name", "job_title", "email", "phone", "organisation", "role", "deputy_for", "term_start", "term_end"]
        widgets = {"term_start": DATE, "term_end": DATE, "role": forms.RadioSelect}
        labels = {"deputy_for": _("Deputy for (deputies only)"), "term_end": _("Term end (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = "None: a member in their own right"
        self.fields["deputy_for"].queryset = (
            Person.objects.active()
            .filter(role__in=Person.REPRESENTING_ROLES)
            .exclude(role=Person.Role.DEPUTY)
            .exclude(pk=self.instance.pk)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["deputy_for"].label_from_instance = lambda person: (
            f"{person.name} ({person.organisation or 'individual'})"
        )
        self.fields["deputy_for"].empty_label = "Not a deputy"
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(autocomplete="off")


class EndMembershipForm(GOVUKForm, forms.Form):
    end_date = forms.DateField(label=_("Date their membership ends"), widget=DATE, initial=timezone.localdate)


class ErasureForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False  # the reason stays in the erasure log: it says why, never who

    reason = forms.CharField(
        label="Why are their details being erased?",
        help_text="For example: erasure requested by email on 3 December 2026, reference DP-2026-041",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )
    confirm = forms.BooleanField(
        label="I understand their details are erased for good and cannot be brought back",
        error_messages={"required": "Confirm that their details are erased for good"},
    )


class OrganisationLeaveForm(GOVUKForm, forms.Form):
    date_left = forms.DateField(label=_("Date the organisation leaves"), widget=DATE, initial=timezone.localdate)


class MyDetailsForm(CaseDataCheck, GOVUKForm, _Versioned, forms.ModelForm):
    case_data_confirmable = False
    case_data_exempt = {"phone": "the member's own work phone number"}

    class Meta:
        model = Person
        fields = ["name", "job_title", "email", "phone"]
        labels = {"email": _("Work email address"), "phone": _("Work phone number")}
        help_texts = {
            "email": _("Other members see this address in the member directory. You still sign in as before.")
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }


class LinkedBodyForm(CaseDataCheck, GOVUKForm, _Versioned, forms.ModelForm):
    case_data_confirmable = False

    class Meta:
        model = LinkedBody
        fields = ["name", "relationship", "reporting_frequency", "contact_name", "contact_email", "notes", "is_active"]
        widgets = {"relationship": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}


class TermsForm(CaseDataCheck, GOVUKForm, forms.ModelForm):
    class Meta:
        model = TermsOfReference
        fields = ["body", "summary_of_changes", "approved_on", "approved_by", "next_review"]
        widgets = {
            "approved_on": DATE,
            "next_review": DATE,
            "body": forms.Textarea(attrs={"rows": 20}),
            "summary_of_changes": forms.Textarea(attrs={"rows": 3}),
        }


class JoinForm(CaseDataCheck, GOVUKForm, forms.ModelForm):
    case_data_confirmable = False  # the public's form: nobody can vouch for the text, so it must change
    case_data_exempt = {"phone": "the applicant's own phone number", "website": "a honeypot no person fills in"}

    consent = forms.BooleanField(
        label=_("I agree that the council may store these details to consider my application"),
        error_messages={"required": "Agree to us storing your details, or we cannot consider your application"},
    )
    # A honeypot: hidden from people (visually and from the tab order), filled in by spam robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = JoinRequest
        fields = ["name", "email", "phone", "job_title", "kind", "organisation_name", "sector", "reason", "consent"]
        labels = {
            "kind": _("How are you joining?"),
            "organisation_name": _("Organisation name (if joining for an organisation)"),
            "sector": _("Type of organisation (if joining for an organisation)"),
            "phone": _("Phone number (optional)"),
            "job_title": _("Job title (optional)"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "kind": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {"required": "Enter your full name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
            },
            "kind": {"required": "Select whether you are joining for an organisation or as an individual"},
            "reason": {"required": "Tell us why you want to join"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Choose a type"), *list(Sector.choices)]
        self.fields["kind"].choices = JoinRequest.Kind.choices
        self.fields[
            "reason"
        ].help_text = "For example, what you or your organisation could bring, or what you hope to learn."
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "job_title",
            "kind",
            "organisation_name",
            "sector",
            "reason",
            HTML('{% include "members/_join_privacy.html" %}'),
            "consent",
            Div("website", css_class="govuk-visually-hidden"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        pending = services.join_request_pending_for(email)
        if pending is not None:
            raise ValidationError(
                _(
                    "We already have an application from this email address, sent on %(created_at)s. "
                    "It is waiting for a decision: you do not need to apply again."
                )
                % {"created_at": date_format(timezone.localtime(pending.created_at))}
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == JoinRequest.Kind.ORGANISATION:
            if not cleaned.get("organisation_name"):
                self.add_error("organisation_name", "Enter the name of your organisation")
            if not cleaned.get("sector"):
                self.add_error("sector", "Choose the type of organisation")
        return cleaned

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class ApproveForm(GOVUKForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Link to an existing organisation (optional)"),
        queryset=Organisation.objects.members().order_by("name"),
        required=False,
        empty_label=_("No: use the organisation named in the application"),
        help_text=_("An application for an organisation that is not a member yet creates it."),
    )
    role = forms.ChoiceField(
        label=_("Role in the partnership"), choices=Person.Role.choices, initial=Person.Role.REPRESENTATIVE
    )


class DeclineForm(CaseDataCheck, GOVUKForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("We email this to the applicant."),
        error_messages={"required": "Enter the reason, so the applicant knows why"},
    )


class ImportForm(GOVUKForm, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A .csv file saved as 'CSV UTF-8', up to 1 MB, with the column names in the first row."),
        error_messages={"required": "Choose a CSV file to check"},
    )

    def clean_file(self):
        try:
            return imports.read_csv_text(self.cleaned_data["file"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class _FilterForm(forms.Form):
    """A GET form above a list; rendered by members/_filters.html with GOV.UK classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            field.widget.attrs["class"] = css

    def apply(self, queryset):
        """The queryset narrowed by the valid filters; an invalid form filters nothing."""
        if not self.is_valid():
            return queryset
        return self.filter(queryset, self.cleaned_data)

    def filter(self, queryset, data):
        raise NotImplementedError


class PeopleFilterForm(_FilterForm):
    q = forms.CharField(label=_("Search by name, email, job title or organisation"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "Any sector"), *list(Sector.choices)], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "Any status"), *list(Person.Status.choices)], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "Any role"), *list(Person.Role.choices)], required=False)
    duty = forms.ChoiceField(
        label=_("Statutory Prevent duty"),
        choices=[("", "Either"), ("yes", "Carries the duty"), ("no", "Does not")],
        required=False,
    )

    def filter(self, people, data):
        if data["q"]:
            q = data["q"]
            people = people.filter(
                Q(name__icontains=q)
                | Q(email__icontains=q)
                | Q(job_title__icontains=q)
                | Q(organisation__name__icontains=q)
            )
        if data["sector"]:
            people = people.filter(organisation__sector=data["sector"])
        if data["status"]:
            people = people.filter(status=data["status"])
        if data["role"]:
            people = people.filter(role=data["role"])
        if data["duty"]:
            people = people.filter(organisation__has_prevent_duty=data["duty"] == "yes")
        return people


class DirectorySearchForm(_FilterForm):
    q = forms.CharField(label=_("Search by name, job title or organisation"), required=False)

    def filter(self, people, data):
        q = data["q"]
        if q:
            people = people.filter(
                Q(name__icontains=q) | Q(job_title__icontains=q) | Q(organisation__name__icontains=q)
            )
        return people


class OrganisationFilterForm(_FilterForm):
    q = forms.CharField(label=_("Search by name"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "Any sector"), *list(Sector.choices)], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "Any status"), *list(Organisation.Status.choices)], required=False
    )
    duty = forms.ChoiceField(
        label=_("Statutory Prevent duty"),
        choices=[("", "Either"), ("yes", "Carries the duty"), ("no", "Does not")],
        required=False,
    )

    def filter(self, organisations, data):
        if data["q"]:
            organisations = organisations.filter(name__icontains=data["q"])
        if data["sector"]:
            organisations = organisations.filter(sector=data["sector"])
        if data["status"]:
            organisations = organisations.filter(status=data["status"])
        if data["duty"]:
            organisations = organisations.filter(has_prevent_duty=data["duty"] == "yes")
        return organisations
