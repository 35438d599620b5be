"""Helpers the membership views share."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.forms import form_page

PAGE_SIZE = 50


def offer_main_board(text, people_ids):
    """A success message offering to add new members to the main board, the ticked suggestions in the link.

    New members are not put on the board by themselves: the admin chooses, on the board's page, where adding
    them also invites them to the meetings to come. The link goes by URL name, so members never imports meetings.
    """
    url = reverse("meetings:main_board_members") + "?" + urlencode({"suggest": ",".join(map(str, people_ids))})
    # Rendered by a template, so the message keeps its link (the messages framework keeps it marked safe).
    return render_to_string("members/_offer_main_board.html", {"text": text, "url": url})


# Adding, editing and ending an organisation or a person: the same pages for either record, each saved by a service
# and leading to the record's page (the URL named `detail`).


def add_page(request, form, create, *, added, title, cancel_url, detail):
    """Adding a record on members/form.html: `create()` is the service saving `form.instance`."""
    return form_page(
        request,
        form,
        create,
        success=added,
        redirect_to=lambda: reverse(detail, args=[form.instance.pk]),
        template="members/form.html",
        context={"title": title, "cancel_url": cancel_url},
    )


def edit_page(request, form, update, *, detail):
    """Editing a versioned record on members/form.html: `update(expected_version=...)` is the service, bound to the
    record; saved or cancelled, back to the record's page."""
    record = form.instance
    back = reverse(detail, args=[record.pk])
    return form_page(
        request,
        form,
        lambda: update(expected_version=form.cleaned_data["version"]),
        success=_("Changes saved."),
        redirect_to=lambda: back,
        template="members/form.html",
        context={"title": _("Edit %(name)s") % {"name": record.name}, "cancel_url": back},
    )


def end_page(request, record, form_class, end, *, already, success, template, detail):
    """Ending a record once, on `template` (which sees the record under its model's name, as a DetailView would):
    `end(**form.cleaned_data)` is the service, bound to the record. A record that `has_ended` goes back to its page
    with `already`; ended here, back to its page with `success`."""
    back = reverse(detail, args=[record.pk])
    if record.has_ended:
        messages.info(request, already)
        return redirect(back)
    form = form_class(request.POST or None)
    return form_page(
        request,
        form,
        lambda: end(**form.cleaned_data),
        success=success,
        redirect_to=lambda: back,
        template=template,
        context={record._meta.model_name: record, "cancel_url": back},
    )
