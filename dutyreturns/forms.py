"""Forms: validate and nothing else; the services hold the rules (and say which field broke one)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput
from members.models import Person

from .models import ChannelCategory, Dimension, Rating, ReturnPeriod, SharingAgreement

COUNT = forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"})


def _count(label, required=True):
    return forms.IntegerField(label=label, required=required, widget=COUNT)


class ReturnForm(CaseDataCheck, GOVUKForm, forms.Form):
    """A partner return: the period (when new), the Prevent lead, each training product's three counts, the
    sector's questions. Numbers below 0 are let through to the service, which names the field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, products, questions, new=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.products, self.questions = products, questions
        if new:
            self.fields["period"] = forms.ModelChoiceField(
                ReturnPeriod.objects.order_by("-start"), label=_("Period"), empty_label=None
            )
        self.fields["prevent_lead"] = forms.ModelChoiceField(
            Person.objects.active().filter(organisation=organisation),
            label=_("Prevent lead"),
            help_text=_("The member who leads on the Prevent duty in the organisation"),
        )
        for product in products:
            self.fields[f"p{product.pk}_in_scope"] = _count(_("%(p)s: staff in scope") % {"p": product.name})
            self.fields[f"p{product.pk}_completions"] = _count(
                _("%(p)s: completions in the period") % {"p": product.name}
            )
            self.fields[f"p{product.pk}_in_date"] = _count(
                _("%(p)s: staff in date (refreshed within %(m)s months)") % {"p": product.name,
                                                                             "m": product.refresher_months}
            )  # fmt: skip
        for question in questions:
            if question.is_count:
                self.fields[f"q{question.pk}"] = _count(question.text, required=False)
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
                )
        self.fields["notes"] = forms.CharField(
            label=_("Notes (optional)"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Totals and context only: never anything about a person referred"),
        )
        self.order_fields(["period", "prevent_lead"])
        self.refresh_layout()

    def training(self):
        d = self.cleaned_data
        return {p.pk: (d.get(f"p{p.pk}_in_scope"), d.get(f"p{p.pk}_completions"), d.get(f"p{p.pk}_in_date"))
                for p in self.products}  # fmt: skip

    def answers(self):
        d = self.cleaned_data
        return {
            q.pk: (d.get(f"q{q.pk}"), "") if q.is_count else (None, d.get(f"q{q.pk}") or "") for q in self.questions
        }


class QuarterForm(GOVUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("Financial year it starts in"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}))  # fmt: skip
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(n, f"Q{n}") for n in range(1, 5)], coerce=int)
    referrals = _count(_("Referrals received"))
    discussed = _count(_("Discussed at panel"))
    adopted = _count(_("Adopted as Channel cases"))
    closed = _count(_("Cases closed"))
    repeat_referrals = _count(_("Repeat referrals considered together"))
    reviews_6_due = _count(_("6-month reviews due"))
    reviews_6_on_time = _count(_("6-month reviews done on time"))
    reviews_12_due = _count(_("12-month reviews due"))
    reviews_12_on_time = _count(_("12-month reviews done on time"))
    signposted = _count(_("Below the threshold, signposted to other local support"))

    def __init__(self, *args, new=True, withheld=None, keyed_by="", **kwargs):
        """`withheld`: {field: stored small number} not shown to this admin (someone else keyed them): each field is
        left empty, and kept as stored unless a new number is entered."""
        super().__init__(*args, **kwargs)
        if not new:
            self.fields["year"].disabled = self.fields["quarter"].disabled = True
        self.categories = list(ChannelCategory.objects.filter(active=True))
        labels = dict(Dimension.choices)
        for category in self.categories:
            self.fields[f"c{category.pk}"] = _count(f"{labels[category.dimension]}: {category.label}", required=False)
        self.withheld = withheld or {}
        for name in self.withheld:
            field = self.fields[name]
            field.required = False
            field.help_text = _(
                "A number from 1 to 4 keyed by %(name)s, shown only to them. Leave it empty to keep it, or enter the "
                "figure again."
            ) % {"name": keyed_by or _("another admin")}
        self.refresh_layout()

    def _value(self, name):
        value = self.cleaned_data.get(name)
        return self.withheld[name] if value is None and name in self.withheld else value

    def figures(self):
        from .services import FIGURES

        return {name: self._value(name) for name in FIGURES}

    def counts(self):
        return {c.pk: self._value(f"c{c.pk}") for c in self.categories}


class StatementForm(CaseDataCheck, GOVUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = ratings
        for row in ratings:
            self.fields[f"r{row.pk}"] = forms.ChoiceField(
                label=_("%(a)s: rating") % {"a": row.area.title}, choices=[("", "Not rated"), *Rating.choices],
                required=False,
            )  # fmt: skip
            self.fields[f"e{row.pk}"] = forms.CharField(
                label=_("%(a)s: evidence") % {"a": row.area.title}, required=False, max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip
        self.refresh_layout()

    # An edit conflict (common.forms.versioned_save): the ratings are rows of their own, so no field-by-field merge;
    # the form keeps what this editor typed, takes the new version and says to check before saving again.
    def conflict_changes(self, current):
        return []

    def add_conflict_error(self, current):
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        self.add_error(
            None,
            _("Someone else saved this statement while you were editing it: your text is kept here. Check their "
              "changes on the statement's page, then save again."),
        )  # fmt: skip

    def rated(self):
        return {r.pk: (self.cleaned_data.get(f"r{r.pk}") or "", self.cleaned_data.get(f"e{r.pk}") or "")
                for r in self.ratings}  # fmt: skip


class SignForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_exempt = {"name": "the chief officer's own name, signing in their office"}

    name = forms.CharField(label=_("Name of the chief officer signing"), max_length=200)
    role = forms.CharField(label=_("Their role"), max_length=200, help_text=_("For example: Chief Executive"))


class PathwayForm(CaseDataCheck, GOVUKForm, forms.Form):
    body = forms.CharField(
        label=_("How to raise a concern locally"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000
    )
    review_date = forms.DateField(label=_("Review date"), widget=DateInput())


class AgreementForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SharingAgreement
        fields = ["organisation", "title", "parties", "legal_basis", "scope", "signed_date", "review_date"]
        widgets = {
            "signed_date": DateInput(),
            "review_date": DateInput(),
            "parties": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 4}),
        }
