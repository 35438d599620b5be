"""Forms for groups: a group's own details, and the standing items its meetings start with."""

from decimal import Decimal

from django import forms

from common.casedata import CaseDataCheck
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm

from .models import AgendaItem, Group, StandingItem


class GroupForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    quorum_fraction = forms.DecimalField(
        label="Quorum",
        min_value=Decimal("0.01"),
        max_value=Decimal("1"),
        decimal_places=2,
        help_text="The share of the group's member organisations that must be represented, as a decimal: "
        "0.33 for a third, 0.5 for half.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-4"}),
    )

    class Meta:
        model = Group
        fields = ["name", "description", "quorum_fraction", "is_main_board"]
        labels = {"is_main_board": "This is the partnership's main board"}
        help_texts = {"description": "What the group is for, shown on its page."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields.pop("version")
        board = Group.objects.filter(is_main_board=True).exclude(pk=self.instance.pk).first()
        if board is not None or self.instance.is_main_board:
            # One main board: offered only while there is none, and never taken away from the board itself.
            self.fields.pop("is_main_board")
        self.refresh_layout()


class StandingItemForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    case_data_confirmable = False

    purpose = forms.ChoiceField(choices=AgendaItem.Purpose.choices, widget=forms.RadioSelect)

    class Meta:
        model = StandingItem
        fields = ["position", "title", "presenter", "minutes_allowed", "purpose"]
        labels = {"minutes_allowed": "Time allowed (minutes)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields.pop("version")
        self.refresh_layout()
