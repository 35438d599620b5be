"""Optimistic locking: two people editing the same record never silently overwrite each other.

Models that people edit carry a `version` integer. Forms send back the version they were loaded
with; `save_versioned` saves only if nobody has saved since, and raises EditConflict otherwise,
carrying the stored record so the form can show what changed.
"""

from django import forms
from django.db import transaction


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


class VersionedFormMixin(forms.Form):
    """Adds the hidden version field and can describe a conflict field by field."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.initial.setdefault("version", instance.version)

    def conflict_changes(self, current):
        """(label, their saved value, your value) for each field that differs."""
        changes = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(current, name):
                continue
            theirs = getattr(current, name)
            yours = self.cleaned_data.get(name)
            if hasattr(theirs, "all"):  # many-to-many
                theirs, yours = set(theirs.all()), set(yours or [])
            if theirs != yours:
                changes.append((field.label or name, theirs, yours))
        return changes

    def add_conflict_error(self, current):
        self.data = self.data.copy()
        self.data["version"] = current.version
        self.add_error(
            None,
            "Someone else saved this record while you were editing it. Their changes are shown below; "
            "your changes have been kept in the form. Check them and save again to keep yours.",
        )
