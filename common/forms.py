from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from common.concurrency import EditConflict

DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
DJANGO_INVALID_DATE = {
    forms.DateField: str(forms.DateField.default_error_messages["invalid"]),
    forms.DateTimeField: str(forms.DateTimeField.default_error_messages["invalid"]),
    forms.TimeField: str(forms.TimeField.default_error_messages["invalid"]),
}
CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def _label_in_sentence(field, name):
    """The field's label as it reads mid-sentence: 'Job title' -> 'job title', but 'DSL email' stays."""
    label = str(field.label or name.replace("_", " ")).strip().rstrip(":")
    if label.endswith("?"):
        return label  # a question is quoted whole
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        label = label[0].lower() + label[1:]
    return label


def required_message(field, name):
    """What to say when a required field is left empty, naming the field (GOV.UK error message style)."""
    label = _label_in_sentence(field, name)
    verb = "Select" if isinstance(field, CHOSEN) else "Enter"
    if label.endswith("?"):
        return f"{verb} an answer to: {label}"
    return f"{verb} {label}"


def name_required_fields(form):
    """Replace Django's generic 'This field is required.' (and 'Enter a valid date.') with messages naming the field.

    Fields whose messages a form set itself are left alone. Fields this named before are named again, so a
    label changed in a subclass's __init__ is what the message says.
    """
    named = form.__dict__.setdefault("_named_fields", set())
    for name, field in form.fields.items():
        messages_ = field.error_messages
        if messages_.get("required") == DJANGO_REQUIRED or (name, "required") in named:
            messages_["required"] = required_message(field, name)
            named.add((name, "required"))
        for kind, default in DJANGO_INVALID_DATE.items():
            if type(field) is kind and (messages_.get("invalid") == default or (name, "invalid") in named):
                noun = {forms.DateField: "a date", forms.DateTimeField: "a date and time", forms.TimeField: "a time"}
                messages_["invalid"] = f"Enter {_label_in_sentence(field, name)} as {noun[kind]}"
                named.add((name, "invalid"))


class GOVUKForm:
    """Mixin giving a form the GOV.UK layout. Templates render it inside their own <form> tag,
    with the error summary above the heading (includes/error_summary.html).

    Every required field's message names the field ("Enter job title", "Select organisation"): set here once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refresh_layout()
        name_required_fields(self)

    def refresh_layout(self):
        """Draw the GOV.UK layout from the fields the form has now: call it again after `__init__` adds or removes
        fields, so the layout names only real ones and every added one."""
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"

    def full_clean(self):
        name_required_fields(self)  # again: a subclass may have changed labels or `required` after ours ran
        super().full_clean()


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: on its field where the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def versioned_save(request, form, save, *, success):
    """Call `save` (a service with optimistic locking) for a valid form: (saved, changes).

    `success` is the message, or a function giving it once saved (when it names what the save made).

    Saved: a success message is queued. Not saved: the edit conflict or the broken rule is on the
    form, and `changes` lists what the other editor saved (for includes/conflict.html), if anything.
    """
    try:
        save()
    except EditConflict as conflict:
        changes = form.conflict_changes(conflict.current)
        form.add_conflict_error(conflict.current)
        return False, changes
    except ValidationError as error:
        add_service_errors(form, error)
        return False, None
    messages.success(request, success() if callable(success) else success)
    return True, None


def make_read_only(form):
    """Show the form's values without letting anyone type: for a record the service would refuse to change."""
    for field in form.fields.values():
        field.disabled = True
    return form


def save_form(request, form, save, *, success, redirect_to, frozen=""):
    """An edit view's POST: validate, call the service, turn conflicts and broken rules into form errors.

    Returns (response, changes): a redirect to `redirect_to()` once saved, else None and what another editor
    saved (for includes/conflict.html). A GET, or a form with errors, gives (None, []). With `frozen` (why the
    record cannot change) nothing is saved: the page shows the form read-only under that reason.
    """
    if frozen:
        make_read_only(form)
        return None, []
    if request.method != "POST" or not form.is_valid():
        return None, []
    saved, changes = versioned_save(request, form, save, success=success)
    return (redirect(redirect_to()) if saved else None), changes or []


def form_page(request, form, save, *, success, redirect_to, template, context=None, frozen=""):
    """A whole one-form page: on a valid POST the service saves and the reader goes to `redirect_to()`; otherwise
    `template` shows the form (with its errors, and what another editor saved after a conflict) and `context`.
    `frozen` says why the record cannot change: the form is shown read-only under it, before anyone types."""
    from django.shortcuts import render

    response, changes = save_form(request, form, save, success=success, redirect_to=redirect_to, frozen=frozen)
    context = {**(context or {}), "form": form, "changes": changes, "frozen": frozen}
    return response or render(request, template, context)
