"""`as_date`: a date kept as ISO text (the frozen fields of an approved board report version) back
into a date, so Django's `|date` can print it the GOV.UK way. Dates and anything else pass through."""

import datetime

from django import template

register = template.Library()


@register.filter
def as_date(value):
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
