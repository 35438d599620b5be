"""Helpers the membership views share."""

from django.shortcuts import redirect

from common.forms import versioned_save

PAGE_SIZE = 50


def save_form(request, form, save, *, success, redirect_to):
    """Validate, call the service, turn conflicts and broken rules into form errors: (response or None, changes)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    saved, changes = versioned_save(request, form, save, success=success)
    return (redirect(redirect_to()) if saved else None), changes or []
