from django import forms
from django.utils.translation import gettext_lazy as _

from common.casedata import CaseDataCheck
from common.forms import GOVUKForm
from meetings.models import Marking

from .models import Assessment, Confidence, Rating


class FrameworkImportForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    name = forms.CharField(max_length=200, initial="Prevent duty toolkit for local authorities")
    version = forms.CharField(max_length=40, help_text=_("For example, 2027"))
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: area, area_title, criterion, text, guidance. One row per criterion.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The CSV file must be smaller than 1 MB"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The CSV file must be saved as UTF-8 text")) from error


class CycleStartForm(GOVUKForm, forms.Form):
    year_label = forms.RegexField(
        label=_("Year"), regex=r"^\d{4}/\d{2}$", help_text=_("For example, 2026/27"),
        error_messages={"invalid": "Enter the year like 2026/27."},
    )  # fmt: skip


class AssessmentForm(CaseDataCheck, GOVUKForm, forms.ModelForm):
    rating = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(
        label=_("How confident are you in this rating?"), choices=Confidence.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Assessment
        fields = ["rating", "narrative", "not_applicable_reason", "confidence"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 6}),
            "not_applicable_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"not_applicable_reason": _("Only if you chose not applicable.")}


class SignOffForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    role_title = forms.CharField(
        label=_("Your role"), max_length=200, help_text=_("For example, Chair of the Prevent Partnership")
    )
    confirm = forms.BooleanField(
        label=_("I have read the assessment and agree it is a fair account of how we meet the Prevent duty"),
        error_messages={"required": "Confirm that you have read the assessment and agree with it."},
    )


class CorrectionForm(CaseDataCheck, GOVUKForm, forms.Form):
    reason = forms.CharField(label=_("Why does it need correcting?"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(CaseDataCheck, GOVUKForm, forms.Form):
    published = forms.BooleanField(label=_("Publish this summary on the public site"), required=False)
    public_summary = forms.CharField(
        label=_("Public summary"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. Say how well the partnership meets the Prevent duty, without sensitive detail."),
    )  # fmt: skip


class EvidenceSearchForm(GOVUKForm, forms.Form):
    q = forms.CharField(label=_("Search the app's records"), max_length=100, required=False)


class EvidenceUploadForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    document = forms.FileField(help_text=_("PDF, DOCX, XLSX, PPTX or ODT, smaller than 20 MB"))
    title = forms.CharField(max_length=300)
    marking = forms.ChoiceField(choices=Marking.choices, initial=Marking.OFFICIAL, widget=forms.RadioSelect)


class AnnualReportForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    addressee = forms.CharField(
        label=_("Addressed to"), max_length=200, help_text=_("For example, Health and Wellbeing Board")
    )
    responsible_officer = forms.CharField(max_length=200, required=False)
