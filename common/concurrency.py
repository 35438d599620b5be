"""Optimistic locking: two people editing the same record never silently overwrite each other.

Models that people edit carry a `version` integer. Forms send back the version they were loaded
with; `save_versioned` saves only if nobody has saved since, and raises EditConflict otherwise,
carrying the stored record so the form can show what changed.

After a conflict the form is merged, field by field, against what it was opened with (carried in the
hidden `original` field): a field only the other person changed takes their value, so saving again never
puts back a stale value the second editor did not touch; a field only the second editor changed keeps
their input; a field both changed keeps the second editor's input and is flagged for them to check.
"""

import json

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.widgets import ChoiceWidget

SALT = "common.concurrency.original"
MISSING = object()


class _Serializer(signing.JSONSerializer):
    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":"), cls=DjangoJSONEncoder).encode("latin-1")


class EditConflict(Exception):
    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} was changed by someone else")
        self.current = current


@transaction.atomic
def save_versioned(instance, *, expected_version):
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    instance.version = current.version + 1
    instance.save()
    return instance


# What happened to a field another editor changed, as includes/conflict.html says it.
TAKEN = "Their value is now in the form"
BOTH = "You both changed it: your value is kept in the form. Check it before saving"


class VersionedFormMixin(forms.Form):
    """Adds the hidden version field (and what the form was opened with), and merges a conflict field by field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    original = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.initial.setdefault("version", instance.version)
        elif instance is not None:
            self.fields.pop("original")  # a new record: nobody else can have changed it
        # Worked out when the page is drawn (Django calls a callable initial then): subclasses set their fields'
        # starting values after this __init__.
        self.initial["original"] = lambda: self._sign(self._shown_values())

    def _merged_fields(self):
        return [name for name in self.fields if name not in ("version", "original") and not self.fields[name].disabled]

    def edited_values(self):
        """The cleaned data without the form's own concurrency fields: what a service creating a record takes."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "original")}

    def _shown_values(self):
        """The value each field starts with, as JSON can carry it (dates as ISO text, records by key)."""
        return {name: self._stored_value(name) for name in self._merged_fields()}

    @staticmethod
    def _sign(values):
        # No timestamp: the same record draws the same form, so an unchanged page reads the same each time.
        return signing.Signer(salt=SALT).sign_object(values, serializer=_Serializer, compress=True)

    def _originals(self):
        try:
            return signing.Signer(salt=SALT).unsign_object(
                self.data.get(self.add_prefix("original"), ""), serializer=_Serializer
            )
        except signing.BadSignature:
            return {}

    @staticmethod
    def _as_python(field, value):
        if isinstance(field, forms.ModelChoiceField):
            return value  # by key: has_changed compares keys, with no query
        try:
            return field.to_python(value)
        except forms.ValidationError:
            return MISSING

    def _differs(self, field, before, after_raw):
        if before is MISSING:
            return True
        return field.has_changed(_lines(before), _lines(after_raw))

    def conflict_changes(self, current):
        """Merge this (valid, stale) form with `current`, the record as the other editor saved it.

        Returns (label, their saved value, your value, what happened) for each field the other editor changed,
        and puts their value into the form wherever the second editor had left the field as it was.
        """
        originals = self._originals()
        data = self.data.copy()
        changes = []
        for name in self._merged_fields():
            field = self.fields[name]
            original = self._as_python(field, originals[name]) if name in originals else MISSING
            theirs = _lines(field.prepare_value(self.get_initial_for_field(field, name)))  # the record, loaded anew
            if original is not MISSING and not self._differs(field, original, theirs):
                continue  # the other editor left it alone: the second editor's value stands
            if not self._differs(field, theirs, self[name].data):
                continue  # both made the same change
            shown_theirs = self._shown(getattr(current, name) if hasattr(current, name) else theirs)
            if original is not MISSING and not self._differs(field, original, self[name].data):
                self._put(data, name, field, theirs)
                changes.append((field.label or name, shown_theirs, shown_theirs, TAKEN))
            else:
                # Changed by both (or a form from before `original` was sent): the second editor's input stands.
                changes.append((field.label or name, shown_theirs, self._shown(self.cleaned_data.get(name)), BOTH))
        self.data = data
        return changes

    @staticmethod
    def _shown(value):
        if hasattr(value, "all"):
            value = value.all()
        if hasattr(value, "__iter__") and not isinstance(value, str):
            return ", ".join(str(item) for item in value)
        return value

    def _put(self, data, name, field, value):
        key = self.add_prefix(name)
        widget = field.widget
        if isinstance(value, list | tuple | set):
            data.setlist(key, [str(getattr(item, "pk", item)) for item in value])
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif value is None:
            data[key] = ""
        elif isinstance(field, forms.ModelChoiceField) or isinstance(widget, ChoiceWidget):
            data[key] = str(value)
        else:
            formatted = widget.format_value(value)
            data[key] = "" if formatted is None else str(formatted)

    def add_conflict_error(self, current):
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        # From now on the form stands on the record as the other editor left it.
        self.data[self.add_prefix("original")] = self._sign(self._shown_values())
        self.add_error(
            None,
            "Someone else saved this record while you were editing it. What they changed is shown below: where you "
            "had left a field as it was, their value is now in the form; where you changed it, your value is kept. "
            "Check the form, then save again.",
        )

    def _stored_value(self, name):
        value = self.fields[name].prepare_value(self.get_initial_for_field(self.fields[name], name))
        if isinstance(value, list | tuple | set):
            return [getattr(item, "pk", item) for item in value]
        return _lines(getattr(value, "pk", value))


def _lines(value):
    """Text with its line breaks as stored or as a browser sends them (CRLF): the same text either way."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value
