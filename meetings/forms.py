import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import dates, timezone
from django.utils.translation import gettext_lazy as _

from common import need_to_know, uploads
from common.casedata import CaseDataCheck
from common.casedata.identifiers import POSTCODE
from common.concurrency import VersionedFormMixin
from common.forms import GOVUKForm
from common.widgets import DateInput, TimeInput
from members.models import Organisation, Person, Sector

from .models import AgendaItem, Decision, Group, Invitation, Marking, Meeting, MeetingAction

LONDON = ZoneInfo("Europe/London")
DATE = DateInput()
TIME = TimeInput()
WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]
NTH = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]


MONTHS = list(dates.MONTHS.items())  # Django's month names, translated


class MeetingForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    date = forms.DateField(widget=DATE, help_text=_("For example, 10 March 2027"))
    start_time = forms.TimeField(widget=TIME, help_text=_("For example, 10:00"))
    end_time = forms.TimeField(widget=TIME, help_text=_("For example, 12:00"))
    joining_link = forms.URLField(label=_("Online joining link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["group", "title", "venue", "venue_postcode", "joining_link"]
        help_texts = {"venue_postcode": "For example, NP1 1AA. The venue's postcode goes here, not in its name."}

    field_order = ["group", "title", "date", "start_time", "end_time", "venue", "venue_postcode", "joining_link"]
    case_data_exempt = {"venue_postcode": "the venue's own postcode: a place, never a person's"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].empty_label = None
        if self.instance.pk:
            starts, ends = timezone.localtime(self.instance.starts_at), timezone.localtime(self.instance.ends_at)
            self.initial.update(date=starts.date(), start_time=starts.time(), end_time=ends.time())
        else:
            self.fields.pop("version")
            self.refresh_layout()

    def clean_venue_postcode(self):
        postcode = " ".join(self.cleaned_data["venue_postcode"].upper().split())
        if postcode and not POSTCODE.fullmatch(postcode):
            raise forms.ValidationError("Enter the venue's postcode like NP1 1AA")
        return postcode

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["starts_at"] = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=LONDON)
            data["ends_at"] = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=LONDON)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", "The end time must be after the start time")
        return data

    def values(self):
        data = self.cleaned_data
        return {
            "group": data["group"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "venue": data["venue"],
            "venue_postcode": data["venue_postcode"],
            "joining_link": data["joining_link"],
        }


class ScheduleYearForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    group = forms.ModelChoiceField(queryset=Group.objects.all(), empty_label=None)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    nth = forms.TypedChoiceField(label=_("Which week"), choices=NTH, coerce=int, initial=2)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAYS, coerce=int, initial=1)
    months = forms.TypedMultipleChoiceField(
        choices=MONTHS, coerce=int, initial=[3, 6, 9, 12], widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(widget=TIME, initial=datetime.time(10))
    end_time = forms.TimeField(widget=TIME, initial=datetime.time(12))
    venue = forms.CharField(required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", "The end time must be after the start time")
        return data


class StatusForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    status = forms.ChoiceField(
        choices=[
            (Meeting.Status.SCHEDULED, "Scheduled"),
            (Meeting.Status.POSTPONED, "Postponed"),
            (Meeting.Status.CANCELLED, "Cancelled"),
            (Meeting.Status.HELD, "Held"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason (shown to invitees)"),
        required=False,
        max_length=300,
        help_text="Needed to cancel or postpone the meeting: the email to invitees gives it.",
    )


class AgendaItemForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenter",
            "minutes_allowed",
            "purpose",
            "description",
            "marking",
            "is_confidential",
            "confidential_reason",
        ]
        labels = {"minutes_allowed": _("Time allowed (minutes)"), "is_confidential": _("Confidential item")}
        help_texts = {
            "description": _("Markdown is allowed."),
            "confidential_reason": _("Needed for a confidential item."),
        }
        widgets = {"purpose": forms.RadioSelect, "marking": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields.pop("version")
            self.refresh_layout()

    def clean(self):
        data = super().clean()
        if data.get("is_confidential") and not data.get("confidential_reason", "").strip():
            self.add_error("confidential_reason", "Enter the reason the item is confidential")
        return data


class PaperForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    file = forms.FileField(help_text=_("PDF, DOCX, XLSX, PPTX or ODT, smaller than 20 MB"))
    title = forms.CharField(required=False, max_length=300, help_text=_("Leave blank to use the file name"))
    marking = forms.ChoiceField(choices=Marking.choices, initial=Marking.OFFICIAL, widget=forms.RadioSelect)
    is_confidential = forms.BooleanField(label=_("Confidential paper"), required=False)
    confidential_reason = forms.CharField(required=False, max_length=300)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("is_confidential") and not data.get("confidential_reason", "").strip():
            self.add_error("confidential_reason", "Enter the reason the paper is confidential")
        return data


class PeopleForm(GOVUKForm, forms.Form):
    """Choose many people at once: ticked one by one, or everyone current at an organisation or in a sector."""

    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("People")
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Everyone from an organisation"),
        empty_label=_("None"),
    )
    sector = forms.ChoiceField(choices=[("", "None"), *Sector.choices], required=False, label=_("Everyone in a sector"))

    def __init__(self, *args, candidates, people_label="People", **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["people"].queryset = candidates
        self.fields["people"].label = people_label
        self.fields["people"].label_from_instance = lambda p: f"{p.name} ({p.organisation or 'individual member'})"
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=candidates.exclude(organisation=None).values("organisation")
        ).order_by("name")
        if not candidates.exists():
            self.fields.pop("organisation")
            self.fields.pop("sector")
            self.refresh_layout()

    def clean(self):
        data = super().clean()
        if not (data.get("people") or data.get("organisation") or data.get("sector")):
            raise forms.ValidationError(
                {"people": _("Select the people to add, or an organisation or a sector to add everyone from")}
            )
        return data

    def selected(self):
        """The people chosen, each once, in name order."""
        data = self.cleaned_data
        chosen = {person.pk: person for person in data.get("people") or []}
        if data.get("organisation"):
            chosen.update((p.pk, p) for p in self.candidates.filter(organisation=data["organisation"]))
        if data.get("sector"):
            chosen.update((p.pk, p) for p in self.candidates.filter(organisation__sector=data["sector"]))
        return sorted(chosen.values(), key=lambda p: p.name)


class ReminderOffsetsForm(GOVUKForm, forms.Form):
    offsets = forms.CharField(
        label=_("Days before each meeting to remind invitees"),
        required=False,
        help_text=_("Numbers of days separated by commas, for example 14, 2. Leave empty for no reminders."),
    )

    def clean_offsets(self):
        text = self.cleaned_data["offsets"]
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Enter whole numbers of days separated by commas, for example 14, 2"))
        days = [int(part) for part in parts]
        if any(day < 1 or day > 90 for day in days):
            raise forms.ValidationError(_("Each reminder must be between 1 and 90 days before the meeting"))
        return days


class ReplyForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False  # the public's form

    deputy_name = forms.CharField(label=_("Name of your deputy"), required=False, max_length=200)

    def __init__(self, *args, answer, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer = answer
        if answer != Invitation.Reply.DEPUTY:
            self.fields.pop("deputy_name")
            self.refresh_layout()

    def clean_deputy_name(self):
        name = self.cleaned_data["deputy_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the name of your deputy"))
        return name


class MyReplyForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[c for c in Invitation.Reply.choices if c[0] != Invitation.Reply.NO_REPLY],
        widget=forms.RadioSelect,
    )
    deputy_name = forms.CharField(label=_("Name of your deputy, if sending one"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("reply") == Invitation.Reply.DEPUTY and not data.get("deputy_name", "").strip():
            self.add_error("deputy_name", "Enter the name of your deputy")
        return data


class GuestForm(CaseDataCheck, GOVUKForm, forms.Form):
    case_data_confirmable = False

    name = forms.CharField(max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    role = forms.CharField(label=_("Role or reason for attending"), required=False, max_length=200)


class MinutesForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.Form):
    """General notes plus one Markdown field per agenda item (`item_<pk>`)."""

    summary = forms.CharField(label=_("General notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, version_obj, items, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = version_obj
        self.initial.setdefault("version", version_obj.version)
        self.initial.setdefault("summary", version_obj.summary)
        self.items = items
        for item in items:
            name = f"item_{item.pk}"
            label = f"{item.position}. {item.title}" + need_to_know.marking_words(item)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Markdown is allowed."),
            )
            self.initial.setdefault(name, notes.get(item.pk, ""))
        self.refresh_layout()

    def notes(self):
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


class DecisionForm(CaseDataCheck, GOVUKForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["item", "kind", "text"]
        labels = {"item": _("Agenda item"), "kind": _("Type"), "text": _("Decision or recommendation agreed")}
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("position")
        self.fields["item"].required = False


class ApproveForm(GOVUKForm, forms.Form):
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), label=_("Meeting at which the minutes were approved"), empty_label=None
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # A later meeting that has taken place: minutes are approved at the next meeting, never before.
        self.fields["at_meeting"].queryset = (
            Meeting.objects.filter(group=meeting.group, starts_at__gt=meeting.starts_at, starts_at__lte=timezone.now())
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )
        # Minutes are approved at the next meeting: the first one after theirs that has taken place.
        self.next_meeting = self.fields["at_meeting"].queryset.first()
        self.fields["at_meeting"].initial = self.next_meeting


class CorrectionForm(CaseDataCheck, GOVUKForm, forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_date", "item", "status", "completion_note"]
        labels = {"owner": _("Owner"), "item": _("Agenda item"), "completion_note": _("Note")}
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(status=Person.Status.ACTIVE).select_related(
            "organisation"
        )
        self.fields["owner"].label_from_instance = lambda p: f"{p.name} ({p.organisation or 'individual'})"
        self.fields["item"].queryset = meeting.items.order_by("position")
        self.fields["item"].required = False
        if not self.instance.pk:
            self.fields.pop("version")
            self.fields.pop("status")
            self.fields.pop("completion_note")
            self.refresh_layout()


class ActionDoneForm(CaseDataCheck, GOVUKForm, VersionedFormMixin, forms.Form):
    completion_note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ActionProgressForm(CaseDataCheck, GOVUKForm, forms.Form):
    note = forms.CharField(
        label="Progress since the action was agreed, or since your last update",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    done = forms.BooleanField(label="This action is done", required=False)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *MeetingAction.Status.choices], required=False)
    organisation = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("Any organisation"))
    meeting = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("Any meeting"))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        from members.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["meeting"].queryset = (
            Meeting.objects.exclude(status=Meeting.Status.DRAFT).select_related("group").order_by("-starts_at")
        )
        for name in ("organisation", "meeting"):
            self.fields[name].widget.attrs["class"] = "govuk-select"


class AttendanceReportForm(forms.Form):
    """The report's filters: a municipal year (April to March, named by the year it starts) and a group."""

    year = forms.TypedChoiceField(coerce=int, label="Municipal year", required=False)
    group = forms.ModelChoiceField(
        queryset=Group.objects.order_by("-is_main_board", "name"), required=False, empty_label="All groups together"
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}/{(year + 1) % 100:02d}") for year in years]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


class AttendanceForm(CaseDataCheck, GOVUKForm, forms.Form):
    """One invitee's attendance; the hidden invitation id ties the row to its invitee whatever the order."""

    case_data_confirmable = False

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    attendance = forms.ChoiceField(
        choices=Invitation.Attendance.choices, widget=forms.Select(attrs={"class": "govuk-select"})
    )
    deputy_name = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"class": "govuk-input"})
    )


class BaseAttendanceFormSet(forms.BaseFormSet):
    """A row per invitee of one meeting, prefilled with what is recorded, or else with what they replied.

    An invitee who said they would come starts as present, one sending a deputy as "deputy attended" with the
    deputy's name, one who sent apologies as apologies; so the officer only changes the rows that differ.
    """

    FROM_REPLY = {
        Invitation.Reply.ATTENDING: Invitation.Attendance.PRESENT,
        Invitation.Reply.DEPUTY: Invitation.Attendance.DEPUTY,
        Invitation.Reply.APOLOGIES: Invitation.Attendance.APOLOGIES,
    }

    def __init__(self, data=None, *, invitations, **kwargs):
        self.invitations = {invitation.pk: invitation for invitation in invitations}
        initial = [
            {
                "invitation": invitation.pk,
                "attendance": self._expected(invitation),
                "deputy_name": invitation.attended_deputy_name or invitation.deputy_name,
            }
            for invitation in invitations
        ]
        super().__init__(data, initial=initial, prefix="attendance", **kwargs)

    @classmethod
    def _expected(cls, invitation):
        if invitation.attendance != Invitation.Attendance.NOT_RECORDED:
            return invitation.attendance
        return cls.FROM_REPLY.get(invitation.reply, Invitation.Attendance.NOT_RECORDED)

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            if form.cleaned_data.get("invitation") not in self.invitations:
                raise forms.ValidationError(_("The list of invitees has changed: check the attendance and save again"))

    @property
    def rows(self):
        """(invitation, form) for each form whose invitee is still invited."""
        rows = []
        for form in self.forms:
            value = form["invitation"].value()
            invitation = self.invitations.get(int(value)) if str(value).isdigit() else None
            if invitation is not None:
                rows.append((invitation, form))
        return rows

    @property
    def records(self):
        """{invitation id: (attendance, deputy name)} for the service; only on a valid formset."""
        return {
            form.cleaned_data["invitation"]: (form.cleaned_data["attendance"], form.cleaned_data["deputy_name"])
            for form in self.forms
        }

    @property
    def problems(self):
        messages = list(self.non_form_errors())
        for invitation, form in self.rows:
            messages += [f"{invitation.person.name}: {error}" for error in form.errors.get("attendance", [])]
            messages += [f"{invitation.person.name}: {error}" for error in form.errors.get("deputy_name", [])]
        return messages


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=0)
