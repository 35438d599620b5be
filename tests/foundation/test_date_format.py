"""Dates read the GOV.UK way ("8 December 2026") wherever a template prints one without a format."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation


def _render(source, **context):
    with translation.override("en-gb"):
        return Template(source).render(Context(context))


def test_a_date_printed_without_a_format_is_written_in_full():
    assert _render("{{ day }}", day=datetime.date(2026, 12, 8)) == "8 December 2026"
    assert _render("{{ day|date }}", day=datetime.date(2026, 12, 8)) == "8 December 2026"


def test_a_date_and_time_printed_without_a_format_is_written_in_full():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 8, 14, 30))
    assert _render("{{ moment }}", moment=moment) == "8 December 2026, 14:30"
