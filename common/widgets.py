"""The date and time inputs every form uses.

A browser's `<input type="date">` (and `time`, `datetime-local`) shows a value only when it is in ISO
form; Django would otherwise write the language's format (`08/12/2026` for en-gb), which the browser
drops, so an unchanged edit form would lose its dates. These widgets always write ISO values; the
fields still accept ISO input, as Django adds the ISO formats to every language's input formats.
tests/foundation/test_widgets.py fails if a form uses any other date or time widget.
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
