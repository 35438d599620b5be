from crispy_forms_gds.helper import FormHelper
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from common.concurrency import EditConflict


class GOVUKForm:
    """Mixin giving a form the GOV.UK layout. Templates render it inside their own <form> tag,
    with the error summary above the heading (includes/error_summary.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: on its field where the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def versioned_save(request, form, save, *, success):
    """Call `save` (a service with optimistic locking) for a valid form: (saved, changes).

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
    messages.success(request, success)
    return True, None


def save_form(request, form, save, *, success, redirect_to):
    """An edit view's POST: validate, call the service, turn conflicts and broken rules into form errors.

    Returns (response, changes): a redirect to `redirect_to()` once saved, else None and what another editor
    saved (for includes/conflict.html). A GET, or a form with errors, gives (None, []).
    """
    if request.method != "POST" or not form.is_valid():
        return None, []
    saved, changes = versioned_save(request, form, save, success=success)
    return (redirect(redirect_to()) if saved else None), changes or []
