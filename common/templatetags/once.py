"""`{% once %}`: a form's one-time token, beside `{% csrf_token %}` in every POST form (a template builtin)."""

import uuid

from django import template
from django.utils.html import format_html

from common.middleware import ONCE_FIELD

register = template.Library()


@register.simple_tag
def once():
    """A fresh token each time the form is shown: sending the same page twice does the work once."""
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, uuid.uuid4())
