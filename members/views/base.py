"""Helpers the membership views share."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

PAGE_SIZE = 50


def offer_main_board(text, people_ids):
    """A success message offering to add new members to the main board, the ticked suggestions in the link.

    New members are not put on the board by themselves: the admin chooses, on the board's page, where adding
    them also invites them to the meetings to come. The link goes by URL name, so members never imports meetings.
    """
    url = reverse("meetings:main_board_members") + "?" + urlencode({"suggest": ",".join(map(str, people_ids))})
    link = '<a class="govuk-notification-banner__link" href="{}">Add them to the main board</a>'
    return format_html("{} " + link, text, url)
