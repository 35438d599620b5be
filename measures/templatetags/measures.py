"""`{{ value|with_unit:measure.unit }}`: a result as people write it, "78%", "12.5 referrals", "40"."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def with_unit(value, unit):
    if value is None:
        return ""
    number = floatformat(value, "-2")
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
