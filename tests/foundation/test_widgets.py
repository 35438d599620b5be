"""Date and time boxes show their values: every form uses common.widgets, which writes ISO values.

A browser shows an `<input type="date">` only when its value is ISO (2026-12-08); Django's own
widgets write the language's format (08/12/2026), so the box came up empty and an unchanged save
lost the date.
"""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import timezone, translation

from common import widgets

APPS = ["common", "members", "meetings", "actionplans"]
OURS = (widgets.DateInput, widgets.TimeInput, widgets.DateTimeInput)
TEMPORAL_FIELDS = (forms.DateField, forms.TimeField, forms.DateTimeField)
TEMPORAL_WIDGETS = (forms.DateInput, forms.TimeInput, forms.DateTimeInput)


def _import_every_module():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms():
    _import_every_module()
    found = {cls for cls in _subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in APPS}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _is_temporal(field):
    widget = field.widget
    return (
        isinstance(field, TEMPORAL_FIELDS)
        or isinstance(widget, TEMPORAL_WIDGETS)
        or widget.attrs.get("type") in {"date", "time", "datetime-local"}
    )


def test_the_walk_finds_the_forms_with_dates():
    names = {cls.__qualname__ for cls in _project_forms()}
    assert {"MeetingForm", "PersonForm", "BoardReportForm", "AuditFilterForm"} <= names


def test_every_date_or_time_field_uses_a_widget_from_common_widgets():
    wrong = [
        f"{cls.__module__}.{cls.__qualname__}.{name}: {type(field.widget).__module__}.{type(field.widget).__name__}"
        for cls in _project_forms()
        for name, field in cls.base_fields.items()
        if _is_temporal(field) and type(field.widget) not in OURS
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        (widgets.DateInput(), datetime.date(2026, 12, 8), 'type="date" name="when" value="2026-12-08"'),
        (widgets.TimeInput(), datetime.time(9, 30), 'type="time" name="when" value="09:30"'),
        (
            widgets.DateTimeInput(),
            datetime.datetime(2026, 12, 8, 9, 30),
            'type="datetime-local" name="when" value="2026-12-08T09:30"',
        ),
    ],
)
def test_the_widgets_write_iso_values_whatever_the_language(widget, value, expected):
    with translation.override("en-gb"):
        assert expected in widget.render("when", value)


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        (forms.DateField(widget=widgets.DateInput()), "2026-12-08", datetime.date(2026, 12, 8)),
        (forms.TimeField(widget=widgets.TimeInput()), "09:30", datetime.time(9, 30)),
        (
            forms.DateTimeField(widget=widgets.DateTimeInput()),
            "2026-12-08T09:30",
            datetime.datetime(2026, 12, 8, 9, 30),
        ),
    ],
)
def test_the_fields_read_back_what_the_widgets_write(field, text, expected):
    with translation.override("en-gb"):
        value = field.clean(text)
    if isinstance(value, datetime.datetime):
        value = timezone.make_naive(value)
    assert value == expected
