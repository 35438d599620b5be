"""Dates the GOV.UK way ("8 December 2026") wherever a template prints a date without a format.

Django's own en_GB formats abbreviate the month ("8 Dec 2026"); its settings DATE_FORMAT is ignored
while a language is active, so the override lives here (settings FORMAT_MODULE_PATH). Input formats
are left to Django; date boxes use ISO values (common/widgets.py).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
